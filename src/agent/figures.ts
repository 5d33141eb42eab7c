/**
 * The figures of one run, whoever reports them: the loop's result, the attempts layer's total, a
 * subagent's end, a finished trajectory read back. One type, one mapper to the end events, one back.
 */
import type { EndFigures, RunEndEvent, SubtaskEndEvent } from './events';

/** A run's result: its end figures, less `answered` (an answer is there or not), plus its id, answer and attempt. */
export interface RunFigures extends Omit<EndFigures, 'answered'> {
  runId: string;
  answer?: string;
  /** Which attempt gave this result (set by the attempts layer when a run may make more than one). */
  attempt?: number;
}

function endFigures(f: RunFigures): EndFigures {
  return {
    stopReason: f.stopReason,
    answered: f.answer !== undefined,
    turns: f.turns,
    toolCalls: f.toolCalls,
    usage: f.usage,
    elapsedMs: f.elapsedMs,
    ...(f.error ? { error: f.error } : {}),
  };
}

/** The run's run_end event. */
export function runEndOf(f: RunFigures): RunEndEvent {
  return { type: 'run_end', ...endFigures(f), ...(f.attempt !== undefined ? { attempt: f.attempt } : {}) };
}

/** A subagent's subtask_end event (its answer travels with it). */
export function subtaskEndOf(f: RunFigures, callId: string): SubtaskEndEvent {
  return {
    type: 'subtask_end',
    callId,
    childRunId: f.runId,
    ...endFigures(f),
    ...(f.answer !== undefined ? { answer: f.answer } : {}),
  };
}

/** The figures an end event recorded (a trajectory read back); `answer` is the run's final answer, if any. */
export function figuresOf(runId: string, e: RunEndEvent | SubtaskEndEvent, answer?: string): RunFigures {
  const recorded = answer ?? (e.type === 'subtask_end' ? e.answer : undefined);
  return {
    runId,
    ...(recorded !== undefined ? { answer: recorded } : {}),
    stopReason: e.stopReason,
    turns: e.turns,
    toolCalls: e.toolCalls,
    usage: e.usage,
    elapsedMs: e.elapsedMs,
    ...(e.error ? { error: e.error } : {}),
    ...(e.type === 'run_end' && e.attempt !== undefined ? { attempt: e.attempt } : {}),
  };
}

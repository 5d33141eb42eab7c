/**
 * Reads a trajectory written by the attempts layer back: which attempt was under way, the summaries
 * of the earlier ones, the current attempt's own events (for the loop to resume from), the figures of
 * the attempts already summarised, and the result when the run had already answered.
 */
import type { AgentEvent, AttemptSummaryEvent, RunStartEvent } from '../events';
import { figuresOf, type RunFigures } from '../figures';
import { NO_USAGE, addUsage } from '../usage';

export interface Tally {
  turns: number;
  toolCalls: number;
  usage: RunFigures['usage'];
}

export interface PriorAttempts {
  start: RunStartEvent | undefined;
  /** The attempt the trajectory was in (1 when it names none). */
  attempt: number;
  /** That attempt already has its summary: the next one starts. */
  summarized: boolean;
  summaries: AttemptSummaryEvent[];
  /** The current attempt's events, run_start / run_end left out. */
  slice: AgentEvent[];
  /** Figures of the summarised attempts. */
  tally: Tally;
  nextSeq: number;
  finished?: RunFigures;
}

export function readPriorAttempts(events: readonly AgentEvent[]): PriorAttempts {
  const p: PriorAttempts = {
    start: undefined,
    attempt: 1,
    summarized: false,
    summaries: [],
    slice: [],
    tally: { turns: 0, toolCalls: 0, usage: NO_USAGE },
    nextSeq: 0,
  };
  let answer: string | undefined;
  for (const e of events) {
    p.nextSeq = Math.max(p.nextSeq, e.seq + 1);
    switch (e.type) {
      case 'run_start':
        p.start ??= e;
        break;
      case 'attempt_start':
        p.attempt = e.attempt;
        p.slice = [];
        p.summarized = false;
        break;
      case 'attempt_summary':
        p.summaries.push(e);
        p.summarized = e.attempt === p.attempt;
        p.tally = { turns: p.tally.turns + e.turns, toolCalls: p.tally.toolCalls + e.toolCalls, usage: addUsage(p.tally.usage, e.usage) };
        break;
      case 'attempt_summary_edited': {
        const edited = p.summaries.find((x) => x.attempt === e.attempt);
        if (edited) p.summaries[p.summaries.indexOf(edited)] = { ...edited, summary: e.summary };
        break;
      }
      case 'run_end':
        if (e.answered && answer !== undefined) p.finished = figuresOf(p.start?.runId ?? '', e, answer);
        break;
      case 'final_answer':
        answer = e.text;
        p.slice.push(e);
        break;
      default:
        p.slice.push(e);
    }
  }
  return p;
}

/** The attempts a run makes: what its trajectory recorded when resuming one, else what was asked. */
export function attemptsFor(requested: number, resume: readonly AgentEvent[] | undefined): number {
  const start = resume?.find((e) => e.type === 'run_start');
  const recorded = start?.type === 'run_start' ? start.attempts : undefined;
  return Math.max(1, Math.floor(recorded ?? requested));
}

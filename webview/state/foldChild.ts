/**
 * A research_subtask's child run folded into the row of the call that started it: live counters and
 * its latest steps. O(1) per event. Grandchildren (deeper subtasks) count only as their parent's steps.
 */
import type { AgentEvent } from '../../src/agent/events';
import type { RowBook } from './rowBook';
import { CHILD_STEPS_SHOWN, num, statusOf, asText, type ChildView, type HeaderState, type ToolRow } from './rows';

type Ev<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;

export function childStarted(e: Ev<'subtask_start'>, book: RowBook): void {
  const i = book.toolOf(asText(e.callId));
  if (i === undefined) return;
  const row = book.rows[i] as ToolRow;
  row.child = {
    childRunId: asText(e.childRunId),
    question: asText(e.question),
    focus: asText(e.focus),
    status: 'queued',
    turns: 0,
    toolCalls: 0,
    tokens: 0,
    maxToolCalls: num(e.maxToolCalls),
    steps: [],
    answer: '',
    error: '',
    open: false,
  };
  book.setChild(asText(e.childRunId), i);
  book.changed(i);
}

/** Returns whether the header changed (the child's tokens count as the run's while it goes on). */
export function childEvent(e: Ev<'subtask_event'>, book: RowBook, h: HeaderState): boolean {
  const i = book.childOf(asText(e.childRunId));
  const inner = e.event;
  if (i === undefined || !inner || typeof inner !== 'object') return false;
  const child = (book.rows[i] as ToolRow).child;
  if (!child) return false;
  const header = applyChildEvent(child, inner, h);
  if (inner.type !== 'text_delta') book.changed(i);
  return header;
}

function applyChildEvent(child: ChildView, inner: AgentEvent, h: HeaderState): boolean {
  switch (inner.type) {
    case 'run_start':
      child.status = 'running';
      return false;
    case 'turn_start':
      child.turns = Math.max(child.turns, num(inner.turn));
      return false;
    case 'tool_call':
      child.toolCalls++;
      step(child, `${asText(inner.call?.name)} ${firstLine(asText(inner.call?.arguments))}`);
      return false;
    case 'tool_result':
      if (inner.isError) step(child, `  ✗ ${firstLine(asText(inner.content))}`);
      return false;
    case 'assistant_message':
      if (!inner.usage) return false;
      child.tokens += num(inner.usage.promptTokens) + num(inner.usage.completionTokens);
      h.promptTokens += num(inner.usage.promptTokens);
      h.completionTokens += num(inner.usage.completionTokens);
      return true;
    case 'final_answer':
      child.answer = asText(inner.text);
      return false;
    case 'run_end':
      child.status = statusOf(inner.stopReason, !!inner.answered);
      child.error = asText(inner.error);
      child.toolCalls = num(inner.toolCalls) || child.toolCalls;
      return false;
    default:
      return false;
  }
}

export function childEnded(e: Ev<'subtask_end'>, book: RowBook): void {
  const i = book.childOf(asText(e.childRunId));
  if (i === undefined) return;
  const child = (book.rows[i] as ToolRow).child;
  if (!child) return;
  child.status = statusOf(e.stopReason, !!e.answered);
  child.turns = num(e.turns) || child.turns;
  child.toolCalls = num(e.toolCalls) || child.toolCalls;
  child.tokens = num(e.usage?.promptTokens) + num(e.usage?.completionTokens) || child.tokens;
  if (e.answer !== undefined) child.answer = asText(e.answer);
  child.error = asText(e.error);
  book.changed(i);
}

function step(child: ChildView, line: string): void {
  child.steps.push(line.slice(0, 200));
  if (child.steps.length > CHILD_STEPS_SHOWN) child.steps.shift();
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return (nl >= 0 ? s.slice(0, nl) : s).slice(0, 160);
}

/**
 * A research session in the panel (src/agent/session): each question is a turn of rows; a follow-up
 * (session_turn) collapses the earlier turns to their question and answer; the header counts the
 * session's tool calls and tokens across its turns. Events are untrusted: every field is read defensively.
 */
import type { AgentEvent } from '../../src/agent/events';
import type { RowBook } from './rowBook';
import { asText, num, type HeaderState } from './rows';

type Ev<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;

/** A run began: the session's first question opens turn 1; a follow-up's run says what its record carries. */
export function runStarted(e: Ev<'run_start'>, book: RowBook): void {
  if (book.turns.length === 0) book.startTurn(asText(e.question));
  const s = e.session;
  if (!s || e.resumed) return;
  const whole = num(s.wholeTurns);
  const carried = [
    whole
      ? `${whole === 1 ? 'the earlier question' : `${whole} earlier questions`} and ${whole === 1 ? 'its answer' : 'their answers'}`
      : '',
    num(s.foldedThrough) ? `a summary of questions 1–${num(s.foldedThrough)}` : '',
    num(s.excerpts) ? `${num(s.excerpts)} cited excerpt${num(s.excerpts) === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  book.push({
    kind: 'note',
    icon: 'history',
    text: `Started from the session so far: ${carried.join(', ') || 'nothing to carry'} (~${num(s.recordTokens).toLocaleString('en-US')} of ${num(s.recordBudget).toLocaleString('en-US')} tokens)`,
  });
}

export function sessionTurn(e: Ev<'session_turn'>, book: RowBook, h: HeaderState): boolean {
  book.startTurn(asText(e.question));
  h.sessionTurn = book.turns.length;
  h.base = { toolCalls: h.toolCalls, promptTokens: h.promptTokens, completionTokens: h.completionTokens };
  h.turn = 0;
  h.attempt = 0;
  h.attempts = 0;
  h.summaryReview = undefined;
  h.status = 'running';
  return true;
}

export function sessionFolded(e: Ev<'session_folded'>, book: RowBook, h: HeaderState): boolean {
  const through = num(e.through);
  const which = through === 1 ? 'Question 1 was' : `Questions 1–${through} were`;
  book.push({
    kind: 'note',
    icon: 'fold',
    text: `${which} folded into one summary for the follow-up: the session outgrew its record's budget${e.mechanical ? ' (made without the model, which could not be reached)' : ''}`,
  });
  const prompt = num(e.usage?.promptTokens);
  const completion = num(e.usage?.completionTokens);
  h.promptTokens += prompt;
  h.completionTokens += completion;
  h.base = { ...h.base, promptTokens: h.base.promptTokens + prompt, completionTokens: h.base.completionTokens + completion };
  return true;
}

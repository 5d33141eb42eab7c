/**
 * Events into rows: one reducer per event type, each O(1) (a context trim of k calls is O(k)).
 * Every reducer returns whether the header changed. The table names every event type, so a new
 * event in src/agent/events.ts does not compile until it says how the panel shows it.
 */
import type { AgentEvent } from '../../src/agent/events';
import type { RowBook } from './rowBook';
import { foldBudget } from '../budgetState';
import { validCitations } from '../citationData';
import { consentText } from './consentText';
import { childEnded, childEvent, childStarted } from './foldChild';
import { runStarted, sessionFolded, sessionTurn } from './foldSession';
import { argsAsLines, num, statusOf, asText, type HeaderState, type ThinkingRow, type ToolRow } from './rows';

type Reducer<T extends AgentEvent['type']> = (e: Extract<AgentEvent, { type: T }>, book: RowBook, h: HeaderState) => boolean;
type Reducers = { [T in AgentEvent['type']]: Reducer<T> };

function toolRow(book: RowBook, callId: string, turn: number, name: string, args: string): number {
  const i = book.push({ kind: 'tool', turn, callId, name, args, result: undefined, trimmed: false, argsOpen: false, resultOpen: false });
  book.setTool(callId, i);
  return i;
}

const REDUCERS: Reducers = {
  run_start(e, book, h) {
    if (e.resumed && book.rows.length > 0) book.push({ kind: 'resume' });
    else h.elapsedBase = 0;
    runStarted(e, book);
    h.runId = asText(e.runId) || h.runId;
    // The header names the session by its first question; a follow-up's shows on its turn.
    if (!e.session) h.question = asText(e.question) || h.question;
    h.model = asText(e.model);
    h.maxTurns = num(e.settings?.maxTurns);
    h.startT = e.t;
    h.elapsedMs = undefined;
    h.status = 'running';
    h.stopRequested = false;
    h.instructions = Array.isArray(e.instructions) ? e.instructions.filter((x): x is string => typeof x === 'string').slice(0, 8) : [];
    return true;
  },
  turn_start(e, _book, h) {
    h.turn = Math.max(h.turn, num(e.turn));
    return true;
  },
  text_delta(e, book) {
    const { i, row } = book.thinking(e.turn);
    if (e.kind === 'reasoning') row.reasoning += asText(e.text);
    else row.text += asText(e.text);
    row.streaming = true;
    book.changed(i);
    return false;
  },
  assistant_message(e, book, h) {
    const text = asText(e.text);
    const reasoning = asText(e.reasoning);
    const note = asText(e.note);
    if (book.thinkingOf(e.turn) !== undefined || text || reasoning || note) {
      const { i, row } = book.thinking(e.turn);
      Object.assign(row, { text, reasoning, note, streaming: false });
      book.changed(i);
    }
    if (e.usage) {
      h.promptTokens += num(e.usage.promptTokens);
      h.completionTokens += num(e.usage.completionTokens);
      h.tokensEstimated ||= !!e.usage.estimated;
    }
    h.turn = Math.max(h.turn, num(e.turn));
    return true;
  },
  tool_call(e, book, h) {
    const call = e.call ?? { id: '', name: '?', arguments: '' };
    toolRow(book, asText(call.id), e.turn, asText(call.name), argsAsLines(asText(call.arguments), e.args));
    h.toolCalls++;
    return true;
  },
  tool_result(e, book) {
    const i = book.toolOf(asText(e.callId)) ?? toolRow(book, asText(e.callId), e.turn, asText(e.name), '');
    (book.rows[i] as ToolRow).result = {
      content: asText(e.content),
      isError: !!e.isError,
      durationMs: num(e.durationMs),
      cutChars: num(e.cutChars),
      repeatOf: num(e.repeatOf),
    };
    book.changed(i);
    return false;
  },
  approval(e, book) {
    book.push({ kind: 'consent', approved: !!e.approved, text: consentText(e) });
    return false;
  },
  turn_redo(e, book) {
    // A reply the agent threw away: its streamed text goes, the turn's next reply streams afresh.
    const i = book.thinkingOf(e.turn);
    if (i !== undefined) {
      Object.assign(book.rows[i], { text: '', reasoning: '' });
      book.changed(i);
    }
    return false;
  },
  // The budget's figures and its pause live in the header (budgetState.ts folds them for every event).
  budget_paused: () => false,
  budget_resumed: () => false,
  retry(e, book) {
    const i = book.thinkingOf(e.turn);
    if (i !== undefined) {
      // The failed attempt's text is dropped; the next attempt streams into a fresh row.
      Object.assign(book.rows[i], { text: '', reasoning: '', streaming: false, hidden: true });
      book.forgetThinking(e.turn);
      book.changed(i);
    }
    book.push({ kind: 'retry', turn: e.turn, attempt: num(e.attempt), delayMs: num(e.delayMs), reason: asText(e.reason) });
    return false;
  },
  context_trimmed(e, book) {
    const ids = Array.isArray(e.callIds) ? e.callIds : [];
    for (const id of ids) {
      const i = book.toolOf(id);
      if (i === undefined) continue;
      (book.rows[i] as ToolRow).trimmed = true;
      book.changed(i);
    }
    book.push({ kind: 'trim', turn: e.turn, count: ids.length, kept: num(e.keptResults) });
    return false;
  },
  final_answer(e, book, h) {
    const text = asText(e.text);
    // The final turn's text usually is the answer: show it once, in the answer row.
    const ti = book.thinkingOf(e.turn);
    if (ti !== undefined && text.trim()) {
      const row = book.rows[ti] as ThinkingRow;
      if (row.text.includes(text.trim())) {
        row.text = row.text.replace(text.trim(), '').trim();
        row.hidden = !row.text && !row.reasoning && !row.note;
        book.changed(ti);
      }
    }
    const cited = book.lastCitations?.turn === e.turn ? { citations: book.lastCitations.list } : {};
    book.push({ kind: 'answer', turn: e.turn, text, ...cited });
    h.hasAnswer = true;
    return true;
  },
  citation_report(e, book) {
    book.lastCitations = { turn: e.turn, list: validCitations(e.citations) };
    return false;
  },
  attempt_start(e, book, h) {
    h.summaryReview = undefined;
    book.newAttempt();
    h.attempt = num(e.attempt);
    h.attempts = num(e.of);
    h.turn = 0;
    book.push({ kind: 'attempt', attempt: num(e.attempt), of: num(e.of) });
    return true;
  },
  attempt_summary(e, book, h) {
    const reason = (['max_turns', 'context_limit', 'no_answer', 'gave_up'] as const).find((r) => r === e.reason) ?? '';
    book.push({
      kind: 'attemptSummary',
      attempt: num(e.attempt),
      outcome: asText(e.outcome),
      reason,
      summary: asText(e.summary),
      open: true,
    });
    const wait = num(e.review?.autoStartMs);
    h.summaryReview = wait > 0 ? { attempt: num(e.attempt), summary: asText(e.summary), autoStartMs: wait } : undefined;
    return true;
  },
  attempt_summary_edited(e, book, h) {
    let i = book.rows.length - 1;
    while (i >= 0 && !(book.rows[i].kind === 'attemptSummary' && (book.rows[i] as { attempt: number }).attempt === num(e.attempt))) i--;
    const row = book.rows[i];
    if (row?.kind === 'attemptSummary') {
      row.summary = asText(e.summary);
      row.edited = true;
      book.changed(i);
    }
    h.summaryReview = undefined;
    return true;
  },
  subtask_start(e, book) {
    childStarted(e, book);
    return false;
  },
  subtask_event: childEvent,
  subtask_end(e, book) {
    childEnded(e, book);
    return false;
  },
  session_turn: sessionTurn,
  session_folded: sessionFolded,
  run_end(e, book, h) {
    h.summaryReview = undefined;
    // A stop or an error can end a turn mid-stream: its text stays, its spinner goes.
    for (const i of book.thinkingRows()) {
      const row = book.rows[i] as ThinkingRow;
      if (!row.streaming) continue;
      row.streaming = false;
      book.changed(i);
    }
    const elapsed = num(e.elapsedMs);
    book.push({
      kind: 'end',
      stopReason: e.stopReason,
      answered: !!e.answered,
      turns: num(e.turns),
      toolCalls: num(e.toolCalls),
      elapsedMs: h.elapsedBase + elapsed,
      error: asText(e.error),
    });
    h.status = statusOf(e.stopReason, !!e.answered);
    // With attempts the header counts the last attempt's turns against the per-attempt cap; run_end's figure is the sum.
    if (h.attempts <= 1) h.turn = Math.max(h.turn, num(e.turns));
    // A run's end reports its own turn; the header counts the whole session.
    h.toolCalls = num(e.toolCalls) ? h.base.toolCalls + num(e.toolCalls) : h.toolCalls;
    if (e.usage) {
      h.promptTokens = h.base.promptTokens + num(e.usage.promptTokens);
      h.completionTokens = h.base.completionTokens + num(e.usage.completionTokens);
      h.tokensEstimated = !!e.usage.estimated;
    }
    h.elapsedBase += elapsed;
    h.elapsedMs = h.elapsedBase;
    h.stopRequested = false;
    return true;
  },
};

/** Folds one event into the rows and header; returns whether the header changed. Unknown types change nothing. */
export function foldEvent(e: AgentEvent, book: RowBook, h: HeaderState): boolean {
  if (typeof e.t === 'number') h.lastT = e.t;
  const budgetChanged = foldBudget(h.budget, e);
  // The type comes from a message: only the table's own keys (never `constructor`, `__proto__` …).
  if (typeof e.type !== 'string' || !Object.hasOwn(REDUCERS, e.type)) return budgetChanged;
  return (REDUCERS[e.type] as Reducer<AgentEvent['type']>)(e as never, book, h) || budgetChanged;
}

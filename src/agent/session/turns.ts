/**
 * A research session read from its events: one trajectory whose first run is turn 1 and whose every
 * follow-up begins with a session_turn event. A file written before sessions existed is a session of
 * one turn. Pure: the events come in, the turns come out.
 */
import type { AgentEvent, SessionFoldedEvent, StopReason } from '../events';
import type { CheckedCitation } from '../citations/types';

export interface SessionTurn {
  /** 1 for the run the session began with. */
  turn: number;
  question: string;
  /** Where the turn's events are among the session's: [from, to). */
  from: number;
  to: number;
  answer?: string;
  /** The check of the final answer, when the turn checked it. */
  citations?: CheckedCitation[];
  /** How the turn's latest run ended; undefined while it has none (running, or cut off). */
  stopReason?: StopReason;
  /** The record budget a follow-up was asked with. */
  recordBudget?: number;
  /** The fold made for this turn's record, if one was. */
  fold?: SessionFoldedEvent;
}

/** The latest summary of the oldest turns: turns 1..through are in it. */
export interface FoldState {
  through: number;
  summary: string;
}

export function sessionTurns(events: readonly AgentEvent[]): SessionTurn[] {
  const turns: SessionTurn[] = [];
  let cur: SessionTurn | undefined;
  let report: { turn: number; citations: CheckedCitation[] } | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'session_turn' || !cur) {
      if (cur) cur.to = i;
      const followUp = e.type === 'session_turn';
      cur = { turn: turns.length + 1, question: followUp ? e.question : questionOf(events), from: i, to: events.length };
      if (followUp && Number.isFinite(e.recordBudget)) cur.recordBudget = e.recordBudget;
      turns.push(cur);
      report = undefined;
      if (followUp) continue;
    }
    noteEvent(cur, e, (r) => (report = r), report);
  }
  return turns;
}

function noteEvent(
  cur: SessionTurn,
  e: AgentEvent,
  setReport: (r: { turn: number; citations: CheckedCitation[] }) => void,
  report: { turn: number; citations: CheckedCitation[] } | undefined,
): void {
  switch (e.type) {
    case 'citation_report':
      setReport({ turn: e.turn, citations: e.citations });
      return;
    case 'final_answer':
      cur.answer = e.text;
      // The report on this answer is the one made in its loop turn (a repaired answer has its own).
      if (report?.turn === e.turn) cur.citations = report.citations;
      else delete cur.citations;
      return;
    case 'run_end':
      cur.stopReason = e.stopReason;
      return;
    case 'run_start':
      // A run resumed after an end (a budget pause continued) is running again.
      if (e.resumed) delete cur.stopReason;
      return;
    case 'session_folded':
      cur.fold = e;
      return;
    default:
      return;
  }
}

function questionOf(events: readonly AgentEvent[]): string {
  const start = events.find((e) => e.type === 'run_start');
  return start?.type === 'run_start' ? start.question : '';
}

/** The session's id: its first run's. */
export function sessionIdOf(events: readonly AgentEvent[]): string | undefined {
  const start = events.find((e) => e.type === 'run_start');
  return start?.type === 'run_start' ? start.runId : undefined;
}

/** The seq the next event of the session gets. */
export function nextSeqOf(events: readonly AgentEvent[]): number {
  let next = 0;
  for (const e of events) if (typeof e.seq === 'number' && e.seq >= next) next = e.seq + 1;
  return next;
}

/** The latest fold among `turns` (a fold replaces every earlier one). */
export function latestFold(turns: readonly SessionTurn[]): FoldState | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const f = turns[i].fold;
    if (f) return { through: f.through, summary: f.summary };
  }
  return undefined;
}

/** Why `events` cannot be a session to continue, or undefined when they can. */
export function sessionProblem(events: readonly AgentEvent[]): string | undefined {
  if (!events.some((e) => e.type === 'run_start')) return 'it is not a trajectory (it has no run_start event)';
  return undefined;
}

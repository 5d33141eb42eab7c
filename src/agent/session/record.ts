/**
 * The record a follow-up starts from: every earlier question and its answer, in order, with the lines of
 * each verified or observed citation as the run saw them (path and line numbers; a page's excerpt),
 * within a budget of tokens. When the turns outgrow it, the oldest are folded into one summary
 * (fold.ts writes it; the trajectory records it as session_folded): after a fold the turns kept whole
 * take at most half the budget and the summary a quarter, so the record grows again for a few turns
 * before the next fold, and never past the budget. Pure: the same events give the same record.
 */
import type { AgentEvent, SessionRecordFigures } from '../events';
import { Evidence } from '../citations/evidence';
import { citationLabel, uniqueCitations } from '../citations/report';
import { urlKey } from '../citations/paths';
import type { CheckedCitation } from '../citations/types';
import { CHARS_PER_TOKEN, estimateTokens } from '../loop/context';
import { RECORD_INTRO, noAnswer } from './prompt';
import type { FoldState, SessionTurn } from './turns';

/** Lines of one cited range carried at most, and characters of one line or page excerpt. */
const EXCERPT_LINES = 30;
const LINE_CHARS = 240;
const PAGE_CHARS = 400;
/** Lines shown for a citation of a whole file (as the check's snippet does). */
const SNIPPET_LINES = 6;
/** After a fold: the share of the budget the turns kept whole may take, and the summary's. */
export const KEEP_SHARE = 0.5;
export const SUMMARY_SHARE = 0.25;

export interface RecordInput {
  /** The session's events before the follow-up. */
  events: readonly AgentEvent[];
  /** Its turns (sessionTurns of those events). */
  turns: readonly SessionTurn[];
  /** The latest summary of the oldest turns, if any. */
  fold: FoldState | undefined;
  /** Tokens the record may take. */
  budget: number;
  workspaceRoot?: string;
}

export interface SessionRecord {
  text: string;
  figures: Omit<SessionRecordFigures, 'turn'>;
}

/** The record, or (when it outgrew its budget and a fold is allowed) which turns to fold first and their text. */
export type RecordPlan = { record: SessionRecord } | { foldThrough: number; material: string };

/** One turn as the record shows it, in parts so that it can be cut to fit. */
interface TurnParts {
  turn: number;
  head: string;
  answer: string;
  /** One entry per cited excerpt. */
  excerpts: string[];
}

/** The record when it fits its budget; else, when turns not yet folded can be, which to fold and their text. */
export function planRecord(input: RecordInput): RecordPlan {
  return shape(input, true);
}

/** The record within its budget without a new fold (after one, or with the fold a resumed turn recorded). */
export function fitRecord(input: RecordInput): SessionRecord {
  const plan = shape(input, false);
  if ('record' in plan) return plan.record;
  throw new Error('unreachable: a record without folding always fits');
}

function shape(input: RecordInput, mayFold: boolean): RecordPlan {
  const through = input.fold?.through ?? 0;
  const whole = turnParts(input).filter((t) => t.turn > through);
  const summary = input.fold ? summarySection(input.fold) : '';
  const texts = whole.map(turnText);
  const full = assemble(summary, texts);
  if (estimateTokens(full.length) <= input.budget) return { record: recordOf(full, input, whole.length, countExcerpts(whole)) };
  const foldThrough = mayFold ? foldPoint(whole, texts, input.budget) : through;
  if (foldThrough > through) {
    const folded = whole.filter((t) => t.turn <= foldThrough).map(turnText);
    return { foldThrough, material: [summary, ...folded].filter(Boolean).join('\n\n') };
  }
  return { record: fitted(input, summary, whole) };
}

/** The newest turns kept whole take at most KEEP_SHARE of the budget (the newest always stays); the rest fold. */
function foldPoint(whole: readonly TurnParts[], texts: readonly string[], budget: number): number {
  let kept = 0;
  let i = whole.length - 1;
  for (; i >= 0; i--) {
    kept += estimateTokens(texts[i].length + 2);
    if (kept > budget * KEEP_SHARE && i < whole.length - 1) break;
  }
  return i >= 0 ? whole[i].turn : 0;
}

/** Within the budget without folding: the newest turns that fit, the newest cut to the room left when it alone does not. */
function fitted(input: RecordInput, summary: string, whole: readonly TurnParts[]): SessionRecord {
  let room = input.budget * CHARS_PER_TOKEN - assemble(summary, []).length - 2;
  const kept: { parts: TurnParts; text: string }[] = [];
  for (let i = whole.length - 1; i >= 0; i--) {
    const text = turnText(whole[i]);
    if (text.length + 2 <= room) {
      kept.unshift({ parts: whole[i], text });
      room -= text.length + 2;
    } else if (kept.length === 0) {
      const cut = cutTurn(whole[i], room);
      kept.unshift(cut);
      room -= cut.text.length + 2;
    } else break;
  }
  const left = whole.length - kept.length;
  const texts = kept.map((k) => k.text);
  if (left > 0) texts.unshift(`(turns ${whole[0].turn}–${whole[left - 1].turn} are left out: the record is full)`);
  const text = assemble(summary, texts);
  return recordOf(text, input, kept.length, countExcerpts(kept.map((k) => k.parts)));
}

/** A turn cut to `room` characters: its excerpts go first, then the end of its answer. */
function cutTurn(t: TurnParts, room: number): { parts: TurnParts; text: string } {
  const excerpts = [...t.excerpts];
  while (excerpts.length && turnText({ ...t, excerpts }).length > room) excerpts.pop();
  const parts = { ...t, excerpts };
  const text = turnText(parts);
  if (text.length <= room) return { parts, text };
  const note = '\n[… the rest is cut to fit the record]';
  return { parts: { ...t, excerpts: [] }, text: text.slice(0, Math.max(0, room - note.length)) + note };
}

function recordOf(text: string, input: RecordInput, wholeTurns: number, excerpts: number): SessionRecord {
  return {
    text,
    figures: {
      recordTokens: estimateTokens(text.length),
      recordBudget: input.budget,
      wholeTurns,
      foldedThrough: input.fold?.through ?? 0,
      excerpts,
    },
  };
}

function assemble(summary: string, turns: readonly string[]): string {
  return ['## The session so far', RECORD_INTRO, summary, ...turns].filter(Boolean).join('\n\n');
}

export function summarySection(fold: FoldState): string {
  const which = fold.through === 1 ? 'turn 1' : `turns 1–${fold.through}`;
  return `### Summary of ${which}\n\n${fold.summary.trim()}`;
}

function countExcerpts(turns: readonly TurnParts[]): number {
  return turns.reduce((n, t) => n + t.excerpts.length, 0);
}

function turnText(t: TurnParts): string {
  const evidence = t.excerpts.length ? `\n\nCited evidence, as read then:\n${t.excerpts.join('\n')}` : '';
  return `${t.head}\n\nAnswer:\n${t.answer}${evidence}`;
}

/**
 * Every turn in parts. The evidence grows turn by turn, so a citation shows the lines as the session had
 * seen them when that answer was given (a line read in an earlier turn included).
 */
function turnParts(input: RecordInput): TurnParts[] {
  const evidence = new Evidence(input.workspaceRoot);
  const out: TurnParts[] = [];
  for (const t of input.turns) {
    for (let i = t.from; i < t.to && i < input.events.length; i++) evidence.observe(input.events[i]);
    const cited = uniqueCitations(t.citations ?? []).filter((c) => c.status === 'verified' || c.status === 'observed');
    const excerpts = cited.map((c) => excerptOf(c, evidence)).filter((x): x is string => x !== undefined);
    out.push({
      turn: t.turn,
      head: `### Turn ${t.turn}\n\nQuestion: ${t.question.trim()}`,
      answer: t.answer?.trim() || noAnswer(t.stopReason),
      excerpts,
    });
  }
  return out;
}

function excerptOf(c: CheckedCitation, evidence: Evidence): string | undefined {
  const label = `- ${citationLabel(c)} (${c.status}${c.quote ? `, quoting ${JSON.stringify(clip(c.quote, 120))}` : ''})`;
  if (c.kind === 'url') {
    const page = evidence.pages.get(urlKey(c.ref));
    const text = (page?.excerpt ?? c.snippet ?? '').replace(/\s+/g, ' ').trim();
    return text ? `${label}\n    ${JSON.stringify(clip(text, PAGE_CHARS))}` : label;
  }
  const lines = fileLines(c, evidence);
  return lines.length ? `${label}\n${lines.join('\n')}` : undefined;
}

/** The cited lines as the run saw them (`    12| text`); a citation of a whole file shows the lines its check quoted from. */
function fileLines(c: CheckedCitation, evidence: Evidence): string[] {
  const seen = evidence.files.get(c.ref);
  const m = c.lines ? /^(\d+)(?:-(\d+))?$/.exec(c.lines) : null;
  const start = m ? Number(m[1]) : c.snippetLine;
  if (!seen || start === undefined) return c.snippet ? c.snippet.split('\n').map((line) => `    ${clip(line, LINE_CHARS)}`) : [];
  const end = m ? (m[2] ? Number(m[2]) : start) : start + SNIPPET_LINES - 1;
  const out: string[] = [];
  for (let n = start; n <= end && out.length < EXCERPT_LINES; n++) {
    const text = seen.lines.get(n);
    if (text !== undefined) out.push(`    ${n}| ${clip(text, LINE_CHARS)}`);
  }
  if (out.length && end - start + 1 > EXCERPT_LINES) out.push(`    … ${end - start + 1 - EXCERPT_LINES} more lines`);
  return out;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** The panel's rows and header figures: plain data the view renders, built by the reducers in fold.ts. */
import type { AttemptSummaryEvent, StopReason } from '../../src/agent/events';
import type { RunStatus } from '../../src/shared/panelProtocol';
import type { CheckedCitation } from '../../src/agent/citations/types';
import { emptyBudgetHeader, type BudgetHeader } from '../budgetState';

export interface RowBase {
  /** Stable identity for the view. */
  key: number;
  /** Bumped on every change; the view re-renders a row whose version moved. */
  v: number;
}

export interface ThinkingRow extends RowBase {
  kind: 'thinking';
  turn: number;
  text: string;
  reasoning: string;
  note: string;
  streaming: boolean;
  /** Nothing to show: the attempt was discarded by a retry, or its text moved to the answer row. */
  hidden: boolean;
  showReasoning: boolean;
}

export interface ToolResultView {
  content: string;
  isError: boolean;
  durationMs: number;
  cutChars: number;
  repeatOf: number;
}

/** A research_subtask's child run, nested in the row of the call that started it. */
export interface ChildView {
  childRunId: string;
  question: string;
  focus: string;
  status: 'queued' | RunStatus;
  turns: number;
  toolCalls: number;
  tokens: number;
  maxToolCalls: number;
  /** The child's latest steps, one line each (bounded: the child's own panel shows them all). */
  steps: string[];
  answer: string;
  error: string;
  open: boolean;
}

export const CHILD_STEPS_SHOWN = 50;

export interface ToolRow extends RowBase {
  kind: 'tool';
  turn: number;
  callId: string;
  name: string;
  /** The arguments as text, one `key: value` per line when they parsed as an object. */
  args: string;
  result: ToolResultView | undefined;
  /** The result was dropped from the model's context by retention. */
  trimmed: boolean;
  argsOpen: boolean;
  resultOpen: boolean;
  child?: ChildView;
}

export interface RetryRow extends RowBase {
  kind: 'retry';
  turn: number;
  attempt: number;
  delayMs: number;
  reason: string;
}
export interface TrimRow extends RowBase {
  kind: 'trim';
  turn: number;
  count: number;
  kept: number;
}
export interface AnswerRow extends RowBase {
  kind: 'answer';
  turn: number;
  text: string;
  /** The citation report on this answer (webview/citations.ts), when the run checked it. */
  citations?: CheckedCitation[];
}
export interface ResumeRow extends RowBase {
  kind: 'resume';
}
/** A call that needed consent (a write, an MCP tool, workspace data leaving) and the answer. */
export interface ConsentRow extends RowBase {
  kind: 'consent';
  approved: boolean;
  text: string;
}
export interface EndRow extends RowBase {
  kind: 'end';
  stopReason: StopReason;
  answered: boolean;
  turns: number;
  toolCalls: number;
  elapsedMs: number;
  error: string;
}

/** A fresh attempt began (attempts.ts). */
export interface AttemptRow extends RowBase {
  kind: 'attempt';
  attempt: number;
  of: number;
}
/** The summary an attempt ended with; the next attempt starts from it. */
export interface AttemptSummaryRow extends RowBase {
  kind: 'attemptSummary';
  attempt: number;
  outcome: string;
  reason: AttemptSummaryEvent['reason'] | '';
  summary: string;
  open: boolean;
  /** The user edited it before the next attempt started. */
  edited?: boolean;
}

/** A line about the session itself: the record a follow-up started from, old turns folded into a summary. */
export interface NoteRow extends RowBase {
  kind: 'note';
  icon: string;
  text: string;
}

export type Row =
  ThinkingRow | ToolRow | RetryRow | TrimRow | AnswerRow | ResumeRow | ConsentRow | EndRow | AttemptRow | AttemptSummaryRow | NoteRow;

export interface HeaderState {
  runId: string;
  question: string;
  model: string;
  status: RunStatus;
  turn: number;
  maxTurns: number;
  toolCalls: number;
  promptTokens: number;
  completionTokens: number;
  tokensEstimated: boolean;
  /** ms since epoch of the latest run_start; the clock ticks from here while running. */
  startT: number | undefined;
  /** Elapsed time of earlier lives of a resumed run. */
  elapsedBase: number;
  /** Set by run_end: the run's own figure. */
  elapsedMs: number | undefined;
  /** t of the latest event (elapsed for a run that stopped without run_end). */
  lastT: number | undefined;
  hasAnswer: boolean;
  stopRequested: boolean;
  /** Per-turn tokens, prices and a waiting budget pause (budgetState.ts). */
  budget: BudgetHeader;
  /** The attempt under way and how many the run may make (0 when it makes one). */
  attempt: number;
  attempts: number;
  /** An attempt's summary open for editing before the next attempt starts from it (summaryBar.ts). */
  summaryReview: SummaryReviewState | undefined;
  /** The session's question under way (1 until a follow-up is asked). */
  sessionTurn: number;
  /** Tool calls and tokens of the session's turns before this one (a run's end reports its own). */
  base: { toolCalls: number; promptTokens: number; completionTokens: number };
  /** Where the project's instructions in the system prompt came from (run_start), named in the header. */
  instructions: string[];
}

export interface SummaryReviewState {
  attempt: number;
  summary: string;
  autoStartMs: number;
}

export function emptyHeader(): HeaderState {
  return {
    runId: '',
    question: '',
    model: '',
    status: 'running',
    turn: 0,
    maxTurns: 0,
    toolCalls: 0,
    promptTokens: 0,
    completionTokens: 0,
    tokensEstimated: false,
    startT: undefined,
    elapsedBase: 0,
    elapsedMs: undefined,
    lastT: undefined,
    hasAnswer: false,
    stopRequested: false,
    budget: emptyBudgetHeader(),
    attempt: 0,
    attempts: 0,
    summaryReview: undefined,
    sessionTurn: 1,
    base: { toolCalls: 0, promptTokens: 0, completionTokens: 0 },
    instructions: [],
  };
}

export const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Tool arguments as readable text: `key: value` lines for an object, else the raw text. */
export function argsAsLines(raw: string, args: unknown): string {
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
      lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
    return lines.join('\n');
  }
  return raw;
}

export function statusOf(reason: StopReason, answered: boolean): RunStatus {
  if (reason === 'cancelled') return 'stopped';
  return answered ? 'done' : 'failed';
}

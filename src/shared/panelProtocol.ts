/**
 * Messages between the extension host and the trajectory panel. The host sends a snapshot when the
 * panel (re)opens, then only appended events, each with its sequence number, so an update costs the
 * size of the step, not of the run. The webview is untrusted: the host accepts only messages that
 * pass `parsePanelMessage`. Pure TypeScript: no `vscode`, no DOM.
 */
import type { AgentEvent } from '../agent/events';
import type { ApprovalRequest } from '../agent/approvals';
import { MAX_SUMMARY_CHARS } from '../agent/run/summaryReview';

/** A pending question as the panel shows it: a write, an MCP tool call or workspace data leaving (see ApprovalRequest). */
export type ApprovalView = { id: string } & ApprovalRequest;

/** The panel's answers: this call, the rest of the run, every run (MCP tools only: kept in the user's settings), no. */
export type ApprovalDecision = 'accept' | 'reject' | 'acceptAll' | 'alwaysAllow';
const DECISIONS: readonly string[] = ['accept', 'reject', 'acceptAll', 'alwaysAllow'] satisfies ApprovalDecision[];

export type RunStatus = 'running' | 'done' | 'stopped' | 'failed';

/** Host → webview. */
export type HostMessage =
  /** `question` is there even when the run never started (no run_start event), e.g. no model configured. */
  | { type: 'snapshot'; runId: string; status: RunStatus; events: AgentEvent[]; approvals: ApprovalView[]; question?: string }
  | { type: 'events'; events: AgentEvent[] }
  | { type: 'status'; status: RunStatus }
  | { type: 'approval'; approval: ApprovalView }
  | { type: 'approvalResolved'; id: string; accepted: boolean }
  | { type: 'notice'; level: 'info' | 'error'; text: string };

/** Webview → host. */
export type PanelMessage =
  | { type: 'ready' }
  | { type: 'stop' }
  /** Insert Findings / Export on the latest answer, or on turn `turn`'s. */
  | { type: 'insertFindings'; turn?: number }
  | { type: 'exportRun'; turn?: number }
  /** A follow-up typed in the question box: the session's next turn. */
  | { type: 'ask'; question: string }
  | { type: 'openFile'; path: string; line?: number }
  | { type: 'openUrl'; url: string }
  | { type: 'approve'; id: string; decision: ApprovalDecision }
  /** The answer to a budget pause: Continue with a new whole-run budget, or Stop. */
  | { type: 'budget'; decision: 'continue'; tokens?: number; usd?: number }
  | { type: 'budget'; decision: 'stop' }
  /** An attempt's summary before the next attempt: the user started editing (hold the start), or Start with the text. */
  | { type: 'attemptSummary'; attempt: number; action: 'hold' }
  | { type: 'attemptSummary'; attempt: number; action: 'start'; summary: string }
  /** Open a research_subtask's child run (its events are in this run's trajectory) in a panel of its own. */
  | { type: 'openSubtask'; childRunId: string };

const MAX_STRING = 4096;
/** The longest follow-up the question box sends (the box itself says so). */
export const MAX_QUESTION_CHARS = 20_000;

function isStr(v: unknown, max = MAX_STRING): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

function onlyKeys(o: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

/** The one gate for everything the webview sends; anything else is ignored. */
export function parsePanelMessage(raw: unknown): PanelMessage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(m, 'type')) return undefined;
  switch (m.type) {
    case 'ready':
    case 'stop':
      return onlyKeys(m, ['type']) ? { type: m.type } : undefined;
    case 'insertFindings':
    case 'exportRun': {
      if (!onlyKeys(m, ['type', 'turn'])) return undefined;
      if (m.turn === undefined) return { type: m.type };
      return Number.isInteger(m.turn) && (m.turn as number) >= 1 && (m.turn as number) <= 100_000
        ? { type: m.type, turn: m.turn as number }
        : undefined;
    }
    case 'ask':
      return onlyKeys(m, ['type', 'question']) && isStr(m.question, MAX_QUESTION_CHARS) && m.question.trim()
        ? { type: 'ask', question: m.question }
        : undefined;
    case 'openFile': {
      if (!onlyKeys(m, ['type', 'path', 'line']) || !isStr(m.path, 1024)) return undefined;
      if (m.line !== undefined && !(Number.isInteger(m.line) && (m.line as number) >= 1 && (m.line as number) < 10_000_000))
        return undefined;
      return { type: 'openFile', path: m.path, ...(m.line !== undefined ? { line: m.line as number } : {}) };
    }
    case 'openUrl':
      return onlyKeys(m, ['type', 'url']) && isStr(m.url) && /^https?:\/\/[^\s]+$/i.test(m.url)
        ? { type: 'openUrl', url: m.url }
        : undefined;
    case 'approve':
      return onlyKeys(m, ['type', 'id', 'decision']) && isStr(m.id, 100) && DECISIONS.includes(m.decision as string)
        ? { type: 'approve', id: m.id, decision: m.decision as ApprovalDecision }
        : undefined;
    case 'budget':
      return parseBudgetMessage(m);
    case 'attemptSummary':
      return parseSummaryMessage(m);
    case 'openSubtask':
      return onlyKeys(m, ['type', 'childRunId']) && isStr(m.childRunId, 100) && /^[\w-]+$/.test(m.childRunId)
        ? { type: 'openSubtask', childRunId: m.childRunId }
        : undefined;
    default:
      return undefined;
  }
}

function parseSummaryMessage(m: Record<string, unknown>): PanelMessage | undefined {
  const attempt = m.attempt;
  if (!(typeof attempt === 'number' && Number.isInteger(attempt) && attempt >= 1 && attempt <= 1000)) return undefined;
  if (m.action === 'hold')
    return onlyKeys(m, ['type', 'attempt', 'action']) ? { type: 'attemptSummary', attempt, action: 'hold' } : undefined;
  // An empty text is allowed (it keeps the model's summary); a longer one than the agent accepts is refused, not cut here.
  if (m.action !== 'start' || !onlyKeys(m, ['type', 'attempt', 'action', 'summary'])) return undefined;
  return typeof m.summary === 'string' && m.summary.length <= MAX_SUMMARY_CHARS
    ? { type: 'attemptSummary', attempt, action: 'start', summary: m.summary }
    : undefined;
}

function parseBudgetMessage(m: Record<string, unknown>): PanelMessage | undefined {
  if (!onlyKeys(m, ['type', 'decision', 'tokens', 'usd'])) return undefined;
  if (m.decision === 'stop') return m.tokens === undefined && m.usd === undefined ? { type: 'budget', decision: 'stop' } : undefined;
  if (m.decision !== 'continue') return undefined;
  const tokensOk = m.tokens === undefined || (Number.isInteger(m.tokens) && (m.tokens as number) > 0 && (m.tokens as number) <= 1e12);
  const usdOk = m.usd === undefined || (typeof m.usd === 'number' && Number.isFinite(m.usd) && m.usd > 0 && m.usd <= 1e6);
  if (!tokensOk || !usdOk || (m.tokens === undefined && m.usd === undefined)) return undefined;
  return {
    type: 'budget',
    decision: 'continue',
    ...(m.tokens !== undefined ? { tokens: m.tokens as number } : {}),
    ...(m.usd !== undefined ? { usd: m.usd as number } : {}),
  };
}

/**
 * Events for a snapshot: streamed text deltas of finished turns are dropped (their assistant_message
 * carries the whole text), so reopening a long run sends each step once.
 */
export function compactForSnapshot(events: readonly AgentEvent[]): AgentEvent[] {
  const finishedTurns = new Set<number>();
  for (const e of events) if (e.type === 'assistant_message') finishedTurns.add(e.turn);
  return events.filter((e) => e.type !== 'text_delta' || !finishedTurns.has(e.turn));
}

/**
 * The panel's state: folds the run's events into rows, one event at a time (O(1) per event, O(k) for
 * a context trim of k calls), and keeps the header figures. Pure: no DOM, so it runs in Node tests.
 *
 * Sequence rules: a snapshot replaces everything; afterwards only events with seq = lastSeq + 1 are
 * folded, older or duplicate ones are ignored, and a gap asks the host for a fresh snapshot.
 */
import type { AgentEvent, StopReason } from '../src/agent/events';
import type { ApprovalView, HostMessage, RunStatus } from '../src/shared/panelProtocol';
import type { CheckedCitation } from '../src/agent/citations/types';
import { validCitations } from './citationData';

interface RowBase {
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
export interface EndRow extends RowBase {
  kind: 'end';
  stopReason: StopReason;
  answered: boolean;
  turns: number;
  toolCalls: number;
  elapsedMs: number;
  error: string;
}

export type Row = ThinkingRow | ToolRow | RetryRow | TrimRow | AnswerRow | ResumeRow | EndRow;

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
}

export interface StoreListener {
  /** Rows were replaced wholesale (snapshot). */
  reset(): void;
  /** Row `index` was appended (always rows.length - 1 at the time of the call). */
  append(index: number): void;
  /** Row `index` changed. */
  update(index: number): void;
  header(): void;
  approvals(): void;
  notice(level: 'info' | 'error', text: string): void;
}

export const noopListener: StoreListener = {
  reset() {},
  append() {},
  update() {},
  header() {},
  approvals() {},
  notice() {},
};

/** How long to wait before asking again for a snapshot that has not come. */
const RESYNC_RETRY_MS = 2000;

function emptyHeader(): HeaderState {
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
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Tool arguments as readable text: `key: value` lines for an object, else the raw text. */
export function formatArgs(raw: string, args: unknown): string {
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
      lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
    return lines.join('\n');
  }
  return raw;
}

export class RunStore {
  rows: Row[] = [];
  header: HeaderState = emptyHeader();
  readonly approvals = new Map<string, ApprovalView>();
  /** seq of the last folded event; -1 before any. */
  lastSeq = -1;
  /** A snapshot has been asked for and not received yet (on load and after a gap). */
  awaitingSnapshot = true;
  private askedAt = 0;
  private nextKey = 1;
  private thinkingByTurn = new Map<number, number>();
  private toolByCall = new Map<string, number>();
  private bulk = false;
  private lastCitations: { turn: number; list: CheckedCitation[] } | undefined;

  constructor(
    private readonly on: StoreListener = noopListener,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records that a snapshot was requested (the app posts `ready` on load). */
  markAsked(): void {
    this.awaitingSnapshot = true;
    this.askedAt = this.now();
  }

  /**
   * Folds one host message. Returns `{ resync: lastSeq }` when the app must post
   * `{ type: 'ready', lastSeq }` to get a fresh snapshot.
   */
  receive(msg: HostMessage): { resync: number } | undefined {
    switch (msg.type) {
      case 'snapshot':
        this.loadSnapshot(msg);
        return undefined;
      case 'events':
        return this.appendEvents(Array.isArray(msg.events) ? msg.events : []);
      case 'status':
        this.header.status = msg.status;
        this.on.header();
        return undefined;
      case 'approval':
        if (msg.approval && typeof msg.approval.id === 'string') {
          this.approvals.set(msg.approval.id, msg.approval);
          this.on.approvals();
        }
        return undefined;
      case 'approvalResolved':
        if (this.approvals.delete(msg.id)) this.on.approvals();
        return undefined;
      case 'notice':
        this.on.notice(msg.level === 'error' ? 'error' : 'info', str(msg.text));
        return undefined;
      default:
        return undefined;
    }
  }

  private loadSnapshot(msg: Extract<HostMessage, { type: 'snapshot' }>): void {
    this.rows = [];
    this.header = emptyHeader();
    this.thinkingByTurn.clear();
    this.toolByCall.clear();
    this.lastCitations = undefined;
    this.lastSeq = -1;
    this.bulk = true;
    try {
      for (const e of Array.isArray(msg.events) ? msg.events : []) {
        if (!e || typeof e.seq !== 'number' || e.seq <= this.lastSeq) continue;
        this.fold(e);
        this.lastSeq = e.seq;
      }
    } finally {
      this.bulk = false;
    }
    if (typeof msg.runId === 'string' && msg.runId) this.header.runId = msg.runId;
    if (!this.header.question && typeof msg.question === 'string') this.header.question = msg.question;
    this.header.status = msg.status;
    this.approvals.clear();
    for (const a of Array.isArray(msg.approvals) ? msg.approvals : []) this.approvals.set(a.id, a);
    this.awaitingSnapshot = false;
    this.on.reset();
    this.on.header();
    this.on.approvals();
  }

  private appendEvents(events: AgentEvent[]): { resync: number } | undefined {
    if (this.awaitingSnapshot) {
      // Batches before the (re)snapshot are dropped; ask again if the answer seems lost.
      if (this.now() - this.askedAt < RESYNC_RETRY_MS) return undefined;
      this.markAsked();
      return { resync: this.lastSeq };
    }
    let headerChanged = false;
    for (const e of events) {
      if (!e || typeof e.seq !== 'number' || e.seq <= this.lastSeq) continue; // duplicate or stale
      if (e.seq !== this.lastSeq + 1) {
        this.markAsked();
        if (headerChanged) this.on.header();
        return { resync: this.lastSeq };
      }
      headerChanged = this.fold(e) || headerChanged;
      this.lastSeq = e.seq;
    }
    if (headerChanged) this.on.header();
    return undefined;
  }

  /** Folds one event; returns whether the header changed. */
  private fold(e: AgentEvent): boolean {
    const h = this.header;
    if (typeof e.t === 'number') h.lastT = e.t;
    switch (e.type) {
      case 'run_start': {
        if (e.resumed && this.rows.length > 0) this.push({ kind: 'resume' } as ResumeRow);
        else h.elapsedBase = 0;
        h.runId = str(e.runId) || h.runId;
        h.question = str(e.question) || h.question;
        h.model = str(e.model);
        h.maxTurns = num(e.settings?.maxTurns);
        h.startT = e.t;
        h.elapsedMs = undefined;
        h.status = 'running';
        h.stopRequested = false;
        return true;
      }
      case 'turn_start':
        h.turn = Math.max(h.turn, num(e.turn));
        return true;
      case 'text_delta': {
        const i = this.thinkingRow(e.turn);
        const row = this.rows[i] as ThinkingRow;
        if (e.kind === 'reasoning') row.reasoning += str(e.text);
        else row.text += str(e.text);
        row.streaming = true;
        this.changed(i);
        return false;
      }
      case 'assistant_message': {
        const text = str(e.text);
        const reasoning = str(e.reasoning);
        const note = str(e.note);
        const existing = this.thinkingByTurn.get(e.turn);
        if (existing !== undefined || text || reasoning || note) {
          const i = existing ?? this.thinkingRow(e.turn);
          const row = this.rows[i] as ThinkingRow;
          row.text = text;
          row.reasoning = reasoning;
          row.note = note;
          row.streaming = false;
          this.changed(i);
        }
        if (e.usage) {
          h.promptTokens += num(e.usage.promptTokens);
          h.completionTokens += num(e.usage.completionTokens);
          h.tokensEstimated ||= !!e.usage.estimated;
        }
        h.turn = Math.max(h.turn, num(e.turn));
        return true;
      }
      case 'tool_call': {
        const call = e.call ?? { id: '', name: '?', arguments: '' };
        const i = this.push({
          kind: 'tool',
          turn: e.turn,
          callId: str(call.id),
          name: str(call.name),
          args: formatArgs(str(call.arguments), e.args),
          result: undefined,
          trimmed: false,
          argsOpen: false,
          resultOpen: false,
        } as ToolRow);
        this.toolByCall.set(str(call.id), i);
        h.toolCalls++;
        return true;
      }
      case 'tool_result': {
        let i = this.toolByCall.get(str(e.callId));
        if (i === undefined) {
          i = this.push({
            kind: 'tool',
            turn: e.turn,
            callId: str(e.callId),
            name: str(e.name),
            args: '',
            result: undefined,
            trimmed: false,
            argsOpen: false,
            resultOpen: false,
          } as ToolRow);
          this.toolByCall.set(str(e.callId), i);
        }
        const row = this.rows[i] as ToolRow;
        row.result = {
          content: str(e.content),
          isError: !!e.isError,
          durationMs: num(e.durationMs),
          cutChars: num(e.cutChars),
          repeatOf: num(e.repeatOf),
        };
        this.changed(i);
        return false;
      }
      case 'retry': {
        const i = this.thinkingByTurn.get(e.turn);
        if (i !== undefined) {
          // The failed attempt's text is dropped; the next attempt streams into a fresh row.
          const row = this.rows[i] as ThinkingRow;
          row.text = '';
          row.reasoning = '';
          row.streaming = false;
          row.hidden = true;
          this.thinkingByTurn.delete(e.turn);
          this.changed(i);
        }
        this.push({ kind: 'retry', turn: e.turn, attempt: num(e.attempt), delayMs: num(e.delayMs), reason: str(e.reason) } as RetryRow);
        return false;
      }
      case 'context_trimmed': {
        const ids = Array.isArray(e.callIds) ? e.callIds : [];
        for (const id of ids) {
          const i = this.toolByCall.get(id);
          if (i === undefined) continue;
          (this.rows[i] as ToolRow).trimmed = true;
          this.changed(i);
        }
        this.push({ kind: 'trim', turn: e.turn, count: ids.length, kept: num(e.keptResults) } as TrimRow);
        return false;
      }
      case 'final_answer': {
        const text = str(e.text);
        // The final turn's text usually is the answer: show it once, in the answer row.
        const ti = this.thinkingByTurn.get(e.turn);
        if (ti !== undefined && text.trim()) {
          const row = this.rows[ti] as ThinkingRow;
          if (row.text.includes(text.trim())) {
            row.text = row.text.replace(text.trim(), '').trim();
            row.hidden = !row.text && !row.reasoning && !row.note;
            this.changed(ti);
          }
        }
        const cited = this.lastCitations?.turn === e.turn ? { citations: this.lastCitations.list } : {};
        this.push({ kind: 'answer', turn: e.turn, text, ...cited } as AnswerRow);
        h.hasAnswer = true;
        return true;
      }
      case 'citation_report':
        this.lastCitations = { turn: e.turn, list: validCitations(e.citations) };
        return false;
      case 'run_end': {
        // A stop or an error can end a turn mid-stream: its text stays, its spinner goes.
        for (const i of this.thinkingByTurn.values()) {
          const row = this.rows[i] as ThinkingRow;
          if (!row.streaming) continue;
          row.streaming = false;
          this.changed(i);
        }
        const elapsed = num(e.elapsedMs);
        this.push({
          kind: 'end',
          stopReason: e.stopReason,
          answered: !!e.answered,
          turns: num(e.turns),
          toolCalls: num(e.toolCalls),
          elapsedMs: h.elapsedBase + elapsed,
          error: str(e.error),
        } as EndRow);
        h.status = statusOf(e.stopReason, !!e.answered);
        h.turn = Math.max(h.turn, num(e.turns));
        h.toolCalls = num(e.toolCalls) || h.toolCalls;
        if (e.usage) {
          h.promptTokens = num(e.usage.promptTokens);
          h.completionTokens = num(e.usage.completionTokens);
          h.tokensEstimated = !!e.usage.estimated;
        }
        h.elapsedBase += elapsed;
        h.elapsedMs = h.elapsedBase;
        h.stopRequested = false;
        return true;
      }
      default:
        return false;
    }
  }

  /** Elapsed ms for the header at wall-clock `now`. */
  elapsed(now: number): number {
    const h = this.header;
    if (h.elapsedMs !== undefined) return h.elapsedMs;
    if (h.startT === undefined) return 0;
    const end = h.status === 'running' ? now : (h.lastT ?? now);
    return h.elapsedBase + Math.max(0, end - h.startT);
  }

  /** Flips a collapsible part of a row (view state lives on the row so it survives re-rendering). */
  toggle(index: number, part: 'args' | 'result' | 'reasoning'): void {
    const row = this.rows[index];
    if (!row) return;
    if (row.kind === 'tool' && part === 'args') row.argsOpen = !row.argsOpen;
    else if (row.kind === 'tool' && part === 'result') row.resultOpen = !row.resultOpen;
    else if (row.kind === 'thinking' && part === 'reasoning') row.showReasoning = !row.showReasoning;
    else return;
    row.v++;
    this.on.update(index);
  }

  private thinkingRow(turn: number): number {
    const existing = this.thinkingByTurn.get(turn);
    if (existing !== undefined) return existing;
    const i = this.push({
      kind: 'thinking',
      turn,
      text: '',
      reasoning: '',
      note: '',
      streaming: false,
      hidden: false,
      showReasoning: false,
    } as ThinkingRow);
    this.thinkingByTurn.set(turn, i);
    return i;
  }

  private push(row: Row): number {
    row.key = this.nextKey++;
    row.v = 0;
    this.rows.push(row);
    const i = this.rows.length - 1;
    if (!this.bulk) this.on.append(i);
    return i;
  }

  private changed(i: number): void {
    this.rows[i].v++;
    if (!this.bulk) this.on.update(i);
  }
}

export function statusOf(reason: StopReason, answered: boolean): RunStatus {
  if (reason === 'cancelled') return 'stopped';
  return answered ? 'done' : 'failed';
}

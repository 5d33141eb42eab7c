/**
 * The panel's state: the sequence of host messages (a snapshot, then numbered appends; a gap asks for
 * a fresh snapshot), the pending approvals, the header figures and the rows' view state. Events become
 * rows through the reducers in state/fold.ts. Pure: no DOM, so it runs in Node tests.
 *
 * Sequence rules: a snapshot replaces everything; afterwards only events with seq = lastSeq + 1 are
 * folded, older or duplicate ones are ignored, and a gap asks the host for a fresh snapshot.
 */
import type { AgentEvent } from '../src/agent/events';
import type { ApprovalView, HostMessage } from '../src/shared/panelProtocol';
import { foldEvent } from './state/fold';
import { RowBook, type TurnInfo } from './state/rowBook';
import { TurnView } from './state/turnView';
import { emptyHeader, asText, type HeaderState, type Row } from './state/rows';

export * from './state/rows';

/** What the store tells the view; indexes are of the list's items (`PanelStore.view`), not of rows. */
export interface StoreListener {
  /** The list was replaced wholesale (a snapshot, a new turn of the session, a turn opened or closed). */
  reset(): void;
  /** Item `index` was appended (always view.count - 1 at the time of the call). */
  append(index: number): void;
  /** Item `index` changed. */
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

export class PanelStore {
  header: HeaderState = emptyHeader();
  readonly approvals = new Map<string, ApprovalView>();
  /** seq of the last folded event; -1 before any. */
  lastSeq = -1;
  /** A snapshot has been asked for and not received yet (on load and after a gap). */
  awaitingSnapshot = true;
  private askedAt = 0;
  private readonly book: RowBook;
  /** What the list shows: the rows, under turn heads once the session has a follow-up. */
  readonly view: TurnView;

  constructor(
    private readonly on: StoreListener = noopListener,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.book = new RowBook({
      append: (i) => {
        const at = this.view.appended(i);
        if (at !== undefined) on.append(at);
      },
      update: (i) => this.rowChanged(i),
      turns: () => {
        this.view.rebuild();
        on.reset();
      },
    });
    this.view = new TurnView(this.book);
  }

  get rows(): Row[] {
    return this.book.rows;
  }

  /** The session's questions (one until a follow-up is asked). */
  get turns(): readonly TurnInfo[] {
    return this.book.turns;
  }

  /** The turn row `i` belongs to. */
  turnOfRow(i: number): TurnInfo | undefined {
    return this.book.turnOfRow(i);
  }

  private rowChanged(i: number): void {
    const at = this.view.indexOfRow(i);
    if (at !== undefined) this.on.update(at);
  }

  /** Records that a snapshot was requested (the app posts `ready` on load). */
  markAsked(): void {
    this.awaitingSnapshot = true;
    this.askedAt = this.now();
  }

  /** Folds one host message. Returns `{ resync: true }` when the app must post `ready` to get a fresh snapshot. */
  receive(msg: HostMessage): { resync: true } | undefined {
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
        this.on.notice(msg.level === 'error' ? 'error' : 'info', asText(msg.text));
        return undefined;
      default:
        return undefined;
    }
  }

  private loadSnapshot(msg: Extract<HostMessage, { type: 'snapshot' }>): void {
    this.book.clear();
    this.header = emptyHeader();
    this.lastSeq = -1;
    this.book.bulk = true;
    try {
      for (const e of Array.isArray(msg.events) ? msg.events : []) {
        if (!e || typeof e.seq !== 'number' || e.seq <= this.lastSeq) continue;
        foldEvent(e, this.book, this.header);
        this.lastSeq = e.seq;
      }
    } finally {
      this.book.bulk = false;
    }
    if (typeof msg.runId === 'string' && msg.runId) this.header.runId = msg.runId;
    if (!this.header.question && typeof msg.question === 'string') this.header.question = msg.question;
    this.header.status = msg.status;
    this.approvals.clear();
    for (const a of Array.isArray(msg.approvals) ? msg.approvals : []) this.approvals.set(a.id, a);
    this.awaitingSnapshot = false;
    this.view.rebuild();
    this.on.reset();
    this.on.header();
    this.on.approvals();
  }

  private appendEvents(events: AgentEvent[]): { resync: true } | undefined {
    if (this.awaitingSnapshot) {
      // Batches before the (re)snapshot are dropped; ask again if the answer seems lost.
      if (this.now() - this.askedAt < RESYNC_RETRY_MS) return undefined;
      this.markAsked();
      return { resync: true };
    }
    let headerChanged = false;
    for (const e of events) {
      if (!e || typeof e.seq !== 'number' || e.seq <= this.lastSeq) continue; // duplicate or stale
      if (e.seq !== this.lastSeq + 1) {
        this.markAsked();
        if (headerChanged) this.on.header();
        return { resync: true };
      }
      headerChanged = foldEvent(e, this.book, this.header) || headerChanged;
      this.lastSeq = e.seq;
    }
    if (headerChanged) this.on.header();
    return undefined;
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
  toggle(index: number, part: 'args' | 'result' | 'reasoning' | 'summary' | 'child'): void {
    const row = this.rows[index];
    if (!row) return;
    if (row.kind === 'tool' && part === 'args') row.argsOpen = !row.argsOpen;
    else if (row.kind === 'tool' && part === 'result') row.resultOpen = !row.resultOpen;
    else if (row.kind === 'thinking' && part === 'reasoning') row.showReasoning = !row.showReasoning;
    else if (row.kind === 'attemptSummary' && part === 'summary') row.open = !row.open;
    else if (row.kind === 'tool' && part === 'child' && row.child) row.child.open = !row.child.open;
    else return;
    row.v++;
    this.rowChanged(index);
  }

  /** Opens or collapses turn `turn` of the session (1-based); false when there is no such turn. */
  toggleTurn(turn: number): boolean {
    const t = this.book.turns[turn - 1];
    if (!t) return false;
    t.open = !t.open;
    t.v++;
    this.view.rebuild();
    this.on.reset();
    return true;
  }
}

/**
 * The rows and the indexes that find them again (the thinking row of a turn, the row of a tool call),
 * and the turns of a research session the rows belong to (each turn's rows follow its first).
 * Appends and changes are reported to the listener, except while a snapshot is folded in bulk.
 */
import type { CheckedCitation } from '../../src/agent/citations/types';
import type { Row, ThinkingRow } from './rows';

export interface RowListener {
  append(index: number): void;
  update(index: number): void;
  /** A session's second or later turn began (its earlier turns collapsed). */
  turns(): void;
}

/** One question of a research session and where its rows begin. */
export interface TurnInfo {
  /** 1 for the question the session began with. */
  turn: number;
  question: string;
  /** Index of the turn's first row (rows.length when it has none yet). */
  firstRow: number;
  /** Showing every step, or collapsed to its question and answer. */
  open: boolean;
  /** Bumped when the turn's head changes. */
  v: number;
}

/** A new row, before the book gives it its key and version. */
export type NewRow = Row extends infer R ? (R extends Row ? Omit<R, 'key' | 'v'> : never) : never;

export class RowBook {
  rows: Row[] = [];
  private nextKey = 1;
  private readonly thinkingByTurn = new Map<number, number>();
  private readonly toolByCall = new Map<string, number>();
  /** The latest citation report, waiting for the answer of its turn. */
  lastCitations: { turn: number; list: CheckedCitation[] } | undefined;
  /** The tool row a child run is nested in; kept across attempts (child run ids are unique). */
  private readonly rowByChild = new Map<string, number>();
  /** True while a snapshot is folded: the view is rebuilt once at the end instead. */
  bulk = false;
  /** The session's questions, oldest first (none before the first run_start). */
  readonly turns: TurnInfo[] = [];

  constructor(private readonly on: RowListener) {}

  clear(): void {
    this.rows = [];
    this.turns.length = 0;
    this.thinkingByTurn.clear();
    this.toolByCall.clear();
    this.lastCitations = undefined;
    this.rowByChild.clear();
  }

  push(row: NewRow): number {
    const full = { ...row, key: this.nextKey++, v: 0 } as Row;
    this.rows.push(full);
    const i = this.rows.length - 1;
    if (!this.bulk) this.on.append(i);
    return i;
  }

  changed(i: number): void {
    this.rows[i].v++;
    if (!this.bulk) this.on.update(i);
  }

  /** The thinking row of `turn`, made when the turn has none yet. */
  thinking(turn: number): { i: number; row: ThinkingRow } {
    let i = this.thinkingByTurn.get(turn);
    if (i === undefined) {
      i = this.push({ kind: 'thinking', turn, text: '', reasoning: '', note: '', streaming: false, hidden: false, showReasoning: false });
      this.thinkingByTurn.set(turn, i);
    }
    return { i, row: this.rows[i] as ThinkingRow };
  }

  thinkingOf(turn: number): number | undefined {
    return this.thinkingByTurn.get(turn);
  }

  /** Forgets `turn`'s thinking row (a retry discarded it): the next attempt streams into a fresh one. */
  forgetThinking(turn: number): void {
    this.thinkingByTurn.delete(turn);
  }

  /** A question of the session begins: the earlier ones collapse to their question and answer; loop turns and call ids start again. */
  startTurn(question: string): void {
    for (const t of this.turns) {
      if (t.open) t.v++;
      t.open = false;
    }
    this.turns.push({ turn: this.turns.length + 1, question, firstRow: this.rows.length, open: true, v: 0 });
    this.newAttempt();
    if (!this.bulk && this.turns.length > 1) this.on.turns();
  }

  /** The turn row `i` belongs to (binary search: turns begin in row order). */
  turnOfRow(i: number): TurnInfo | undefined {
    let lo = 0;
    let hi = this.turns.length - 1;
    let found: TurnInfo | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.turns[mid].firstRow <= i) {
        found = this.turns[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** A new attempt restarts turn numbers and call ids: earlier rows stay, but are no longer found by them. */
  newAttempt(): void {
    this.thinkingByTurn.clear();
    this.toolByCall.clear();
    this.lastCitations = undefined;
  }

  thinkingRows(): number[] {
    return [...this.thinkingByTurn.values()];
  }

  toolOf(callId: string): number | undefined {
    return this.toolByCall.get(callId);
  }

  setTool(callId: string, i: number): void {
    this.toolByCall.set(callId, i);
  }

  childOf(childRunId: string): number | undefined {
    return this.rowByChild.get(childRunId);
  }

  setChild(childRunId: string, i: number): void {
    this.rowByChild.set(childRunId, i);
  }
}

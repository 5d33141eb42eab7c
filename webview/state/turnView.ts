/**
 * What the list shows of a research session: in a session of one question, every row, as it always
 * was; from the second question on, each turn under a head (its question, a toggle), a collapsed turn
 * showing only its answer. Items are rows of the book or turn heads, in row order, so a row's place in
 * the list is found by binary search. Pure: no DOM.
 */
import type { RowBook, TurnInfo } from './rowBook';

/** One line of the list: a row of the book, or the head of turn `turns[head]`. */
export type ViewItem = { row: number } | { head: number };

export class TurnView {
  private items: ViewItem[] = [];
  /** Where each item sits among the rows: its row index, or a head's first row less a half. */
  private at: number[] = [];
  /** Fewer than two turns: the list is the rows themselves. */
  private identity = true;

  constructor(private readonly book: RowBook) {}

  get count(): number {
    return this.identity ? this.book.rows.length : this.items.length;
  }

  item(i: number): ViewItem {
    return this.identity ? { row: i } : this.items[i];
  }

  /** Recomputes every item: O(rows). After a snapshot, a new turn, a turn opened or closed. */
  rebuild(): void {
    const { turns, rows } = this.book;
    this.identity = turns.length < 2;
    this.items = [];
    this.at = [];
    if (this.identity) return;
    turns.forEach((t, k) => {
      this.push({ head: k }, t.firstRow - 0.5);
      const end = turns[k + 1]?.firstRow ?? rows.length;
      for (let i = t.firstRow; i < end; i++) if (this.shows(t, i)) this.push({ row: i }, i);
    });
  }

  /** Row `i` was appended (to the last turn): its index in the list when it shows. */
  appended(i: number): number | undefined {
    if (this.identity) return i;
    const t = this.book.turns.at(-1);
    if (!t || !this.shows(t, i)) return undefined;
    this.push({ row: i }, i);
    return this.items.length - 1;
  }

  /** Row `i`'s index in the list, or undefined while it is folded away. */
  indexOfRow(i: number): number | undefined {
    if (this.identity) return i < this.book.rows.length ? i : undefined;
    return this.find(i);
  }

  /** The list index of turn `turns[k]`'s head (sessions of two turns and more). */
  indexOfHead(k: number): number | undefined {
    const t = this.book.turns[k];
    return this.identity || !t ? undefined : this.find(t.firstRow - 0.5);
  }

  private shows(t: TurnInfo, i: number): boolean {
    return t.open || this.book.rows[i]?.kind === 'answer';
  }

  private push(item: ViewItem, at: number): void {
    this.items.push(item);
    this.at.push(at);
  }

  private find(at: number): number | undefined {
    let lo = 0;
    let hi = this.at.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid] === at) return mid;
      if (this.at[mid] < at) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

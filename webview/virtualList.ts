/**
 * A virtualised list with variable row heights. Only the rows in view (plus an overscan margin) are in
 * the DOM; rendered rows are measured, the rest estimated; heights live in a Fenwick tree so an
 * append, a re-measure and "which row is at y" cost O(log n). It sticks to the bottom while the user
 * is there and keeps the first visible row in place when they have scrolled up.
 */
import { HeightTree } from './fenwick';

export interface ListSource {
  count(): number;
  /** Changes whenever the row's content changes. */
  version(index: number): number;
  render(index: number): HTMLElement;
  /** A guess at the row's height at this content width, before it is measured. */
  estimate(index: number, width: number): number;
}

interface Live {
  el: HTMLElement;
  v: number;
  /** Width generation the height was measured at; 0 = not measured. */
  gen: number;
}

const OVERSCAN_PX = 400;
const BOTTOM_SLACK_PX = 8;

export class VirtualList {
  readonly el: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly heights = new HeightTree();
  /** Per row: the width generation its stored height was measured at (0 = estimate). */
  private measuredGen = new Uint32Array(64);
  private readonly live = new Map<number, Live>();
  private stick = true;
  private gen = 1;
  private width = 0;
  private frame = 0;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly source: ListSource,
    label: string,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'vlist';
    this.el.tabIndex = 0;
    this.el.setAttribute('role', 'log');
    this.el.setAttribute('aria-label', label);
    this.canvas = document.createElement('div');
    this.canvas.className = 'vlist-canvas';
    this.el.append(this.canvas);
    this.el.addEventListener(
      'scroll',
      () => {
        this.stick = this.el.scrollTop + this.el.clientHeight >= this.el.scrollHeight - BOTTOM_SLACK_PX;
        this.schedule();
      },
      { passive: true },
    );
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.observer = new ResizeObserver(() => this.schedule());
    this.observer.observe(this.el);
  }

  /** Number of rows currently in the DOM. */
  get renderedCount(): number {
    return this.live.size;
  }

  get atBottom(): boolean {
    return this.stick;
  }

  /** Everything changed (snapshot): O(n) estimates, then one render. */
  reset(): void {
    for (const l of this.live.values()) l.el.remove();
    this.live.clear();
    const n = this.source.count();
    const w = this.contentWidth();
    const est = new Float64Array(n);
    for (let i = 0; i < n; i++) est[i] = this.source.estimate(i, w);
    this.heights.reset(est);
    this.measuredGen = new Uint32Array(Math.max(64, n * 2));
    this.stick = true;
    this.render();
  }

  /** Row `index` was appended: O(log n). */
  appended(index: number): void {
    while (this.heights.length <= index) {
      const i = this.heights.length;
      this.heights.push(this.source.estimate(i, this.width || this.contentWidth()));
      if (i >= this.measuredGen.length) {
        const grown = new Uint32Array(this.measuredGen.length * 2);
        grown.set(this.measuredGen);
        this.measuredGen = grown;
      }
    }
    this.schedule();
  }

  /** Row `index` changed: re-rendered if in view, re-estimated if never measured. */
  updated(index: number): void {
    if (this.live.has(index)) this.schedule();
    else if (index < this.heights.length && this.measuredGen[index] === 0) {
      this.heights.set(index, this.source.estimate(index, this.width || this.contentWidth()));
      this.schedule();
    }
  }

  /** Where item `index` starts, in pixels below the top of the view (negative above it). */
  offsetOf(index: number): number {
    return this.heights.prefix(index) - this.el.scrollTop;
  }

  /** After a reset: puts item `index` back `offset` pixels below the top of the view, and keeps it there. */
  keepAt(index: number, offset: number): void {
    if (index >= this.heights.length) return;
    this.stick = false;
    this.el.scrollTop = Math.max(0, this.heights.prefix(index) - offset);
    this.render();
  }

  scrollToBottom(): void {
    this.stick = true;
    this.schedule();
  }

  schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  /** Lays out the rows in view now (also what the animation frame runs). */
  render(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const n = this.heights.length;
    const w = this.contentWidth();
    if (w !== this.width) {
      this.width = w;
      this.gen++; // every stored measurement is now stale: re-measure rows as they come into view
    }
    const viewH = this.el.clientHeight;
    let anchor = 0;
    let anchorOffset = 0;
    if (!this.stick) {
      anchor = this.heights.indexAt(this.el.scrollTop);
      anchorOffset = this.el.scrollTop - this.heights.prefix(anchor);
    }
    const top = (): number => (this.stick ? Math.max(0, this.heights.total - viewH) : this.heights.prefix(anchor) + anchorOffset);

    for (let pass = 0; pass < 4 && n > 0; pass++) {
      const y = top();
      const from = this.heights.indexAt(y - OVERSCAN_PX);
      const to = this.heights.indexAt(y + viewH + OVERSCAN_PX);
      this.sync(from, to);
      if (!this.measure()) break;
    }
    if (n === 0) this.sync(0, -1);
    for (const [i, l] of this.live) l.el.style.transform = `translateY(${this.heights.prefix(i)}px)`;
    this.canvas.style.height = `${this.heights.total}px`;
    const want = top();
    if (Math.abs(this.el.scrollTop - want) > 0.5) this.el.scrollTop = want;
  }

  /** Makes the live rows exactly [from, to] (plus a focused row), up to date. */
  private sync(from: number, to: number): void {
    const focused = this.focusedRow();
    for (const [i, l] of this.live) {
      if ((i < from || i > to) && i !== focused) {
        l.el.remove();
        this.live.delete(i);
      }
    }
    for (let i = from; i <= to; i++) {
      const v = this.source.version(i);
      const l = this.live.get(i);
      if (l && l.v === v) continue;
      const el = this.source.render(i);
      el.dataset.row = String(i);
      if (l) {
        const restore = l.el.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.focusKey : undefined;
        l.el.replaceWith(el);
        if (restore) (el.querySelector(`[data-focus-key="${restore}"]`) as HTMLElement | null)?.focus();
        this.live.set(i, { el, v, gen: 0 });
      } else {
        el.style.transform = `translateY(${this.heights.prefix(i)}px)`;
        this.canvas.append(el);
        this.live.set(i, { el, v, gen: 0 });
      }
    }
  }

  /** Reads the heights of live rows not measured at the current width; true when any changed. */
  private measure(): boolean {
    let changed = false;
    for (const [i, l] of this.live) {
      if (l.gen === this.gen) continue;
      const h = l.el.offsetHeight;
      l.gen = this.gen;
      this.measuredGen[i] = this.gen;
      if (h !== this.heights.get(i)) {
        this.heights.set(i, h);
        changed = true;
      }
    }
    return changed;
  }

  private focusedRow(): number {
    const a = document.activeElement;
    if (!a || a === this.el || !this.el.contains(a)) return -1;
    const row = (a as HTMLElement).closest<HTMLElement>('[data-row]');
    return row ? Number(row.dataset.row) : -1;
  }

  private contentWidth(): number {
    return this.canvas.clientWidth || this.el.clientWidth || 600;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.el || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(40, this.el.clientHeight * 0.9);
    const by: Record<string, number> = { PageDown: page, PageUp: -page, ArrowDown: 40, ArrowUp: -40 };
    if (e.key === 'Home') this.el.scrollTop = 0;
    else if (e.key === 'End') {
      this.stick = true;
      this.render();
    } else if (e.key in by) this.el.scrollTop += by[e.key];
    else return;
    e.preventDefault();
  }
}

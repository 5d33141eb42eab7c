/**
 * Row heights as a Fenwick (binary indexed) tree: prefix sums, point updates and "which row is at
 * offset y" in O(log n), appends in O(log n) amortised. Pure: no DOM.
 */
export class HeightTree {
  private tree = new Float64Array(64); // 1-based
  private values = new Float64Array(64); // 0-based, the heights themselves
  private n = 0;

  get length(): number {
    return this.n;
  }

  get total(): number {
    return this.prefix(this.n);
  }

  get(i: number): number {
    return this.values[i];
  }

  /** Replaces everything with `heights` in O(n). */
  reset(heights: ArrayLike<number>): void {
    this.n = 0;
    this.grow(heights.length);
    this.tree.fill(0);
    this.values.fill(0);
    this.n = heights.length;
    for (let i = 0; i < this.n; i++) {
      this.values[i] = heights[i]!;
      this.tree[i + 1] = heights[i]!;
    }
    for (let i = 1; i <= this.n; i++) {
      const parent = i + (i & -i);
      if (parent <= this.n) this.tree[parent] += this.tree[i];
    }
  }

  push(h: number): void {
    this.grow(this.n + 1);
    const i = ++this.n; // 1-based index of the new node
    this.values[i - 1] = h;
    // tree[i] covers (i - lowbit(i), i]: the new value plus the already-present ones before it.
    const low = i - (i & -i);
    this.tree[i] = h + this.prefix(i - 1) - this.prefix(low);
  }

  set(i: number, h: number): void {
    const delta = h - this.values[i];
    if (delta === 0) return;
    this.values[i] = h;
    for (let k = i + 1; k <= this.n; k += k & -k) this.tree[k] += delta;
  }

  /** Sum of the heights of rows [0, i). */
  prefix(i: number): number {
    let s = 0;
    for (let k = Math.min(i, this.n); k > 0; k -= k & -k) s += this.tree[k];
    return s;
  }

  /** The row that contains offset y (clamped to [0, n-1]); 0 when empty. */
  indexAt(y: number): number {
    if (this.n === 0 || y <= 0) return 0;
    let pos = 0;
    let rest = y;
    let step = 1;
    while (step * 2 <= this.n) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && this.tree[next] <= rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    // pos rows fit entirely at or before y: row `pos` (0-based) contains y.
    return Math.min(pos, this.n - 1);
  }

  private grow(size: number): void {
    if (size + 1 <= this.tree.length) return;
    let cap = this.tree.length;
    while (cap < size + 1) cap *= 2;
    const tree = new Float64Array(cap);
    tree.set(this.tree.subarray(0, this.n + 1));
    const values = new Float64Array(cap);
    values.set(this.values.subarray(0, this.n));
    this.tree = tree;
    this.values = values;
  }
}

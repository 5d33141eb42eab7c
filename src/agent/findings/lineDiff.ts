/**
 * A line diff in the form `git diff -U0` gives (gitDiff.ts's Hunk), for a file whose committed text is
 * already known: after one file changes, the editor compares it here instead of starting git again.
 * Myers' O(ND) algorithm on what lies between the common head and tail; past `maxEdits` it gives up
 * (undefined) and the caller asks git.
 */
import type { Hunk } from './types';

export function diffLines(before: readonly string[], after: readonly string[], maxEdits = 2000): Hunk[] | undefined {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail])
    tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const script = myers(a, b, maxEdits);
  if (!script) return undefined;
  return hunksOf(script, a, b, head);
}

/** For each position: 0 both sides keep the line, -1 it was removed, 1 it was added; in order. */
type Step = -1 | 0 | 1;

function myers(a: readonly string[], b: readonly string[], maxEdits: number): Step[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const limit = Math.min(max, maxEdits);
  const offset = limit + 1;
  let v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
    v = next;
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number, edits: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = edits; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(0);
      x--;
      y--;
    }
    steps.push(down ? 1 : -1);
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    steps.push(0);
    x--;
    y--;
  }
  return steps.reverse();
}

/** Runs of removed and added lines between kept ones, numbered as git numbers them (1-based; a count of 0 names the line before). */
function hunksOf(steps: readonly Step[], a: readonly string[], b: readonly string[], head: number): Hunk[] {
  const hunks: Hunk[] = [];
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < steps.length) {
    if (steps[i] === 0) {
      x++;
      y++;
      i++;
      continue;
    }
    const hunk: Hunk = { oldStart: 0, oldCount: 0, newStart: 0, newCount: 0, removed: [], added: [] };
    const [x0, y0] = [x, y];
    for (; i < steps.length && steps[i] !== 0; i++) {
      if (steps[i] === -1) hunk.removed.push(a[x++]);
      else hunk.added.push(b[y++]);
    }
    hunk.oldCount = hunk.removed.length;
    hunk.newCount = hunk.added.length;
    hunk.oldStart = head + x0 + (hunk.oldCount > 0 ? 1 : 0);
    hunk.newStart = head + y0 + (hunk.newCount > 0 ? 1 : 0);
    hunks.push(hunk);
  }
  return hunks;
}

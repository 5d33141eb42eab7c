/**
 * A line diff for the approval card: common prefix and suffix stripped, then an LCS over the middle
 * when it is small enough (else "all removed, all added"), shown as hunks with a little context and
 * capped in length. Pure.
 */

export interface DiffLine {
  kind: 'ctx' | 'add' | 'del' | 'skip';
  text: string;
  /** For 'skip': how many unchanged lines are hidden. */
  count?: number;
}

export interface LineDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
  /** Lines left out because the diff was longer than maxLines. */
  truncated: number;
  /** The middle was too big for an exact LCS. */
  approximate: boolean;
}

export interface DiffOptions {
  context?: number;
  maxLines?: number;
  /** Upper bound on the LCS table (rows × columns). */
  maxCells?: number;
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function lineDiff(before: string | undefined, after: string, opts: DiffOptions = {}): LineDiff {
  const context = opts.context ?? 3;
  const maxLines = opts.maxLines ?? 400;
  const maxCells = opts.maxCells ?? 4_000_000;
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);

  const ops: DiffLine[] = a.slice(0, pre).map((text) => ({ kind: 'ctx', text }));
  let approximate = false;
  if (am.length * bm.length <= maxCells) ops.push(...lcsOps(am, bm));
  else {
    approximate = true;
    for (const text of am) ops.push({ kind: 'del', text });
    for (const text of bm) ops.push({ kind: 'add', text });
  }
  for (const text of a.slice(a.length - suf)) ops.push({ kind: 'ctx', text });

  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === 'add') added++;
    else if (op.kind === 'del') removed++;
  }
  const hunks = withContext(ops, context);
  const truncated = Math.max(0, hunks.length - maxLines);
  return { lines: truncated ? hunks.slice(0, maxLines) : hunks, added, removed, truncated, approximate };
}

function lcsOps(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text) => ({ kind: 'add', text }));
  if (m === 0) return a.map((text) => ({ kind: 'del', text }));
  // dp[i][j] = LCS length of a[i:] and b[j:]; min(n, m) <= sqrt(maxCells), so 16 bits are plenty
  // for the usual cap, 32 when the caller raises it.
  const W = m + 1;
  const dp = Math.min(n, m) < 65535 ? new Uint16Array((n + 1) * W) : new Uint32Array((n + 1) * W);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * W + j] = a[i] === b[j] ? dp[(i + 1) * W + j + 1] + 1 : Math.max(dp[(i + 1) * W + j], dp[i * W + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'ctx', text: a[i] });
      i++;
      j++;
    } else if (dp[(i + 1) * W + j] >= dp[i * W + j + 1]) out.push({ kind: 'del', text: a[i++] });
    else out.push({ kind: 'add', text: b[j++] });
  }
  while (i < n) out.push({ kind: 'del', text: a[i++] });
  while (j < m) out.push({ kind: 'add', text: b[j++] });
  return out;
}

/** Keeps `context` unchanged lines around each change; longer unchanged runs become one 'skip'. */
function withContext(ops: DiffLine[], context: number): DiffLine[] {
  const keep = new Uint8Array(ops.length);
  ops.forEach((op, k) => {
    if (op.kind === 'ctx') return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) keep[d] = 1;
  });
  const out: DiffLine[] = [];
  let hidden = 0;
  for (let k = 0; k < ops.length; k++) {
    if (keep[k]) {
      if (hidden) out.push({ kind: 'skip', text: '', count: hidden });
      hidden = 0;
      out.push(ops[k]);
    } else hidden++;
  }
  if (hidden) out.push({ kind: 'skip', text: '', count: hidden });
  return out;
}

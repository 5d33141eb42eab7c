/**
 * Reading `git diff -U0 --no-renames --src-prefix=a/ --dst-prefix=b/` and following lines through it:
 * where an old line range sits now, or which of its lines were touched, and the file as it was.
 */
import type { FileDiff, Hunk, LineRange } from './types';

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The diff's files by their path (the new path; the old one for a deleted file). */
export function parseUnifiedDiff(text: string): Map<string, FileDiff> {
  const files = new Map<string, FileDiff>();
  let file: FileDiff | undefined;
  let hunk: Hunk | undefined;
  let oldPath: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('diff --git ')) {
      file = { path: '', deleted: false, created: false, binary: false, hunks: [] };
      hunk = undefined;
      oldPath = undefined;
      continue;
    }
    if (!file) continue;
    if (hunk && (line.startsWith('+') || line.startsWith('-') || line.startsWith(' ') || line.startsWith('\\'))) {
      if (line.startsWith('-')) hunk.removed.push(line.slice(1));
      else if (line.startsWith('+')) hunk.added.push(line.slice(1));
      continue;
    }
    const h = HUNK.exec(line);
    if (h) {
      hunk = {
        oldStart: Number(h[1]),
        oldCount: h[2] === undefined ? 1 : Number(h[2]),
        newStart: Number(h[3]),
        newCount: h[4] === undefined ? 1 : Number(h[4]),
        removed: [],
        added: [],
      };
      file.hunks.push(hunk);
    } else if (line.startsWith('--- ')) {
      oldPath = diffPath(line.slice(4), 'a/');
    } else if (line.startsWith('+++ ')) {
      const newPath = diffPath(line.slice(4), 'b/');
      file.deleted = newPath === undefined;
      file.created = oldPath === undefined;
      file.path = newPath ?? oldPath ?? '';
      if (file.path) files.set(file.path, file);
    } else if (line.startsWith('Binary files ')) {
      file.binary = true;
      file.deleted = / and \/dev\/null differ$/.test(line);
      file.path = binaryPath(line) ?? '';
      if (file.path) files.set(file.path, file);
    }
  }
  return files;
}

/** `a/src/x.ts`, `"a/with\ttab.ts"` or `/dev/null` (undefined). */
function diffPath(field: string, prefix: string): string | undefined {
  const text = field.replace(/\t$/, '');
  if (text === '/dev/null') return undefined;
  const path = text.startsWith('"') ? unquote(text) : text;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function binaryPath(line: string): string | undefined {
  const m = /^Binary files (.+) and (.+) differ$/.exec(line);
  if (!m) return undefined;
  return diffPath(m[2], 'b/') ?? diffPath(m[1], 'a/');
}

/** Git's C-style quoting: \t \n \" \\ and octal bytes (UTF-8). */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  const body = quoted.slice(1, -1);
  const simple: Record<string, number> = { t: 9, n: 10, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...utf8.encode(ch));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export type Followed =
  /** No cited line was touched: the range shifted (or not). */
  | { kind: 'same'; range: LineRange }
  /** Some cited line was edited, removed, or had lines put between: what the range held, and about where it is now. */
  | { kind: 'touched'; was: string[]; near: number };

/**
 * Follows old lines `range` through the hunks of one file. `current` is the file now (its lines), used
 * for the untouched lines of a touched range.
 */
export function followRange(hunks: readonly Hunk[], range: LineRange, current: readonly string[]): Followed {
  let delta = 0;
  let touched: Hunk | undefined;
  for (const h of hunks) {
    if (h.oldCount > 0) {
      const last = h.oldStart + h.oldCount - 1;
      if (last < range.start) delta += h.newCount - h.oldCount;
      else if (h.oldStart <= range.end) touched ??= h;
      else break;
    } else if (h.oldStart < range.start) delta += h.newCount;
    else if (h.oldStart < range.end)
      touched ??= h; // lines put between two cited lines
    else break;
  }
  if (!touched) return { kind: 'same', range: { start: range.start + delta, end: range.end + delta } };
  const was: string[] = [];
  for (let n = range.start; n <= range.end; n++) {
    const old = removedLine(hunks, n);
    if (old !== undefined) was.push(old);
    else was.push(current[(newLineOf(hunks, n) ?? 0) - 1] ?? '');
  }
  return { kind: 'touched', was, near: Math.max(1, touched.newCount > 0 ? touched.newStart : touched.newStart + 1) };
}

/** The old line's text when a hunk removed (or replaced) it. */
function removedLine(hunks: readonly Hunk[], n: number): string | undefined {
  for (const h of hunks) if (h.oldCount > 0 && n >= h.oldStart && n < h.oldStart + h.oldCount) return h.removed[n - h.oldStart];
  return undefined;
}

/** Where old line `n` is now, when no hunk removed it. */
function newLineOf(hunks: readonly Hunk[], n: number): number | undefined {
  let delta = 0;
  for (const h of hunks) {
    if (h.oldCount > 0) {
      if (n >= h.oldStart && n < h.oldStart + h.oldCount) return undefined;
      if (h.oldStart + h.oldCount - 1 < n) delta += h.newCount - h.oldCount;
    } else if (h.oldStart < n) delta += h.newCount;
  }
  return n + delta;
}

/** The file as it was at the commit: the current lines with every hunk undone. */
export function formerLines(current: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let n = 1;
  for (const h of hunks) {
    const before = h.newCount > 0 ? h.newStart - 1 : h.newStart;
    while (n <= before && n <= current.length) out.push(current[n++ - 1]);
    out.push(...h.removed);
    n += h.newCount;
  }
  while (n <= current.length) out.push(current[n++ - 1]);
  return out;
}

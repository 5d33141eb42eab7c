/**
 * Quote matching, whitespace-insensitive: a quote is split at elisions ("...", "…") into fragments,
 * line-number gutters copied from read_file ("  12| ") are dropped, and every fragment must appear.
 */
import { compactText } from './evidence';

/** A file's text with every line's whitespace removed, and where each line starts in it. */
export interface CompactFile {
  lines: string[];
  compact: string;
  /** starts[i] = offset in `compact` where line i+1 begins. */
  starts: number[];
}

export function compactFile(text: string): CompactFile {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const starts: number[] = [];
  let compact = '';
  for (const line of lines) {
    starts.push(compact.length);
    compact += compactText(line);
  }
  return { lines, compact, starts };
}

export function quoteFragments(quote: string): string[] {
  return quote
    .split('\n')
    .map((l) => l.replace(/^ *\d+\| ?/, ''))
    .join('\n')
    .split(/\.\.\.|…/)
    .map(compactText)
    .filter((f) => f.length >= 3);
}

/** The 1-based line where every fragment is found within lines [from, to] (whole file when omitted); undefined when not. */
export function findQuote(file: CompactFile, fragments: readonly string[], from = 1, to = file.lines.length): number | undefined {
  if (fragments.length === 0) return undefined;
  const lo = file.starts[Math.max(0, from - 1)] ?? file.compact.length;
  const hi = to >= file.lines.length ? file.compact.length : (file.starts[to] ?? file.compact.length);
  const region = file.compact.slice(lo, hi);
  let firstAt = -1;
  for (const f of fragments) {
    const at = region.indexOf(f);
    if (at < 0) return undefined;
    if (firstAt < 0) firstAt = at;
  }
  return lineAt(file, lo + firstAt);
}

function lineAt(file: CompactFile, offset: number): number {
  let lo = 0;
  let hi = file.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Whether every fragment appears in a compacted text (a page, or the lines the agent saw). */
export function quoteIn(compact: string, fragments: readonly string[]): boolean {
  return fragments.length > 0 && fragments.every((f) => compact.includes(f));
}

/**
 * The matching lines of a stretch of bytes. With a needle (the literal query, or the literal a regex
 * needs) Buffer.indexOf jumps from one occurrence to the next, and only the line around it is
 * looked at (decoded, for a regex, and tested); without one every line is decoded and tested.
 * Lines are numbered by counting "\n" up to each match only.
 */
import type { Matcher } from './matcher';

/** Matching lines longer than this are cut (ripgrep's lines are cut the same way). */
export const MAX_MATCH_CHARS = 300;
/** Enough bytes for MAX_MATCH_CHARS characters and more, however they are encoded (3 bytes a UTF-16 unit at most). */
const TEXT_BYTES = MAX_MATCH_CHARS * 4 + 4;

export interface Hit {
  line: number;
  text: string;
  /** Offset just past the line's "\n" (absolute). */
  end: number;
}

/** Drops the line terminator and cuts long lines. */
export function cutMatchText(line: string): string {
  const text = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  return text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) + '…' : text;
}

/** Line numbers: how many "\n" lie before a point, counted once from where the last count stopped. */
export class LineCounter {
  /** Absolute offset up to which lines are counted, and the number of the line starting there. */
  private pos = 0;
  private line = 1;

  /** The number of the line starting at buffer offset `at`; `base` is the buffer's absolute offset. */
  lineAt(buf: Buffer, base: number, at: number): number {
    let i = this.pos - base;
    while (i < at) {
      const nl = buf.indexOf(10, i);
      if (nl === -1 || nl >= at) break;
      this.line++;
      i = nl + 1;
    }
    this.pos = base + at;
    return this.line;
  }
}

export interface Stretch {
  buf: Buffer;
  /** Absolute offset of buf[0]. */
  base: number;
  /** The lines in [from, to) are searched; `to` is just past a "\n", or the end of the file. */
  from: number;
  to: number;
}

/** Adds the matching lines of the stretch to `hits`, up to `max` in all. */
export function scanLines(s: Stretch, m: Matcher, max: number, counter: LineCounter, hits: Hit[]): void {
  if (s.from >= s.to || hits.length >= max) return;
  if (m.needle) scanNeedle(s, m.needle, m.test, max, counter, hits);
  else scanEvery(s, m.test ?? (() => true), max, counter, hits);
}

function scanNeedle(s: Stretch, needle: Buffer, test: Matcher['test'], max: number, counter: LineCounter, hits: Hit[]): void {
  if (needle.length === 0 || needle.includes(10)) return; // no line holds a line break
  const view = s.buf.subarray(0, s.to);
  let pos = s.from;
  while (hits.length < max) {
    const at = view.indexOf(needle, pos);
    if (at === -1) return;
    const start = at === s.from ? at : Math.max(s.from, view.lastIndexOf(10, at - 1) + 1);
    const nl = view.indexOf(10, at);
    const stop = nl === -1 ? s.to : nl;
    const next = nl === -1 ? s.to : nl + 1;
    if (!test || test(s.buf.toString('utf8', start, stop))) {
      hits.push({ line: counter.lineAt(s.buf, s.base, start), text: lineText(s.buf, start, stop), end: s.base + next });
    }
    pos = next;
  }
}

function scanEvery(s: Stretch, test: (line: string) => boolean, max: number, counter: LineCounter, hits: Hit[]): void {
  let start = s.from;
  while (start < s.to && hits.length < max) {
    const nl = s.buf.indexOf(10, start);
    const stop = nl === -1 || nl >= s.to ? s.to : nl;
    const next = stop === s.to ? s.to : stop + 1;
    const line = s.buf.toString('utf8', start, stop);
    if (test(line)) hits.push({ line: counter.lineAt(s.buf, s.base, start), text: cutMatchText(line), end: s.base + next });
    start = next;
  }
}

/** The line's text as search results show it: decoded from its first bytes only, then cut. */
function lineText(buf: Buffer, start: number, stop: number): string {
  return cutMatchText(buf.toString('utf8', start, Math.min(stop, start + TEXT_BYTES)));
}

/**
 * One file searched the way ripgrep's walk searches it, as bytes: the first 64 KiB read alone (a
 * NUL there makes the file binary: skipped, the rest never read), the rest read whole, or in
 * windows for a very large file. A UTF-8 byte order mark is skipped and a UTF-16 file is read as
 * text (as rg does); past a later NUL, the lines rg would not have searched are dropped (rgFills.ts).
 * At most `max` lines per file, like rg's --max-count: rg stops reading there, so a NUL further
 * on does not count, but one in the same fill does.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, scanLines, type Hit } from './lineScan';
import type { Matcher } from './matcher';
import { FIRST_FILL, RgFills } from './rgFills';

/** Files up to this size are read whole; larger ones a window of this size at a time. */
export const WINDOW_BYTES = 32 * 1024 * 1024;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** Buffers kept from one file to the next (one set per thread). */
export class ScanBuffers {
  readonly first = Buffer.allocUnsafe(FIRST_FILL);
  private big = Buffer.allocUnsafe(0);

  /** A buffer of at least `size` bytes, reused while it is not too large. */
  take(size: number): Buffer {
    if (this.big.length < size) this.big = Buffer.allocUnsafe(Math.max(size, Math.min(this.big.length * 2, WINDOW_BYTES * 2)));
    return this.big;
  }
}

/** The matching lines of one file (none when it is binary or cannot be read). */
export function scanFile(path: string, m: Matcher, max: number, buffers: ScanBuffers): Hit[] {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NO_FOLLOW);
  } catch {
    return []; // vanished, unreadable, or replaced by a link since the walk
  }
  try {
    const n = readFull(fd, buffers.first, 0, FIRST_FILL, 0);
    if (n < FIRST_FILL) return scanWhole(textOf(buffers.first.subarray(0, n)), m, max);
    const size = fstatSync(fd).size;
    if (size <= WINDOW_BYTES || isUtf16(buffers.first)) {
      const buf = readRest(fd, buffers, n, size);
      return scanWhole(textOf(buf), m, max);
    }
    return scanWindows(fd, buffers, m, max);
  } catch {
    return []; // a read error: skipped, as rg does
  } finally {
    closeSync(fd);
  }
}

/** Reads until `length` bytes or the end of the file; returns how many were read. */
function readFull(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** The whole file, its first block already read; a file that grew is read to its end. */
function readRest(fd: number, buffers: ScanBuffers, have: number, size: number): Buffer {
  let buf = buffers.take(Math.max(size, have) + 1);
  buffers.first.copy(buf, 0, 0, have);
  let length = have;
  for (;;) {
    length += readFull(fd, buf, length, buf.length - length, length);
    if (length < buf.length) return buf.subarray(0, length);
    const bigger = Buffer.allocUnsafe(buf.length * 2);
    buf.copy(bigger, 0, 0, length);
    buf = bigger;
  }
}

function isUtf16(head: Buffer): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/** The text rg searches: without a UTF-8 byte order mark; UTF-16 (with its mark) as UTF-8. */
function textOf(bytes: Buffer): Buffer {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3);
  if (!isUtf16(bytes)) return bytes;
  return Buffer.from(new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes), 'utf8');
}

/**
 * Where rg's walk stops reading a file with a NUL byte: the text offset past which no line is
 * searched; undefined when the file has no NUL, cannot be read, or is too large to replay here.
 */
export function walkCutOf(path: string): number | undefined {
  let text: Buffer;
  try {
    const fd = openSync(path, constants.O_RDONLY | NO_FOLLOW);
    try {
      const size = fstatSync(fd).size;
      if (size > WINDOW_BYTES) return undefined;
      const buf = Buffer.allocUnsafe(size);
      text = textOf(buf.subarray(0, readFull(fd, buf, 0, size, 0)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const nul = text.indexOf(0);
  if (nul === -1) return undefined;
  const fills = new RgFills();
  fills.advance(text.length, true, nul, (end) => text.lastIndexOf(10, end - 1));
  return fills.cut;
}

function scanWhole(text: Buffer, m: Matcher, max: number): Hit[] {
  const nul = text.indexOf(0);
  const fills = new RgFills();
  if (nul !== -1) fills.advance(text.length, true, nul, (end) => text.lastIndexOf(10, end - 1));
  const to = fills.cut ?? text.length;
  const hits: Hit[] = [];
  scanLines({ buf: text, base: 0, from: 0, to }, m, max, new LineCounter(), hits);
  return hits;
}

/**
 * A file larger than one window: each window holds the carried-over partial line and the next bytes;
 * its whole lines are searched, the fills replayed as far as the bytes go. Offsets are the text's
 * (after a UTF-8 byte order mark, `mark` bytes into the file).
 */
function scanWindows(fd: number, buffers: ScanBuffers, m: Matcher, max: number): Hit[] {
  const hits: Hit[] = [];
  const fills = new RgFills();
  const counter = new LineCounter();
  let buf = buffers.take(WINDOW_BYTES);
  let held = readFull(fd, buf, 0, buf.length, 0);
  const mark = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let text = buf.subarray(mark, held);
  let base = 0; // the text offset of text[0]
  let checked = 0; // bytes of text already looked at for a NUL
  let nul = -1;
  let newlineBefore = -1; // the last "\n" before text[0]
  for (;;) {
    const eof = held < buf.length;
    if (nul === -1) {
      const at = text.indexOf(0, checked);
      if (at !== -1) nul = base + at;
    }
    const window = text;
    const windowBase = base;
    const before = newlineBefore;
    fills.advance(base + text.length, eof, nul, (end) => {
      const at = end - windowBase - 1 >= 0 ? window.lastIndexOf(10, end - windowBase - 1) : -1;
      return at === -1 ? before : windowBase + at;
    });
    const last = text.lastIndexOf(10);
    const to = fills.cut !== undefined ? fills.cut - base : eof ? text.length : last + 1;
    scanLines({ buf: text, base, from: 0, to: Math.max(0, to) }, m, max, counter, hits);
    if (fills.cut !== undefined) return hits.filter((h) => h.end <= (fills.cut as number));
    if (eof || (hits.length >= max && fills.consumed >= (hits.at(-1) as Hit).end)) return hits;
    // Carry the partial last line over; a line longer than half the window doubles it.
    const carry = last + 1;
    if (last !== -1) newlineBefore = base + last;
    counter.lineAt(text, base, carry);
    const kept = text.length - carry;
    const next = kept * 2 > buf.length ? Buffer.allocUnsafe(buf.length * 2) : buf;
    text.copy(next, 0, carry, text.length);
    buf = next;
    base += carry;
    checked = kept;
    held = kept + readFull(fd, buf, kept, buf.length - kept, mark + base + kept);
    text = buf.subarray(0, held);
  }
}

/**
 * An index of every text a run read from the workspace, to answer "does this string carry a run of
 * 24 or more characters taken from it?" in time proportional to the string, not to what was read.
 *
 * Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document
 * fingerprinting", SIGMOD 2003, the method behind MOSS): hash every k-gram of a text with a rolling
 * hash, and keep only the smallest hash of each window of w consecutive k-grams. Any substring of
 * length w + k - 1 shares at least one kept fingerprint with the text, so with k = 16 and w = 9 every
 * shared run of 24 characters is found, while only about 2 / (w + 1) of the k-grams are stored. A
 * query hashes all of its own k-grams, looks them up, and confirms each hit against the stored text
 * (hash collisions never become matches), extending it to the longest common run.
 *
 * The same index with k = 8 and a window of 1 (every 8-gram kept) holds the forms of the secrets a
 * run has seen, where a shorter run counts (see secretIndex.ts).
 */

export const MIN_RUN = 24;
const BASE = 0x01000193; // an odd multiplier (FNV's prime); arithmetic is modulo 2^32
/** Positions kept per fingerprint: enough for repeated boilerplate without unbounded lists. */
const MAX_POSITIONS = 8;
const SRC_SHIFT = 2 ** 32;
const FILTER_BITS = 2 ** 20;

export interface ReadSource<L = string> {
  /** What the guard says about it: "read_file notes/.env (turn 3)", or a secret's form. */
  label: L;
  text: string;
}

export interface RunMatch<L = string> {
  /** Start and end (exclusive) of the run in the queried string. */
  start: number;
  end: number;
  source: ReadSource<L>;
}

export interface IndexShape {
  /** Characters per hashed k-gram. */
  k: number;
  /** Shortest run found for certain: k + window - 1. */
  minRun: number;
}

export class ReadIndex<L = string> {
  private readonly k: number;
  private readonly w: number;
  private readonly basePow: number;
  private readonly sources: ReadSource<L>[] = [];
  /** Fingerprint → packed (source index × 2^32 + offset), or a few of them. */
  private readonly prints = new Map<number, number | number[]>();
  /** One bit per 2^20 hash buckets: most k-grams of a query miss, and are known to without a map lookup. */
  private readonly seen = new Uint8Array(FILTER_BITS / 8);
  private chars = 0;

  constructor(shape: IndexShape = { k: 16, minRun: MIN_RUN }) {
    this.k = shape.k;
    this.w = shape.minRun - shape.k + 1;
    this.basePow = powMod32(BASE, shape.k - 1);
  }

  /** Adds a text the run read. Texts shorter than the shortest run cannot hold one and are skipped. */
  add(text: string, label: L): void {
    if (text.length < this.k + this.w - 1) return;
    const id = this.sources.length;
    this.sources.push({ label, text });
    this.chars += text.length;
    this.winnow(text, (hash, offset) => this.keep(hash, id * SRC_SHIFT + offset));
  }

  get size(): { sources: number; chars: number; fingerprints: number } {
    return { sources: this.sources.length, chars: this.chars, fingerprints: this.prints.size };
  }

  /**
   * Every maximal run of `s` that also occurs in a text read and is long enough: at least the
   * index's shortest run, or as long as `longEnough` says for the source it was found in.
   */
  find(s: string, longEnough?: (source: ReadSource<L>, length: number) => boolean): RunMatch<L>[] {
    const out: RunMatch<L>[] = [];
    const k = this.k;
    const minRun = k + this.w - 1;
    if (s.length < k) return out;
    const enough = longEnough ?? ((_source: ReadSource<L>, length: number) => length >= minRun);
    let covered = 0; // runs found never overlap: scanning resumes after the last one
    forEachKgram(s, k, this.basePow, (hash, j) => {
      if (j + k <= covered) return;
      const bucket = hash & (FILTER_BITS - 1);
      if ((this.seen[bucket >>> 3] & (1 << (bucket & 7))) === 0) return;
      const hit = this.prints.get(hash);
      if (hit === undefined) return;
      const best = this.longestAt(s, j, typeof hit === 'number' ? [hit] : hit, enough);
      if (best && best.end > covered) {
        out.push(best);
        covered = best.end;
      }
    });
    return out;
  }

  private keep(hash: number, packed: number): void {
    const bucket = hash & (FILTER_BITS - 1);
    this.seen[bucket >>> 3] |= 1 << (bucket & 7);
    const prior = this.prints.get(hash);
    if (prior === undefined) this.prints.set(hash, packed);
    else if (typeof prior === 'number') this.prints.set(hash, [prior, packed]);
    else if (prior.length < MAX_POSITIONS) prior.push(packed);
  }

  /** The longest common run through s[j, j+k) and one of the positions that is long enough (after confirming the k-gram). */
  private longestAt(
    s: string,
    j: number,
    positions: number[],
    enough: (source: ReadSource<L>, length: number) => boolean,
  ): RunMatch<L> | undefined {
    let best: RunMatch<L> | undefined;
    for (const packed of positions) {
      const source = this.sources[Math.floor(packed / SRC_SHIFT)];
      const off = packed % SRC_SHIFT;
      const t = source.text;
      if (!sameSlice(s, j, t, off, this.k)) continue;
      let a = 0;
      while (j - a > 0 && off - a > 0 && s.charCodeAt(j - a - 1) === t.charCodeAt(off - a - 1)) a++;
      let b = this.k;
      while (j + b < s.length && off + b < t.length && s.charCodeAt(j + b) === t.charCodeAt(off + b)) b++;
      if ((!best || b + a > best.end - best.start) && enough(source, a + b)) best = { start: j - a, end: j + b, source };
    }
    return best;
  }

  /**
   * Robust winnowing: the rightmost minimum of each window of w hashes, each position reported once.
   * Texts reach here with at least k + w - 1 characters, so there is at least one window.
   */
  private winnow(text: string, fn: (hash: number, offset: number) => void): void {
    const W = this.w;
    if (W === 1) return forEachKgram(text, this.k, this.basePow, fn);
    const ring = new Array<number>(W).fill(0);
    let count = 0;
    let minAt = -1;
    forEachKgram(text, this.k, this.basePow, (hash, offset) => {
      ring[offset % W] = hash;
      count++;
      if (count < W) return;
      const start = offset - W + 1;
      if (minAt < start) {
        // the minimum left the window: rescan it (rightmost minimum wins)
        minAt = start;
        for (let p = start + 1; p <= offset; p++) if (ring[p % W] <= ring[minAt % W]) minAt = p;
        fn(ring[minAt % W], minAt);
      } else if (hash <= ring[minAt % W]) {
        minAt = offset;
        fn(hash, offset);
      }
    });
  }
}

function sameSlice(s: string, i: number, t: string, j: number, n: number): boolean {
  for (let x = 0; x < n; x++) if (s.charCodeAt(i + x) !== t.charCodeAt(j + x)) return false;
  return true;
}

/** Calls `fn(hash, offset)` for every k-gram of `text`, with a rolling hash modulo 2^32. */
function forEachKgram(text: string, K: number, basePow: number, fn: (hash: number, offset: number) => void): void {
  if (text.length < K) return;
  let h = 0;
  for (let i = 0; i < K; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) >>> 0;
  fn(h, 0);
  for (let i = K; i < text.length; i++) {
    h = (h - Math.imul(text.charCodeAt(i - K), basePow)) >>> 0;
    h = (Math.imul(h, BASE) + text.charCodeAt(i)) >>> 0;
    fn(h, i - K + 1);
  }
}

function powMod32(base: number, exp: number): number {
  let r = 1;
  for (let i = 0; i < exp; i++) r = Math.imul(r, base) >>> 0;
  return r;
}

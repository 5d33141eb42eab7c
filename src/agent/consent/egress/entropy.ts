/**
 * Random-looking strings: what a key, a hash or an encoded secret looks like, and what words,
 * identifiers, slugs and version numbers do not. A token is a run of letters and digits; short runs
 * joined by single separators ("a1b2-c3d4-e5f6", "s.k.l.i.v.e") count as one, so spacing a string
 * out does not hide it. A token looks random when it has 12+ characters and
 * - switches between letters and digits three or more times (hex, base62, base64), or
 * - is all digits and 20+ long (a number that long encodes ~66 bits), or
 * - its letters are not word-like: camelCase pieces of under three letters on average
 *   ("ZqXvTmLp"), or under a fifth vowels together with a run of five consonants, or a run of seven ("zqxvtmlprkwn").
 * "getElementsByTagName", "ubuntu2204release", "ModuleNotFoundError", "httpsdocspythonorg" are words.
 */

export const MIN_TOKEN = 12;
/** Pieces this short or shorter are joined across one separator. */
const SHORT_PIECE = 6;
const ASCII = /^[\x00-\x7f]*$/;

export interface Token {
  /** The letters and digits (separators of a joined token dropped). */
  text: string;
  /** Where it starts and ends (exclusive) in the text, separators included. */
  start: number;
  end: number;
}

/** Runs of letters and digits in `text` (12+ long), short ones joined across single separators. */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  // A group of short pieces: where it starts and ends, and its pieces' spans (joined only if 12+ long).
  let group: number[] = [];
  let length = 0;
  const close = () => {
    if (length >= MIN_TOKEN) {
      let joined = '';
      for (let k = 0; k < group.length; k += 2) joined += text.slice(group[k], group[k + 1]);
      out.push({ text: joined, start: group[0], end: group[group.length - 1] });
    }
    group = [];
    length = 0;
  };
  forEachRun(text, (start, end) => {
    const n = end - start;
    if (n > SHORT_PIECE) {
      close();
      if (n >= MIN_TOKEN) out.push({ text: text.slice(start, end), start, end });
      return;
    }
    if (group.length === 0 || start - group[group.length - 1] !== 1) close();
    group.push(start, end);
    length += n;
  });
  close();
  return out;
}

/** Calls `fn(start, end)` for every run of letters and digits (ASCII scanned by code, the rest by regex). */
function forEachRun(text: string, fn: (start: number, end: number) => void): void {
  if (!ASCII.test(text)) {
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) fn(m.index, m.index + m[0].length);
    return;
  }
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const alnum = isDigit(c) || isUpper(c) || isLower(c);
    if (alnum && start < 0) start = i;
    else if (!alnum && start >= 0) {
      fn(start, i);
      start = -1;
    }
  }
}

/** The random-looking tokens of `text`. */
export function randomTokens(text: string, min = MIN_TOKEN): Token[] {
  return tokens(text).filter((t) => t.text.length >= min && looksRandom(t.text));
}

export function looksRandom(raw: string): boolean {
  if (raw.length < MIN_TOKEN) return false;
  const token = ASCII.test(raw) ? raw : raw.normalize('NFKC');
  let digits = 0;
  let switches = 0;
  for (let i = 0; i < token.length; i++) {
    const d = isDigit(token.charCodeAt(i));
    if (d) digits++;
    if (i > 0 && d !== isDigit(token.charCodeAt(i - 1))) switches++;
  }
  if (digits === token.length) return token.length >= 20;
  if (switches >= 3) return true;
  // The runs of letters between digits: one of 8+ letters that does not read as words is random.
  let start = 0;
  for (let i = 0; i <= token.length; i++) {
    if (i < token.length && !isDigit(token.charCodeAt(i))) continue;
    if (i - start >= 8 && !wordLike(token, start, i)) return true;
    start = i + 1;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** a e i o u y in either case; letters of other scripts count as vowels (their words are not judged here). */
function isVowel(c: number): boolean {
  const l = c | 32;
  return l === 97 || l === 101 || l === 105 || l === 111 || l === 117 || l === 121 || c > 127;
}

/**
 * Whether letters s[from, to) read as words: camelCase parts of 3+ letters on average, vowels where
 * words have them (not under a fifth with a run of five consonants in a part, no run of seven).
 */
function wordLike(s: string, from: number, to: number): boolean {
  let parts = 1;
  let vowels = 0;
  let run = 0;
  let longest = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const prev = i > from ? s.charCodeAt(i - 1) : 0;
    const next = i + 1 < to ? s.charCodeAt(i + 1) : 0;
    if (i > from && isUpper(c) && (isLower(prev) || (isUpper(prev) && isLower(next)))) {
      parts++; // "getElements": a new part at E; "XMLHttp": at H
      run = 0;
    }
    if (isVowel(c)) {
      vowels++;
      run = 0;
    } else longest = Math.max(longest, ++run);
  }
  const n = to - from;
  if (parts >= 4 && n / parts < 3) return false;
  return !(vowels / n < 0.2 && longest >= 5) && longest < 7;
}

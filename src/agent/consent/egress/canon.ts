/**
 * The canonical form the guard compares in: NFKC, case-folded, letters and digits only. Fullwidth
 * "ｓｋ", "SK", "s-k", "s k" and "s%0Ak" all come out as "sk", so spacing, dashes, case and
 * compatibility characters do not hide a match. And the decodings a receiver may apply: percent-
 * decoding byte by byte (a stray "%FF" becomes U+FFFD, it does not abandon the rest), repeated for
 * double or triple encoding.
 */

/** A canonical text, and for each of its characters the index of the original one it came from. */
export interface Canon {
  text: string;
  at: number[];
}

const nonAscii = new Map<number, string>();
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The canonical letters and digits of one non-ASCII code point ("" when it has none). */
function foldCodePoint(cp: number): string {
  let out = nonAscii.get(cp);
  if (out !== undefined) return out;
  out = '';
  for (const ch of String.fromCodePoint(cp).normalize('NFKC').toUpperCase().toLowerCase()) {
    if (ch.charCodeAt(0) < 128) {
      if (isAsciiAlnum(ch.charCodeAt(0))) out += ch;
    } else if (LETTER_OR_DIGIT.test(ch)) out += ch;
  }
  if (nonAscii.size < 50_000) nonAscii.set(cp, out);
  return out;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

const ASCII = /^[\x00-\x7f]*$/;
const bytes = new TextDecoder('latin1');

/**
 * The canonical form of `s`. `blank` characters (the guard uses U+0000) are kept as they are: they
 * mark text left out of the index, which no canonical argument contains, so no match crosses them.
 */
export function canon(s: string, blank?: string): string {
  if (!ASCII.test(s)) return canonMapped(s, blank).text;
  // The common case, in one pass over the characters without building strings.
  const keep = blank === undefined ? -1 : blank.charCodeAt(0);
  const buf = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 ? c <= 122 : c >= 65 ? c <= 90 : (c >= 48 && c <= 57) || c === keep) buf[n++] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  return bytes.decode(buf.subarray(0, n));
}

/** The canonical form with, for each character, where it came from in `s`. */
export function canonMapped(s: string, blank?: string): Canon {
  const codes: number[] = [];
  const at: number[] = [];
  const blankCode = blank === undefined ? -1 : blank.charCodeAt(0);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) (codes.push(c + 32), at.push(i));
      else if (isAsciiAlnum(c) || c === blankCode) (codes.push(c), at.push(i));
      continue;
    }
    const start = i;
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const piece = foldCodePoint(cp);
    for (let k = 0; k < piece.length; k++) (codes.push(piece.charCodeAt(k)), at.push(start));
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
  return { text, at };
}

const utf8 = new TextEncoder();
const lenient = new TextDecoder('utf-8', { fatal: false });

/** Percent-decodes byte by byte: "%XX" becomes that byte, anything else its UTF-8; bad sequences become U+FFFD. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  let plain = '';
  const flush = () => {
    if (plain) for (const b of utf8.encode(plain)) bytes.push(b);
    plain = '';
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      flush();
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else plain += s[i];
  }
  flush();
  return lenient.decode(Uint8Array.from(bytes));
}

/** `s` decoded again and again (at most `depth` times) while that changes it: "%2573" → "%73" → "s". */
export function decodings(s: string, depth = 4): string[] {
  const out: string[] = [];
  let current = s;
  for (let i = 0; i < depth; i++) {
    const next = percentDecode(current);
    if (next === current) break;
    out.push(next);
    current = next;
  }
  return out;
}

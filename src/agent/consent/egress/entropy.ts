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
const VOWELS = /[aeiouy]/i;
const CONSONANTS_5 = /[^aeiouy]{5,}/;
const CONSONANTS_7 = /[^aeiouy]{7,}/;

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
  let group: Token | undefined;
  const close = () => {
    if (group && group.text.length >= MIN_TOKEN) out.push(group);
    group = undefined;
  };
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const piece = { text: m[0], start: m.index, end: m.index + m[0].length };
    if (piece.text.length > SHORT_PIECE) {
      close();
      if (piece.text.length >= MIN_TOKEN) out.push(piece);
    } else if (group && piece.start - group.end === 1) {
      group = { text: group.text + piece.text, start: group.start, end: piece.end };
    } else {
      close();
      group = piece;
    }
  }
  close();
  return out;
}

/** The random-looking tokens of `text`. */
export function randomTokens(text: string, min = MIN_TOKEN): Token[] {
  return tokens(text).filter((t) => t.text.length >= min && looksRandom(t.text));
}

export function looksRandom(raw: string): boolean {
  if (raw.length < MIN_TOKEN) return false;
  const token = raw.normalize('NFKC');
  let digits = 0;
  let switches = 0;
  for (let i = 0; i < token.length; i++) {
    const d = isDigit(token.charCodeAt(i));
    if (d) digits++;
    if (i > 0 && d !== isDigit(token.charCodeAt(i - 1))) switches++;
  }
  if (digits === token.length) return token.length >= 20;
  if (switches >= 3) return true;
  return token
    .split(/\p{N}+/u)
    .filter((letters) => letters.length >= 8)
    .some((letters) => !wordLike(letters));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters that read as words: camelCase parts of 3+ letters on average, and vowels where words have them. */
function wordLike(letters: string): boolean {
  const parts = letters.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u);
  if (parts.length >= 4 && letters.length / parts.length < 3) return false;
  const lower = letters.toLowerCase();
  let vowels = 0;
  for (const ch of lower) if (VOWELS.test(ch)) vowels++;
  // Consonant runs are looked for within each camelCase part: "XMLHttp" is two words, not eight consonants.
  const cluster = (run: RegExp) => parts.some((p) => run.test(p.toLowerCase()));
  return !(vowels / lower.length < 0.2 && cluster(CONSONANTS_5)) && !cluster(CONSONANTS_7);
}

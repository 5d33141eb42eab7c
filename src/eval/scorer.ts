/**
 * GAIA's question scorer (the leaderboard's scorer.py), ported rule for rule:
 * - a ground truth Python's float() accepts is numeric: the answer, with `$`, `%` and `,` removed, must
 *   parse as a Python float and be equal;
 * - else a ground truth holding `,` or `;` is a list: both sides split on [,;], same length, same order,
 *   each element numeric (as above) when its ground truth is, else compared with whitespace removed and
 *   lower-cased (punctuation kept);
 * - else both strings with all whitespace and ASCII punctuation removed, lower-cased, must be equal.
 * One deliberate difference: scorer.py maps an unparsable answer to float("inf"), which would match a
 * ground truth of "inf"; here an unparsable answer is simply wrong. A missing answer is always wrong.
 */

/** Python's str.isspace() characters (what float() strips and what `\s` matches in a str pattern). */
const PY_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_EDGES = new RegExp(`^[${PY_SPACE_CLASS}]+|[${PY_SPACE_CLASS}]+$`, 'g');
const PY_SPACE_ALL = new RegExp(`[${PY_SPACE_CLASS}]`, 'g');
/** Python's string.punctuation. */
const ASCII_PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

// Digits with single underscores between them, as float() accepts since Python 3.6 ("1_000").
const DIGITS = '[0-9](?:_?[0-9])*';
const PY_FLOAT = new RegExp(`^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`, 'i');

/** Python's float(s), or undefined where it raises ValueError. Never JS's parseFloat/Number quirks. */
export function pyFloat(s: string): number | undefined {
  const t = s.replace(PY_SPACE_EDGES, '');
  if (!PY_FLOAT.test(t)) return undefined;
  const body = t.replace(/^[+-]/, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  return Number(t.replace(/_/g, ''));
}

/** scorer.py's normalize_number_str, except that unparsable is undefined rather than inf. */
export function normalizeNumber(answer: string): number | undefined {
  return pyFloat(answer.replace(/[$%,]/g, ''));
}

/** scorer.py's normalize_str. */
export function normalizeString(s: string, removePunct = true): string {
  const noSpaces = s.replace(PY_SPACE_ALL, '').toLowerCase();
  return removePunct ? noSpaces.replace(ASCII_PUNCT, '') : noSpaces;
}

function numberMatches(answer: string, truth: number): boolean {
  const n = normalizeNumber(answer);
  return n !== undefined && n === truth; // NaN never equals, as in Python
}

export function questionScorer(modelAnswer: string | undefined, groundTruth: string): boolean {
  if (modelAnswer === undefined) return false;
  const truth = pyFloat(groundTruth);
  if (truth !== undefined) return numberMatches(modelAnswer, truth);
  if (/[,;]/.test(groundTruth)) {
    const truths = groundTruth.split(/[,;]/);
    const answers = modelAnswer.split(/[,;]/);
    if (truths.length !== answers.length) return false;
    return truths.every((t, i) => {
      const n = pyFloat(t);
      return n !== undefined ? numberMatches(answers[i], n) : normalizeString(answers[i], false) === normalizeString(t, false);
    });
  }
  return normalizeString(modelAnswer) === normalizeString(groundTruth);
}

/**
 * What the builtin search looks for, as bytes. A literal query is its UTF-8 bytes, found with
 * Buffer.indexOf. A regex is tested line by line, but only on the lines that hold a literal every
 * match must contain (read off the pattern here), so a regex that matches nothing costs about what
 * a literal does. Lines are tested with their "\r" (as ripgrep, which only ends lines at "\n"), and
 * `.` matches it (the `s` flag: "\n" never reaches the test).
 */
import { ToolError } from '../../agent/tool';

export interface QuerySpec {
  query: string;
  regex: boolean;
}

export interface Matcher {
  /** Bytes every matching line holds; undefined: every line is tested. */
  needle?: Buffer;
  /** For a regex: the test of one line, without its "\n". Undefined: holding the needle is a match. */
  test?: (line: string) => boolean;
}

/** Throws the ToolError for a regex JavaScript refuses. */
export function compileQuery(spec: QuerySpec): Matcher {
  if (!spec.regex) return { needle: Buffer.from(spec.query, 'utf8') };
  let pattern: RegExp;
  try {
    pattern = new RegExp(spec.query, 's');
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new ToolError(`Invalid regular expression ${JSON.stringify(spec.query)}: ${why}`);
  }
  const literal = requiredLiteral(spec.query);
  return { ...(literal ? { needle: Buffer.from(literal, 'latin1') } : {}), test: (line) => pattern.test(line) };
}

/** Printable ASCII only: a literal taken into the prefilter is then the same bytes in UTF-8. */
const PLAIN = /^[\x20-\x7e]$/;
/** Escapes that stand for themselves: `\.` `\{` `\\` and the like. */
const ESCAPED_SELF = /^[!-/:-@[-`{-~]$/;

/**
 * The longest run of characters every match of `source` holds in a row, or '' when none is sure: a
 * top-level alternation gives none; groups, classes, escapes for classes of characters, anchors and
 * optional characters end a run. Only certain runs are taken: missing one would lose matches.
 */
export function requiredLiteral(source: string): string {
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    let atom: string | undefined; // a literal character, else undefined for any other atom
    if (c === '|') return '';
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      atom = ESCAPED_SELF.test(next) ? next : undefined;
      i += 2;
    } else if (c === '[') {
      i = skipClass(source, i);
    } else if (c === '(') {
      i = skipGroup(source, i);
    } else if ('.^$'.includes(c)) {
      i++;
    } else if (quantifierAt(source, i)) {
      return ''; // a quantifier with nothing before it: left unfiltered
    } else {
      atom = c; // "{" that starts no quantifier, "]" and "}" are literal too
      i++;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      i = quantifier.end;
      if (atom !== undefined && quantifier.min >= 1 && PLAIN.test(atom)) run += atom;
      end();
      continue;
    }
    if (atom !== undefined && PLAIN.test(atom)) run += atom;
    else end();
  }
  end();
  return best;
}

/** The quantifier starting at `i` (with its lazy `?`), if any. */
function quantifierAt(source: string, i: number): { min: number; end: number } | undefined {
  const c = source[i];
  let min: number;
  let end: number;
  if (c === '*' || c === '?') [min, end] = [0, i + 1];
  else if (c === '+') [min, end] = [1, i + 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i));
    if (!m) return undefined;
    [min, end] = [Number(m[1]), i + m[0].length];
  } else return undefined;
  return { min, end: source[end] === '?' ? end + 1 : end };
}

/** The index after the class that starts at `i` ("[...]", escapes inside; "[]" is an empty class). */
function skipClass(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') return j + 1;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The index after the group that starts at `i`, nested groups and classes inside. */
function skipGroup(source: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < source.length) {
    const c = source[j];
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(source, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return j;
}

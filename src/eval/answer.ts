/**
 * The final answer of an evaluated run, as MiroThinker's output formatter reads it: the last
 * `\boxed{…}` (brace depth counted, backslash escapes skipped, an unclosed box read to the end), else
 * the last `FINAL ANSWER:` line (GAIA's own prompt format), else the whole answer. "unknown", "?" and
 * "..." are what a model writes when it has nothing: they count as no answer.
 */

export type AnswerSource = 'boxed' | 'final_answer_line' | 'whole' | 'none';

export interface ExtractedAnswer {
  /** undefined when the run gave no usable answer. */
  answer: string | undefined;
  source: AnswerSource;
}

const NO_ANSWER = new Set(['', 'unknown', '?', '...', '…']);
const BOX_OPEN = /\\boxed\s*\{/g;
const FINAL_LINE = /FINAL ANSWER\s*:[ \t]*(.*)$/gim;

export function extractAnswer(text: string | undefined): ExtractedAnswer {
  if (text === undefined) return { answer: undefined, source: 'none' };
  const boxed = lastBoxed(text);
  if (boxed !== undefined) return judged(boxed, 'boxed');
  let line: string | undefined;
  for (const m of text.matchAll(FINAL_LINE)) line = m[1];
  if (line !== undefined) return judged(stripMarkdown(line), 'final_answer_line');
  return judged(text.trim(), 'whole');
}

function judged(answer: string, source: AnswerSource): ExtractedAnswer {
  const cleaned = answer.trim();
  return isNoAnswer(cleaned) ? { answer: undefined, source: 'none' } : { answer: cleaned, source };
}

export function isNoAnswer(answer: string): boolean {
  const s = answer.trim().toLowerCase();
  // "Unknown." is no answer either; "..." itself is in the set.
  return NO_ANSWER.has(s) || NO_ANSWER.has(s.replace(/(?<!\.)\.$/, ''));
}

/** The content of the last non-empty `\boxed{…}`, or undefined when there is none. */
export function lastBoxed(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(BOX_OPEN)) {
    const content = readBox(text, m.index + m[0].length);
    if (content.trim()) last = content;
  }
  return last === undefined ? undefined : unwrap(last);
}

/** Reads from just after `{` to its matching `}`; an unclosed box runs to the end of the text. */
function readBox(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++; // an escaped character (\{ \} \\ …) never changes the depth
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/** `\text{Paris}` → `Paris`; LaTeX escapes of plain characters (`\%`, `\$`, `\,` …) → the character. */
function unwrap(content: string): string {
  let s = content.trim();
  const text = /^\\(?:text|textbf|mathrm|mathbf)\s*\{([\s\S]*)\}$/.exec(s);
  if (text && balanced(text[1])) s = text[1].trim();
  return s.replace(/\\([%$&#_{}, ])/g, (_, c: string) => (c === ',' ? ',' : c));
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A FINAL ANSWER line often comes in bold or code: `**FINAL ANSWER:** 42` leaves `** 42`. */
function stripMarkdown(line: string): string {
  return line.replace(/^[\s*_`]+|[\s*_`]+$/g, '');
}

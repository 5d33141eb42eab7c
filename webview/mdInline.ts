/**
 * Inline Markdown: emphasis, strikethrough, code spans, links, autolinks, escapes and hard breaks.
 * One scanner per construct, tried at each position by its first character; anything not recognised,
 * raw HTML included, is literal text. Links keep an href only when it is http(s).
 */
import { safeHttpUrl, trimUrl } from './linkify';

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'code'; s: string }
  | { t: 'em' | 'strong' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

/** Deeper nesting than this is shown flat (hostile input cannot blow the stack). */
export const MAX_DEPTH = 16;

const PUNCT = /[!-/:-@[-`{-~]/;

/** The nodes parsed so far, with adjacent literal characters gathered into one text node. */
class InlineRun {
  private readonly out: Inline[] = [];
  /** Literal text not yet pushed as a node. */
  text = '';

  push(...nodes: Inline[]): void {
    if (this.text) this.out.push({ t: 'text', s: this.text });
    this.text = '';
    this.out.push(...nodes);
  }

  finish(): Inline[] {
    this.push();
    return this.out;
  }
}

/** Parses the construct starting at `i` into `run`; returns where parsing goes on, or undefined when there is none. */
type Scanner = (src: string, i: number, run: InlineRun, depth: number) => number | undefined;

/** Inline content. Anything not recognised, raw HTML included, is literal text. */
export function inlines(src: string, depth = 0): Inline[] {
  const run = new InlineRun();
  let i = 0;
  while (i < src.length) {
    const next = scannerFor(src[i], depth)?.(src, i, run, depth);
    if (next === undefined) run.text += src[i++];
    else i = next;
  }
  return run.finish();
}

function scannerFor(ch: string, depth: number): Scanner | undefined {
  switch (ch) {
    case '\\':
      return backslash;
    case '\n':
      return lineBreak;
    case '`':
      return codeSpan;
    case '*':
    case '_':
    case '~':
      return depth < MAX_DEPTH ? emphasisAt : undefined;
    case '[':
    case '!':
      return depth < MAX_DEPTH ? linkAt : undefined;
    case '<':
      return angleAutolink;
    case 'h':
    case 'H':
      return bareAutolink;
    default:
      return undefined;
  }
}

/** A backslash before a newline is a hard break; before punctuation, it makes that character literal. */
const backslash: Scanner = (src, i, run) => {
  if (i + 1 >= src.length) return undefined;
  const next = src[i + 1];
  if (next === '\n') {
    run.push({ t: 'br' });
    return i + 2;
  }
  if (PUNCT.test(next)) {
    run.text += next;
    return i + 2;
  }
  return undefined;
};

/** Two trailing spaces make a newline a hard break; otherwise it stays in the text. */
const lineBreak: Scanner = (_src, i, run) => {
  if (run.text.endsWith('  ')) {
    run.text = run.text.trimEnd();
    run.push({ t: 'br' });
  } else run.text += '\n';
  return i + 1;
};

/** A run of backticks up to the next run of the same length; unclosed, the backticks are literal. */
const codeSpan: Scanner = (src, i, run) => {
  let ticks = 1;
  while (src[i + ticks] === '`') ticks++;
  const fence = '`'.repeat(ticks);
  const close = findRun(src, fence, i + ticks);
  if (close === -1) {
    run.text += fence;
    return i + ticks;
  }
  let code = src.slice(i + ticks, close).replace(/\n/g, ' ');
  if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
  run.push({ t: 'code', s: code });
  return close + ticks;
};

const emphasisAt: Scanner = (src, i, run, depth) => {
  const r = emphasis(src, i, depth);
  if (!r) return undefined;
  run.push(r.node);
  return r.next;
};

const linkAt: Scanner = (src, i, run, depth) => {
  if (src[i] === '!' && src[i + 1] !== '[') return undefined;
  const r = link(src, i, depth);
  if (!r) return undefined;
  run.push(...r.nodes);
  return r.next;
};

/** `<https://…>` */
const angleAutolink: Scanner = (src, i, run) => {
  const m = /^<(https?:\/\/[^\s<>]*)>/i.exec(src.slice(i, i + 2100));
  const href = m ? safeHttpUrl(m[1]) : undefined;
  if (!m || !href) return undefined;
  run.push({ t: 'link', href, c: [{ t: 'text', s: m[1] }] });
  return i + m[0].length;
};

/** A bare http(s) URL that does not continue a word or a path. */
const bareAutolink: Scanner = (src, i, run) => {
  if (!/^https?:\/\//i.test(src.slice(i, i + 8)) || /[\w/]$/.test(run.text)) return undefined;
  const raw = trimUrl(/^https?:\/\/[^\s<>"'`]+/i.exec(src.slice(i, i + 2100))![0]);
  const href = safeHttpUrl(raw);
  if (!href) return undefined;
  run.push({ t: 'link', href, c: [{ t: 'text', s: raw }] });
  return i + raw.length;
};

function findRun(src: string, fence: string, from: number): number {
  let at = src.indexOf(fence, from);
  while (at !== -1) {
    let end = at + fence.length;
    if (src[end] !== fence[0] && src[at - 1] !== fence[0]) return at;
    while (src[end] === fence[0]) end++;
    at = src.indexOf(fence, end);
  }
  return -1;
}

function emphasis(src: string, i: number, depth: number): { node: Inline; next: number } | undefined {
  const ch = src[i];
  const double = src[i + 1] === ch;
  if (ch === '~' && !double) return undefined;
  const delim = double ? ch + ch : ch;
  const after = src[i + delim.length];
  if (after === undefined || /\s/.test(after) || after === ch) return undefined;
  // "_" inside words (snake_case) is not emphasis.
  if (ch === '_' && i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1])) return undefined;
  let at = src.indexOf(delim, i + delim.length + 1);
  // Bounded search: unmatched delimiters in hostile text cost O(1) each, not O(n).
  for (let tries = 0; at !== -1 && tries < 32 && at - i < 8000; tries++) {
    const before = src[at - 1];
    const next = src[at + delim.length];
    const okEnd = !/\s/.test(before) && (next !== ch || double) && !(ch === '_' && next !== undefined && /[\p{L}\p{N}]/u.test(next));
    if (okEnd && src.slice(i + delim.length, at).indexOf('\n\n') === -1) {
      const inner = inlines(src.slice(i + delim.length, at), depth + 1);
      const t = ch === '~' ? 'del' : double ? 'strong' : 'em';
      return { node: { t, c: inner }, next: at + delim.length };
    }
    at = src.indexOf(delim, at + 1);
  }
  return undefined;
}

/** `[text](url "title")` and `![alt](url)`; a link whose URL is not http(s) stays literal text. */
function link(src: string, i: number, depth: number): { nodes: Inline[]; next: number } | undefined {
  const image = src[i] === '!';
  const open = image ? i + 1 : i;
  let level = 0;
  let close = -1;
  for (let k = open; k < src.length && k < open + 1000; k++) {
    const c = src[k];
    if (c === '\\') {
      k++;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', k + 1);
      if (end !== -1) k = end;
      continue;
    }
    if (c === '[') level++;
    else if (c === ']' && --level === 0) {
      close = k;
      break;
    }
  }
  if (close === -1 || src[close + 1] !== '(') return undefined;
  let k = close + 2;
  let parens = 1;
  for (; k < src.length && k < close + 4200; k++) {
    if (src[k] === '\\') {
      k++;
      continue;
    }
    if (src[k] === '(') parens++;
    else if (src[k] === ')' && --parens === 0) break;
  }
  if (parens !== 0) return undefined;
  const whole = src.slice(i, k + 1);
  let dest = src.slice(close + 2, k).trim();
  const titled = /^(\S+)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))$/.exec(dest);
  if (titled) dest = titled[1]!;
  if (dest.startsWith('<') && dest.endsWith('>')) dest = dest.slice(1, -1);
  const href = safeHttpUrl(dest);
  const label = src.slice(open + 1, close);
  if (!href) return { nodes: [{ t: 'text', s: whole }], next: k + 1 };
  const c: Inline[] = image ? [{ t: 'text', s: `image: ${label || dest}` }] : unlink(inlines(label, depth + 1));
  return { nodes: [{ t: 'link', href, c }], next: k + 1 };
}

/** A link's label cannot hold another link: nested ones keep only their text. */
function unlink(nodes: Inline[]): Inline[] {
  return nodes.flatMap((n): Inline[] =>
    n.t === 'link' ? unlink(n.c) : n.t === 'em' || n.t === 'strong' || n.t === 'del' ? [{ t: n.t, c: unlink(n.c) }] : [n],
  );
}

/** The plain text of inline nodes (for comparisons and accessible names). */
export function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.s : n.t === 'br' ? '\n' : inlineText(n.c))).join('');
}

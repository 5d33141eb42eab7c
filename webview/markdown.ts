/**
 * A small Markdown parser for model text: headings, paragraphs, emphasis, strikethrough, inline code,
 * fenced code, lists, blockquotes, tables, rules, links and autolinks. It returns a tree, never HTML:
 * raw HTML in the source stays literal text, and links keep an href only when it is http(s).
 * Pure: no DOM (mdDom.ts builds the nodes).
 */
import { safeHttpUrl, trimUrl } from './linkify';

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'code'; s: string }
  | { t: 'em' | 'strong' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'para'; c: Inline[] }
  | { t: 'code'; lang: string; s: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][]; align: ('left' | 'center' | 'right' | '')[] }
  | { t: 'hr' };

/** Deeper nesting than this is shown flat (hostile input cannot blow the stack). */
const MAX_DEPTH = 16;

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}>/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_SEP = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const BLANK = /^[ \t]*$/;

export function parseMarkdown(src: string): Block[] {
  return blocks(src.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || ATX.test(line) || HR.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function blocks(lines: string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (BLANK.test(line)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = FENCE.exec(line))) {
      const fence = m[1];
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]);
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
          i++;
          break;
        }
        body.push(lines[i]);
        i++;
      }
      out.push({ t: 'code', lang: m[2] ?? '', s: body.join('\n') });
      continue;
    }
    if ((m = ATX.exec(line))) {
      out.push({ t: 'heading', level: m[1].length, c: inlines(m[2] ?? '', depth) });
      i++;
      continue;
    }
    if (HR.test(line)) {
      out.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) {
        inner.push(lines[i].replace(/^ {0,3}> ?/, ''));
        i++;
      }
      out.push(depth < MAX_DEPTH ? { t: 'quote', c: blocks(inner, depth + 1) } : { t: 'para', c: [{ t: 'text', s: inner.join('\n') }] });
      continue;
    }
    if ((m = ITEM.exec(line))) {
      const r = list(lines, i, depth);
      out.push(r.block);
      i = r.next;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const head = cells(line);
      const align = cells(lines[i + 1]).map((c) =>
        c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : '',
      ) as ('left' | 'center' | 'right' | '')[];
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && !BLANK.test(lines[i]) && lines[i].includes('|')) {
        rows.push(
          cells(lines[i])
            .slice(0, head.length)
            .map((c) => inlines(c, depth)),
        );
        i++;
      }
      out.push({ t: 'table', head: head.map((c) => inlines(c, depth)), rows, align: align.slice(0, head.length) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !BLANK.test(lines[i]) && (para.length === 0 || !startsBlock(lines[i]))) {
      para.push(lines[i]);
      i++;
    }
    out.push({ t: 'para', c: inlines(para.join('\n').trim(), depth) });
  }
  return out;
}

function cells(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (s[i] === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  out.push(cur.trim());
  return out;
}

function list(lines: string[], start: number, depth: number): { block: Block; next: number } {
  const first = ITEM.exec(lines[start])!;
  const ordered = /\d/.test(first[2]);
  const startNum = ordered ? Number.parseInt(first[2], 10) : 1;
  const items: string[][] = [];
  let i = start;
  let cur: string[] | undefined;
  let indent = 0;
  let blankBefore = false;
  while (i < lines.length) {
    const line = lines[i];
    const m = ITEM.exec(line);
    if (m && /\d/.test(m[2]) === ordered && (cur === undefined || m[1].length < indent)) {
      // A sibling item.
      indent = m[0].length;
      cur = [line.slice(m[0].length)];
      items.push(cur);
      blankBefore = false;
      i++;
      continue;
    }
    if (BLANK.test(line)) {
      blankBefore = true;
      cur!.push('');
      i++;
      continue;
    }
    const lead = line.length - line.trimStart().length;
    if (lead >= Math.min(indent, 4) && lead > 0) {
      cur!.push(line.slice(Math.min(lead, indent)));
      blankBefore = false;
      i++;
      continue;
    }
    if (!blankBefore && !startsBlock(line)) {
      cur!.push(line); // lazy continuation of the item's paragraph
      i++;
      continue;
    }
    break;
  }
  const parsed = items.map((it) =>
    depth < MAX_DEPTH ? blocks(it, depth + 1) : [{ t: 'para', c: [{ t: 'text', s: it.join('\n') }] } as Block],
  );
  return { block: { t: 'list', ordered, start: startNum, items: parsed }, next: i };
}

const PUNCT = /[!-/:-@[-`{-~]/;

/** Inline content. Anything not recognised, raw HTML included, is literal text. */
export function inlines(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = (): void => {
    if (text) out.push({ t: 'text', s: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\' && i + 1 < src.length) {
      const next = src[i + 1];
      if (next === '\n') {
        flush();
        out.push({ t: 'br' });
        i += 2;
        continue;
      }
      if (PUNCT.test(next)) {
        text += next;
        i += 2;
        continue;
      }
    }
    if (ch === '\n') {
      if (text.endsWith('  ')) {
        text = text.trimEnd();
        flush();
        out.push({ t: 'br' });
      } else text += '\n';
      i++;
      continue;
    }
    if (ch === '`') {
      let run = 1;
      while (src[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = findRun(src, fence, i + run);
      if (close !== -1) {
        flush();
        let code = src.slice(i + run, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        out.push({ t: 'code', s: code });
        i = close + run;
        continue;
      }
      text += fence;
      i += run;
      continue;
    }
    if ((ch === '*' || ch === '_' || ch === '~') && depth < MAX_DEPTH) {
      const r = emphasis(src, i, depth);
      if (r) {
        flush();
        out.push(r.node);
        i = r.next;
        continue;
      }
    }
    if ((ch === '[' || (ch === '!' && src[i + 1] === '[')) && depth < MAX_DEPTH) {
      const r = link(src, i, depth);
      if (r) {
        flush();
        out.push(...r.nodes);
        i = r.next;
        continue;
      }
    }
    if (ch === '<') {
      const m = /^<(https?:\/\/[^\s<>]*)>/i.exec(src.slice(i, i + 2100));
      const href = m ? safeHttpUrl(m[1]) : undefined;
      if (m && href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', s: m[1] }] });
        i += m[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && /^https?:\/\//i.test(src.slice(i, i + 8)) && !/[\w/]$/.test(text)) {
      const raw = trimUrl(/^https?:\/\/[^\s<>"'`]+/i.exec(src.slice(i, i + 2100))![0]);
      const href = safeHttpUrl(raw);
      if (href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', s: raw }] });
        i += raw.length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

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

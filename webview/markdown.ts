/**
 * A small Markdown parser for model text: headings, paragraphs, emphasis, strikethrough, inline code,
 * fenced code, lists, blockquotes, tables, rules, links and autolinks. It returns a tree, never HTML:
 * raw HTML in the source stays literal text, and links keep an href only when it is http(s).
 * Pure: no DOM (mdDom.ts builds the nodes). Blocks here; inline content in mdInline.ts.
 */
import { inlines, MAX_DEPTH, type Inline } from './mdInline';

export { inlines, inlineText, type Inline } from './mdInline';

export type Block =
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'para'; c: Inline[] }
  | { t: 'code'; lang: string; s: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][]; align: ('left' | 'center' | 'right' | '')[] }
  | { t: 'hr' };

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

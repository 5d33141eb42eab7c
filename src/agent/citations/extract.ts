/**
 * Finds the citations in an answer: `path:line`, `path:line-line`, `path#L12`, bare workspace paths,
 * Markdown links to files, URLs, and the quoted spans (text in quotes, inline code, a fenced block
 * right after the line) that sit next to them. Pure and linear in the answer's length.
 */
import { normalizeCitedPath } from './paths';
import type { Citation, LineRange } from './types';

/** A URL; balanced parentheses stay in (Wikipedia's "Foo_(bar)"), a Markdown link's closing one does not. */
const URL_RE = /\bhttps?:\/\/(?:[^\s<>()"'`\]]|\([^\s<>()"'`]*\))+/g;
const LINK_RE = /\[([^\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;
/** A path with an extension, or any path followed by a line suffix; optional ./, ../, / or C:\ in front. */
const PATH_RE =
  /(?<![\w@/\\.:-])(?:[a-zA-Z]:[\\/]|\.{1,2}[\\/]|[\\/])?(?:[\w@+-][\w@.+-]*[\\/])*[\w@+-][\w@.+-]*(?::\d+(?:[-–]\d+)?(?::\d+)?|#L\d+(?:-L?\d+)?)?/g;
/** A file name's extension: 1-10 characters, at least one a letter ("a.ts", not "1.5"). */
const EXTENSION = /\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,10}$/;
const INLINE_CODE_RE = /`([^`\n]+)`/g;
const DOUBLE_QUOTE_RE = /"([^"\n]{3,})"|“([^”\n]{3,})”/g;
const TRAILING = /[.,;:!?'"’”*_]+$/;

export interface ExtractOptions {
  /** The workspace folder, so absolute paths under it count as workspace paths. */
  workspaceRoot?: string;
}

interface Span {
  start: number;
  end: number;
}

export function extractCitations(answer: string, options: ExtractOptions = {}): Citation[] {
  const fences = fencedBlocks(answer);
  const masked = blank(answer, fences);
  const found: Citation[] = [];
  const taken: Span[] = [];
  for (const m of masked.matchAll(LINK_RE)) {
    const target = m[2];
    const at = m.index + m[0].lastIndexOf(target);
    if (/^https?:\/\//i.test(target)) continue; // the URL pass below takes it
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-zA-Z]:[\\/]/.test(target)) continue; // mailto:, vscode:, …
    const c = fileCitation(target, at, options, true);
    if (c) found.push(c);
    taken.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of masked.matchAll(URL_RE)) {
    const raw = m[0].replace(TRAILING, '');
    found.push({ kind: 'url', ref: raw, raw, index: m.index, quotes: [], codeQuotes: [] });
  }
  const urls = found.filter((c) => c.kind === 'url').map((c) => ({ start: c.index, end: c.index + c.raw.length }));
  for (const m of blank(masked, [...urls, ...taken]).matchAll(PATH_RE)) {
    const c = fileCitation(m[0], m.index, options, false);
    if (c && (c.lines ? EXTENSION.test(c.ref) || c.ref.includes('/') : EXTENSION.test(c.ref))) found.push(c);
  }
  found.sort((a, b) => a.index - b.index);
  attachQuotes(answer, masked, fences, found);
  return found;
}

function fileCitation(text: string, index: number, options: ExtractOptions, linked: boolean): Citation | undefined {
  const raw = text.replace(TRAILING, '');
  const suffix = /(?::(\d+)(?:[-–](\d+))?(?::\d+)?|#L(\d+)(?:-L?(\d+))?)$/.exec(raw);
  const pathPart = suffix ? raw.slice(0, suffix.index) : raw;
  if (pathPart === '') return undefined;
  const lines = suffix ? rangeOf(suffix[1] ?? suffix[3], suffix[2] ?? suffix[4]) : undefined;
  const { path, outside } = normalizeCitedPath(pathPart, options.workspaceRoot);
  const folderless = !/[\\/]/.test(pathPart);
  return {
    kind: 'file',
    ref: path,
    raw,
    index,
    ...(lines ? { lines } : {}),
    quotes: [],
    codeQuotes: [],
    ...(folderless && !lines && !linked ? { weak: true } : {}),
    ...(outside ? { outside: true } : {}),
  };
}

function rangeOf(a: string, b: string | undefined): LineRange | undefined {
  const start = Number(a);
  const end = b === undefined ? start : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1) return undefined;
  return end >= start ? { start, end } : { start: end, end: start };
}

/** Fenced code blocks (``` or ~~~): their paths are code, not citations, but a block can be a quote. */
function fencedBlocks(text: string): Array<Span & { body: string }> {
  const blocks: Array<Span & { body: string }> = [];
  const re = /^( {0,3})(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\2[`~]*[ \t]*$/gm;
  for (const m of text.matchAll(re)) blocks.push({ start: m.index, end: m.index + m[0].length, body: m[3] });
  return blocks;
}

/** Replaces the spans with spaces (newlines kept), so offsets stay the same. */
function blank(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) if (chars[i] !== '\n') chars[i] = ' ';
  return chars.join('');
}

/**
 * Each quote goes to the nearest citation on its own line; a fenced block goes to the last citation
 * on the line before it when that line ends with a colon. A quote that is itself a citation ("`src/a.ts:3`") is not a quote.
 */
function attachQuotes(answer: string, masked: string, fences: ReadonlyArray<Span & { body: string }>, citations: Citation[]): void {
  if (citations.length === 0) return;
  const quoteSpans: Array<Span & { text: string; code?: boolean }> = [];
  for (const m of masked.matchAll(INLINE_CODE_RE)) quoteSpans.push({ start: m.index, end: m.index + m[0].length, text: m[1], code: true });
  for (const m of masked.matchAll(DOUBLE_QUOTE_RE)) quoteSpans.push({ start: m.index, end: m.index + m[0].length, text: m[1] ?? m[2] });
  for (const q of quoteSpans) {
    if (citations.some((c) => c.index >= q.start && c.index < q.end)) continue;
    if (q.text.replace(/\s/g, '').length < 3) continue;
    const lineStart = answer.lastIndexOf('\n', q.start - 1) + 1;
    const lineEndRaw = answer.indexOf('\n', q.end);
    const lineEnd = lineEndRaw < 0 ? answer.length : lineEndRaw;
    let best: Citation | undefined;
    let bestDistance = Infinity;
    for (const c of citations) {
      if (c.index < lineStart || c.index >= lineEnd) continue;
      const d = c.index < q.start ? q.start - (c.index + c.raw.length) : c.index - q.end;
      if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    if (best) (q.code ? best.codeQuotes : best.quotes).push(q.text);
  }
  for (const f of fences) {
    const before = answer.lastIndexOf('\n', f.start - 2) + 1;
    if (!answer.slice(before, f.start).trimEnd().endsWith(':')) continue; // "In src/a.ts:3:" then the block
    const onLine = citations.filter((c) => c.index >= before && c.index < f.start);
    const last = onLine[onLine.length - 1];
    if (last && f.body.trim()) last.quotes.push(f.body.replace(/\n$/, ''));
  }
}

/**
 * The parts of a Markdown document the citation scanner needs, found in one pass: line starts, fenced
 * code blocks (blanked so their text is never read as citations), the Sources entries that Insert
 * Findings and Export write with the fenced excerpt under each, HTML comments, code spans and links.
 * Offsets are into the document as given; LF and CRLF line ends both work, and blanking keeps every
 * offset (characters become spaces, line ends stay).
 */
import { STATUS_LABEL } from '../citations/report';

export interface Span {
  start: number;
  end: number;
}

/** A Sources entry: its list-item line, the label (link or inline code), and the excerpt's lines. */
export interface SourceEntry {
  label: Span;
  excerpt?: string[];
}

export interface CodeSpan extends Span {
  /** The code's text, as CommonMark reads it (one space stripped from each side when both have one). */
  text: string;
  /** Offset of `text` in the document. */
  textStart: number;
}

export interface LinkSpan extends Span {
  /** The label's offsets (between the brackets) and the destination's (without angle brackets). */
  label: Span;
  dest: Span;
}

export interface MarkdownParts {
  lineStarts: number[];
  /** The document with fenced blocks and HTML comments blanked. */
  masked: string;
  sources: SourceEntry[];
}

const FENCE_OPEN = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const STATUSES = Object.values(STATUS_LABEL).join('|');
const LINK_LABEL = String.raw`\[(?:\\.|[^\\\[\]\n])*\]\([^()\s]*\)`;
/** `- [src/a.ts:3](src/a.ts#L3) — *verified*: …` as findingsFormat.ts writes it (also `` `lib/x.js` `` and `<https://…>` labels). */
const SOURCE_ENTRY = new RegExp(
  String.raw`^([ \t]*)[-*+] (${LINK_LABEL}|\x60[^\x60\n]+\x60|<[^>\n]+>) — \*(?:${STATUSES})(?:, unverified)?\*:`,
);

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `offset`. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Fenced blocks, and the Sources entries with the excerpt fenced right under them, in one pass over the lines. */
export function markdownParts(text: string): MarkdownParts {
  const lineStarts = lineStartsOf(text);
  const lineText = (i: number) => {
    const end = i + 1 < lineStarts.length ? lineStarts[i + 1] - 1 : text.length;
    return text.slice(lineStarts[i], end).replace(/\r$/, '');
  };
  const blanks: Span[] = [];
  const sources: SourceEntry[] = [];
  let entry: { item: SourceEntry; indent: number; line: number } | undefined;
  for (let i = 0; i < lineStarts.length; i++) {
    const line = lineText(i);
    const open = FENCE_OPEN.exec(line);
    if (open && (open[2][0] === '~' || !open[3].includes('`'))) {
      const close = closingFence(lineText, lineStarts.length, i, open[2]);
      const end = close + 1 < lineStarts.length ? lineStarts[close + 1] : text.length;
      blanks.push({ start: lineStarts[i], end });
      if (entry && entry.line === i - 1 && open[1].length > entry.indent) {
        const body: string[] = [];
        for (let j = i + 1; j < close; j++) body.push(stripIndent(lineText(j), open[1].length));
        if (close < lineStarts.length) entry.item.excerpt = body;
      }
      entry = undefined;
      i = close;
      continue;
    }
    const m = SOURCE_ENTRY.exec(line);
    if (m) {
      const labelStart = lineStarts[i] + line.indexOf(m[2], m[1].length);
      const item: SourceEntry = { label: { start: labelStart, end: labelStart + m[2].length } };
      sources.push(item);
      entry = { item, indent: m[1].length, line: i };
    }
  }
  let masked = blank(text, blanks);
  masked = blank(
    masked,
    [...masked.matchAll(/<!--[\s\S]*?-->/g)].map((c) => ({ start: c.index, end: c.index + c[0].length })),
  );
  return { lineStarts, masked, sources };
}

/** The index of the line that closes the fence opened at `from` (the line count when it runs to the end). */
function closingFence(lineText: (i: number) => string, count: number, from: number, fence: string): number {
  const re = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  for (let j = from + 1; j < count; j++) if (re.test(lineText(j))) return j;
  return count;
}

function stripIndent(line: string, n: number): string {
  let i = 0;
  while (i < n && i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}

/** The text with each span's characters turned to spaces (line ends kept), so offsets stay the same. */
export function blank(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  // String concatenation: joining an array of hundreds of slices of a two-byte string is ten times slower.
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    const inner = text.slice(s.start, s.end);
    out +=
      text.slice(at, s.start) +
      (/[\r\n]/.test(inner) ? inner.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)) : ' '.repeat(inner.length));
    at = s.end;
  }
  return out + text.slice(at);
}

/** Code spans on one line: a run of n backticks closed by the next run of exactly n. A backslash-escaped backtick opens nothing. */
export function codeSpans(masked: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  const re = /`+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked))) {
    if (escaped(masked, m.index)) continue;
    const n = m[0].length;
    const lineEnd = masked.indexOf('\n', m.index);
    const limit = lineEnd < 0 ? masked.length : lineEnd;
    const closer = closerOf(n);
    closer.lastIndex = m.index + n;
    const c = closer.exec(masked);
    if (!c || c.index >= limit) continue;
    let textStart = m.index + n;
    let text = masked.slice(textStart, c.index);
    if (text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim()) {
      text = text.slice(1, -1);
      textStart++;
    }
    spans.push({ start: m.index, end: c.index + n, text: text.replace(/\r$/, ''), textStart });
    re.lastIndex = c.index + n;
  }
  return spans;
}

const closers = new Map<number, RegExp>();

/** A run of exactly n backticks. */
function closerOf(n: number): RegExp {
  let re = closers.get(n);
  if (!re) closers.set(n, (re = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g')));
  return re;
}

function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

const INLINE_LINK =
  /!?\[((?:\\.|[^\\[\]\n]|\[(?:\\.|[^\\[\]\n])*\])*)\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()<>\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;

/**
 * Inline links `[label](dest "title")`, images left out. `text` is the masked document with code
 * spans' contents blanked too, so a bracket inside code opens nothing.
 */
export function inlineLinks(text: string): LinkSpan[] {
  const links: LinkSpan[] = [];
  for (const m of text.matchAll(INLINE_LINK)) {
    if (m[0].startsWith('!') || escaped(text, m.index)) continue;
    const labelStart = m.index + 1;
    const dest = m[2] ?? m[3] ?? '';
    const afterLabel = labelStart + m[1].length + 2; // past "]("
    const destStart = text.indexOf(dest, afterLabel);
    links.push({
      start: m.index,
      end: m.index + m[0].length,
      label: { start: labelStart, end: labelStart + m[1].length },
      dest: { start: destStart, end: destStart + dest.length },
    });
  }
  return links;
}

/** Whether `inner` lies within `outer`. */
export function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

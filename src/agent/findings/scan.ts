/**
 * Finds the citations a Markdown document makes into workspace files:
 * - inline code `path:line`, `path:line-line` (or `path#L12`);
 * - links to workspace files with `#Ln` / `#Ln-Lm` anchors;
 * - the Sources entries Insert Findings and Export write, with the excerpt fenced under each.
 * Prose is never read as a citation, nor is anything inside a fenced block (a Sources excerpt is read
 * as evidence, not for citations) or an HTML comment. Pure and linear in the document's length.
 */
import { normalizeCitedPath } from '../citations/paths';
import {
  blank,
  codeSpans,
  inlineLinks,
  lineAt,
  markdownParts,
  type CodeSpan,
  type LinkSpan,
  type SourceEntry,
  type Span,
} from './markdown';
import type { DocCitation, LineRange, NumberSpan } from './types';

export interface ScanOptions {
  /** The document's workspace-relative POSIX path: links are relative to its folder. Undefined when it is outside. */
  document?: string;
  /** The workspace folder, so absolute paths under it count as workspace paths. */
  workspaceRoot?: string;
}

/** A file name's extension: 1-10 characters, at least one a letter ("a.ts", not "1.5"). */
const EXTENSION = /\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,10}$/;
const CODE_CITATION = /^((?:[A-Za-z]:[\\/])?[^\s:`#<>"|?*]+)(?::(\d+)(?:[-–](\d+))?|#L(\d+)(?:-L?(\d+))?)$/d;
const ANCHOR = /^L(\d+)(?:-L?(\d+))?$/d;
/** `path:12` or `path:12-14` at the end of a link's label, in backticks or not. */
const LABEL_LINES = /^`?(.*?):(\d+)(?:[-–](\d+))?`?$/d;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

interface Context {
  text: string;
  docDir: string | undefined;
  root: string | undefined;
}

export function scanCitations(text: string, options: ScanOptions = {}): DocCitation[] {
  const parts = markdownParts(text);
  const cx: Context = { text, docDir: folderOf(options.document), root: options.workspaceRoot };
  const found: DocCitation[] = [];
  const taken = new Taken(text.length);
  for (const entry of parts.sources) {
    taken.add(entry.label);
    const c = sourceCitation(cx, entry);
    if (c) found.push(c);
  }
  const codes = codeSpans(parts.masked);
  const linkText = blank(
    parts.masked,
    codes.map((c) => ({ start: c.textStart, end: c.textStart + c.text.length })),
  );
  for (const link of inlineLinks(linkText)) {
    if (taken.overlaps(link)) continue;
    const c = linkCitation(cx, link, 'link');
    if (!c) continue;
    found.push(c);
    taken.add(link);
  }
  for (const code of codes) {
    if (taken.overlaps(code)) continue;
    const c = codeCitation(cx, code);
    if (c) found.push(c);
  }
  found.sort((a, b) => a.start - b.start);
  for (const c of found) c.line = lineAt(parts.lineStarts, c.start);
  return found;
}

function sourceCitation(cx: Context, entry: SourceEntry): DocCitation | undefined {
  const raw = cx.text.slice(entry.label.start, entry.label.end);
  let c: DocCitation | undefined;
  if (raw.startsWith('[')) {
    const link = inlineLinks(raw)[0];
    if (!link) return undefined;
    const shift = (s: Span): Span => ({ start: s.start + entry.label.start, end: s.end + entry.label.start });
    c = linkCitation(cx, { start: entry.label.start, end: entry.label.end, label: shift(link.label), dest: shift(link.dest) }, 'source');
  } else if (raw.startsWith('`')) {
    const inner = raw.slice(1, -1);
    const code: CodeSpan = { start: entry.label.start, end: entry.label.end, text: inner, textStart: entry.label.start + 1 };
    c = codeCitation(cx, code) ?? plainPath(cx, code);
    if (c) c.form = 'source';
  }
  if (c && entry.excerpt && entry.excerpt.some((l) => l.trim())) c.excerpt = entry.excerpt;
  if (c) delete c.weak; // an entry the findings wrote is a citation whether or not the file exists
  return c;
}

/** A link to a workspace file with a #L anchor (or, for a Sources entry, any link to a workspace file). */
function linkCitation(cx: Context, link: LinkSpan, form: 'link' | 'source'): DocCitation | undefined {
  const dest = cx.text.slice(link.dest.start, link.dest.end);
  if (SCHEME.test(dest) && !/^[a-zA-Z]:[\\/]/.test(dest)) return undefined; // https:, mailto:, vscode:, …
  const hash = dest.indexOf('#');
  const path = hash < 0 ? dest : dest.slice(0, hash);
  if (!path) return undefined;
  const anchor = hash < 0 ? null : ANCHOR.exec(dest.slice(hash + 1));
  if (!anchor && form === 'link') return undefined;
  const numbers: NumberSpan[] = [];
  let lines: LineRange | undefined;
  if (anchor) {
    const at = link.dest.start + hash + 1;
    lines = rangeOf(anchor[1], anchor[2]);
    numbers.push(...numberSpans(anchor.indices, at, 1, 2));
  }
  const labelText = cx.text.slice(link.label.start, link.label.end);
  const label = LABEL_LINES.exec(labelText);
  const labelPath = label ? unescape(label[1]) : unescape(labelText.replace(/^`|`$/g, ''));
  if (label && lastSegment(labelPath) === lastSegment(decodePath(path))) {
    const labelRange = rangeOf(label[2], label[3]);
    const labelNumbers = numberSpans(label.indices, link.label.start, 2, 3);
    if (labelRange && (!lines || (lines.start === lines.end && labelRange.start === lines.start))) lines = labelRange;
    if (labelRange && lines)
      numbers.push(...labelNumbers.filter((n) => (n.role === 'start' ? labelRange.start === lines!.start : labelRange.end === lines!.end)));
  }
  const paths = candidates(cx, path, true);
  if (form === 'source' && !labelPath.includes(':')) pushPath(paths, cx, labelPath);
  if (paths.length === 0 || (anchor && !lines)) return undefined;
  return {
    form,
    raw: cx.text.slice(link.start, link.end),
    start: link.start,
    end: link.end,
    line: 0,
    paths,
    ...(lines ? { lines } : {}),
    numbers: numbers.sort((a, b) => a.start - b.start),
  };
}

/** Inline code that is all `path:line`, `path:line-line` or `path#Ln`; a path needs a folder or an extension. */
function codeCitation(cx: Context, code: CodeSpan): DocCitation | undefined {
  const m = CODE_CITATION.exec(code.text);
  if (!m) return undefined;
  const path = m[1];
  if (!EXTENSION.test(path) && !/[\\/]/.test(path)) return undefined;
  const lines = rangeOf(m[2] ?? m[4], m[3] ?? m[5]);
  const paths = candidates(cx, path, false);
  if (!lines || paths.length === 0) return undefined;
  const numbers = m[2] !== undefined ? numberSpans(m.indices, code.textStart, 2, 3) : numberSpans(m.indices, code.textStart, 4, 5);
  return {
    form: 'code',
    raw: cx.text.slice(code.start, code.end),
    start: code.start,
    end: code.end,
    line: 0,
    paths,
    lines,
    numbers,
    ...(/[\\/]/.test(path) ? {} : { weak: true }),
  };
}

/** A Sources entry's `lib/cli.js` label: a file cited without lines. */
function plainPath(cx: Context, code: CodeSpan): DocCitation | undefined {
  if (/\s/.test(code.text) || !(EXTENSION.test(code.text) || code.text.includes('/'))) return undefined;
  const paths = candidates(cx, code.text, false);
  if (paths.length === 0) return undefined;
  return { form: 'source', raw: cx.text.slice(code.start, code.end), start: code.start, end: code.end, line: 0, paths, numbers: [] };
}

/**
 * The workspace paths `target` may mean: from the document's folder and from the workspace root, the
 * document's first for a link. An absolute path counts only under the workspace root, except a link's
 * leading "/", which means the workspace root (as in VS Code's Markdown preview).
 */
function candidates(cx: Context, target: string, documentFirst: boolean): string[] {
  const out: string[] = [];
  const absolute = /^(?:[a-zA-Z]:)?[\\/]/.test(target);
  const fromDoc = cx.docDir !== undefined && !absolute ? (cx.docDir ? `${cx.docDir}/${target}` : target) : undefined;
  if (documentFirst && fromDoc) pushPath(out, cx, fromDoc);
  pushPath(out, cx, target);
  if (absolute && documentFirst) pushPath(out, cx, target.replace(/^[\\/]+/, '')); // a link's "/x" is the workspace's x
  if (!documentFirst && fromDoc) pushPath(out, cx, fromDoc);
  return out;
}

function pushPath(out: string[], cx: Context, target: string): void {
  const n = normalizeCitedPath(target, cx.root);
  if (!n.outside && n.path && !out.includes(n.path)) out.push(n.path);
}

function rangeOf(a: string | undefined, b: string | undefined): LineRange | undefined {
  if (a === undefined) return undefined;
  const start = Number(a);
  const end = b === undefined ? start : Number(b);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < start) return undefined;
  return { start, end };
}

function numberSpans(indices: RegExpIndicesArray | undefined, offset: number, startGroup: number, endGroup: number): NumberSpan[] {
  const out: NumberSpan[] = [];
  const s = indices?.[startGroup];
  const e = indices?.[endGroup];
  if (s) out.push({ start: offset + s[0], end: offset + s[1], role: 'start' });
  if (e) out.push({ start: offset + e[0], end: offset + e[1], role: 'end' });
  return out;
}

function folderOf(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  const slash = document.lastIndexOf('/');
  return slash < 0 ? '' : document.slice(0, slash);
}

/** The parts of the document already read as a citation, so a code span inside a link is not read again. */
class Taken {
  private readonly marks: Uint8Array;

  constructor(length: number) {
    this.marks = new Uint8Array(length);
  }

  add(s: Span): void {
    this.marks.fill(1, s.start, s.end);
  }

  overlaps(s: Span): boolean {
    for (let i = s.start; i < s.end; i++) if (this.marks[i]) return true;
    return false;
  }
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function lastSegment(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}

/**
 * Checks each citation against what the run saw (Evidence) and the workspace as it is now
 * (FileSource). One status and a one-line reason per citation; see types.ts for the statuses.
 */
import { compactText, shownBy, type Evidence, type FileSeen } from './evidence';
import { compactFile, findQuote, quoteFragments, quoteIn, type CompactFile } from './quotes';
import { urlKey } from './paths';
import { formatLines, type CheckedCitation, type Citation, type CitationStatus, type FileSource, type LineRange } from './types';

/** Lines either side of a cited range where a quote still counts as "at the cited lines". */
const NEAR = 3;
const SNIPPET_LINES = 6;

type Verdict = Pick<CheckedCitation, 'status' | 'reason' | 'quote' | 'snippet' | 'snippetLine'>;

export async function verifyCitations(citations: readonly Citation[], evidence: Evidence, files: FileSource): Promise<CheckedCitation[]> {
  const texts = new Map<string, Promise<CompactFile | undefined>>();
  const fileOf = (path: string) => {
    let p = texts.get(path);
    if (!p) {
      p = files(path).then(
        (t) => (t === undefined ? undefined : compactFile(t)),
        () => undefined,
      );
      texts.set(path, p);
    }
    return p;
  };
  // Start every distinct file read at once: the port's I/O overlaps instead of queueing.
  for (const c of citations) if (c.kind === 'file' && !c.outside) void fileOf(c.ref);
  const out: CheckedCitation[] = [];
  for (const c of citations) {
    const verdict = c.kind === 'url' ? checkUrl(c, evidence) : checkFile(c, evidence, c.outside ? undefined : await fileOf(c.ref));
    if (!verdict) continue;
    const lines = formatLines(c.lines);
    out.push({ kind: c.kind, ref: c.ref, raw: c.raw, index: c.index, ...(lines ? { lines } : {}), ...verdict });
  }
  return out;
}

function checkFile(c: Citation, evidence: Evidence, file: CompactFile | undefined): Verdict | undefined {
  if (c.outside) return { status: 'missing', reason: `${c.raw} is not inside the workspace` };
  const seen = evidence.files.get(c.ref);
  if (c.weak && !file && !seen) return undefined; // prose such as "Node.js", not a citation
  if (!file) {
    return { status: 'missing', reason: seen ? 'was read in this run but no longer exists' : 'no such file in the workspace' };
  }
  const total = file.lines.length;
  if (c.lines && c.lines.end > total) {
    const what = c.lines.start === c.lines.end ? `line ${c.lines.start} is` : `lines ${formatLines(c.lines)} go`;
    return { status: 'missing', reason: `${what} past the end of the file (${total} line${total === 1 ? '' : 's'})` };
  }
  if (!seen) return { status: 'not_observed', reason: 'never opened in this run' };
  return tryQuotes(c, (quotes) => {
    const q = { ...c, quotes };
    const fragments = quotes.map(quoteFragments);
    return c.lines ? checkLines(q, c.lines, seen, file, fragments) : checkWholeFile(q, seen, file, fragments);
  });
}

/** Quotes must match; inline code counts only when it does (else the citation is checked as if it had none). */
function tryQuotes(c: Citation, check: (quotes: string[]) => Verdict): Verdict {
  if (c.quotes.length) return check(c.quotes);
  if (c.codeQuotes.length) {
    const v = check(c.codeQuotes);
    if (v.status === 'verified') return v;
  }
  return check([]);
}

function checkLines(c: Citation, range: LineRange, seen: FileSeen, file: CompactFile, fragments: string[][]): Verdict {
  const unseen = missingLines(range, seen);
  const shown = describeSeen(seen);
  if (unseen.length) {
    const what = unseen.length === 1 ? `line ${unseen[0]} was` : `lines ${ranges(unseen)} were`;
    return { status: 'not_observed', reason: `${what} never shown in this run (saw ${shown})` };
  }
  const snippet = snippetOf(seen, range.start, range.end);
  if (fragments.length === 0)
    return {
      status: 'verified',
      reason: `${range.start === range.end ? 'line' : 'lines'} ${formatLines(range)} shown by ${shownBy(seen, range.start)}`,
      ...snippet,
    };
  const from = Math.max(1, range.start - NEAR);
  const to = Math.min(file.lines.length, range.end + NEAR);
  for (const [i, f] of fragments.entries()) {
    const at = findQuote(file, f, from, to);
    if (at !== undefined)
      return { status: 'verified', reason: `quote found at line ${at}, which was shown`, quote: c.quotes[i], ...snippet };
  }
  for (const [i, f] of fragments.entries()) {
    const at = findQuote(file, f);
    if (at !== undefined)
      return { status: 'observed', reason: `the quoted text is at line ${at}, not at the cited lines`, quote: c.quotes[i], ...snippet };
  }
  return { status: 'missing', reason: `the quoted text is not in ${c.ref}`, quote: c.quotes[0], ...snippet };
}

function checkWholeFile(c: Citation, seen: FileSeen, file: CompactFile, fragments: string[][]): Verdict {
  const first = [...seen.lines.keys()].sort((a, b) => a - b)[0] ?? 1;
  const snippet = snippetOf(seen, first, first + SNIPPET_LINES - 1);
  const shown = describeSeen(seen);
  if (fragments.length === 0) return { status: 'observed', reason: `opened in this run (saw ${shown})`, ...snippet };
  const seenCompact = compactText([...seen.lines.values()].join('\n'));
  for (const [i, f] of fragments.entries()) {
    if (quoteIn(seenCompact, f))
      return { status: 'verified', reason: `quote found in what was shown (${shown})`, quote: c.quotes[i], ...snippet };
  }
  for (const [i, f] of fragments.entries()) {
    const at = findQuote(file, f);
    if (at !== undefined)
      return { status: 'not_observed', reason: `the quoted text is at line ${at}, which was never shown`, quote: c.quotes[i], ...snippet };
  }
  return { status: 'missing', reason: `the quoted text is not in ${c.ref}`, quote: c.quotes[0], ...snippet };
}

function checkUrl(c: Citation, evidence: Evidence): Verdict {
  return tryQuotes(c, (quotes) => checkPage({ ...c, quotes }, evidence));
}

function checkPage(c: Citation, evidence: Evidence): Verdict {
  const key = urlKey(c.ref);
  const page = evidence.pages.get(key);
  if (page) {
    const via = page.finalUrl !== page.url && urlKey(page.finalUrl) === key ? ` (after redirects from ${page.url})` : '';
    const snippet = page.excerpt ? { snippet: page.excerpt.slice(0, 300) } : {};
    if (c.quotes.length === 0) return { status: 'observed', reason: `fetched in this run${via}`, ...snippet };
    for (const q of c.quotes) {
      if (quoteIn(page.compact, quoteFragments(q)))
        return { status: 'verified', reason: `quote found in the fetched text${via}`, quote: q, ...snippet };
    }
    const parts = page.parts.size;
    return {
      status: 'not_observed',
      reason: `the quoted text is not in the ${parts === 1 ? 'part' : `${parts} parts`} fetched`,
      quote: c.quotes[0],
      ...snippet,
    };
  }
  const failed = evidence.failedFetches.get(key);
  if (failed) return { status: 'missing', reason: `fetching it failed: ${failed.error}` };
  const query = evidence.searchResults.get(key);
  if (query !== undefined) return { status: 'not_observed', reason: `seen only as a web_search result (for "${query}"), never fetched` };
  return { status: 'not_observed', reason: 'never fetched in this run' };
}

function missingLines(range: LineRange, seen: FileSeen): number[] {
  const out: number[] = [];
  for (let n = range.start; n <= range.end; n++) if (!seen.lines.has(n)) out.push(n);
  return out;
}

/** "1-40, 52" from the lines seen. */
function describeSeen(seen: FileSeen): string {
  if (seen.lines.size === 0) return seen.opened ? 'no lines: empty or binary' : 'nothing';
  const text = ranges([...seen.lines.keys()].sort((a, b) => a - b));
  return `line${seen.lines.size === 1 ? '' : 's'} ${text.length > 60 ? text.slice(0, 60) + '…' : text}`;
}

function ranges(sorted: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** Up to SNIPPET_LINES lines the agent saw, from `start`. */
function snippetOf(seen: FileSeen, start: number, end: number): Pick<Verdict, 'snippet' | 'snippetLine'> {
  const out: string[] = [];
  let first: number | undefined;
  for (let n = start; n <= end && out.length < SNIPPET_LINES; n++) {
    const text = seen.lines.get(n);
    if (text === undefined) continue;
    first ??= n;
    out.push(text.length > 200 ? text.slice(0, 200) + '…' : text);
  }
  return first === undefined ? {} : { snippet: out.join('\n'), snippetLine: first };
}

export function countByStatus(checked: readonly CheckedCitation[]): Record<CitationStatus, number> {
  const counts: Record<CitationStatus, number> = { verified: 0, observed: 0, not_observed: 0, missing: 0 };
  for (const c of checked) counts[c.status]++;
  return counts;
}

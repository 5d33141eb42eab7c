/**
 * One citation's status, decided from what is known about it: its lines followed through the git
 * history since the document's last commit, else its Sources excerpt, else only the file and the
 * line range. Pure: the file's text and diff come in already read.
 */
import { formatLines } from '../citations/types';
import { followRange } from './gitDiff';
import { blockAt, findBlock, type FileLines } from './locate';
import type { CitationCheck, DocCitation, FileDiff, LineRange } from './types';

export interface Known {
  /** The workspace path the citation resolved to. */
  ref: string;
  /** The file now; undefined when it does not exist. */
  file: FileLines | undefined;
  /** Set when the document has a last commit and this citation was in it: the lines it cited then, and the file's diff since (none: unchanged). */
  history?: { commit: string; lines: LineRange | undefined; diff: FileDiff | undefined };
}

type Verdict = Omit<CitationCheck, 'citation' | 'ref'>;

export function decide(c: DocCitation, k: Known): CitationCheck {
  const verdict = (k.history && followable(k.history.diff) && fromHistory(c, k)) || fromText(c, k);
  return { citation: c, ref: k.ref, ...verdict };
}

/** A file git did not track at the commit, or a binary one, has no lines to follow. */
function followable(diff: FileDiff | undefined): boolean {
  return !diff || (!diff.created && !diff.binary);
}

/** The git path; undefined when it cannot say (a citation edited since the commit whose new lines the history does not confirm). */
function fromHistory(c: DocCitation, k: Known): Verdict | undefined {
  const h = k.history!;
  const since = `since ${h.commit.slice(0, 7)}`;
  if (h.diff?.deleted) return { status: 'missing', reason: `the file was deleted ${since}`, basis: 'git' };
  if (!k.file) return { status: 'missing', reason: 'no such file in the workspace', basis: 'git' };
  if (!c.lines) return { status: 'current', reason: 'the file exists', basis: 'git' };
  if (!h.lines) return undefined;
  const file = k.file;
  const edited = !sameRange(h.lines, c.lines);
  const followed = followRange(h.diff?.hunks ?? [], h.lines, file.lines);
  if (followed.kind === 'same') {
    const now = followed.range;
    if (now.end > file.count) return edited ? undefined : pastEnd(c.lines, file, 'git');
    if (sameRange(now, c.lines)) return { status: 'current', reason: `the cited lines are unchanged ${since}`, basis: 'git' };
    if (edited) return undefined;
    return { status: 'moved', nowLines: now, reason: `the cited lines are at ${formatLines(now)} now (moved ${since})`, basis: 'git' };
  }
  const at = findBlock(file, followed.was, followed.near);
  const span = c.lines.end - c.lines.start;
  if (at !== undefined && at === c.lines.start) return { status: 'current', reason: `the cited text is unchanged ${since}`, basis: 'git' };
  if (edited) return undefined;
  if (at !== undefined) {
    const now = { start: at, end: at + span };
    return { status: 'moved', nowLines: now, reason: `the cited text is at ${formatLines(now)} now (moved ${since})`, basis: 'git' };
  }
  const near = { start: followed.near, end: Math.min(file.count, followed.near + span) };
  return {
    status: 'changed',
    ...(near.start <= file.count ? { nowLines: near } : {}),
    reason: `the cited lines were edited or removed ${since}`,
    basis: 'git',
    former: { kind: 'diff', hunks: h.diff?.hunks ?? [] },
  };
}

/** No history for this citation: the Sources excerpt decides, else only the file and the range. */
function fromText(c: DocCitation, k: Known): Verdict {
  if (!k.file) return { status: 'missing', reason: 'no such file in the workspace', basis: c.excerpt ? 'excerpt' : 'range' };
  const file = k.file;
  if (!c.lines) return { status: 'current', reason: 'the file exists', basis: 'range' };
  if (!c.excerpt) {
    return c.lines.end > file.count
      ? pastEnd(c.lines, file, 'range')
      : { status: 'current', reason: 'the file has the cited lines (no excerpt or history to compare)', basis: 'range' };
  }
  const excerpt = c.excerpt;
  if (blockAt(file, excerpt, c.lines.start))
    return c.lines.end > file.count
      ? pastEnd(c.lines, file, 'excerpt')
      : { status: 'current', reason: 'the excerpt matches the cited lines', basis: 'excerpt' };
  const at = findBlock(file, excerpt, c.lines.start);
  const span = c.lines.end - c.lines.start;
  if (at !== undefined && at + span <= file.count) {
    const now = { start: at, end: at + span };
    return { status: 'moved', nowLines: now, reason: `the excerpt is at ${formatLines(now)} now`, basis: 'excerpt' };
  }
  return {
    status: 'changed',
    reason: 'the excerpt is no longer at the cited lines, nor anywhere else in the file',
    basis: 'excerpt',
    former: { kind: 'excerpt', lines: excerpt, at: c.lines.start },
    ...(c.lines.start <= file.count ? { nowLines: { start: c.lines.start, end: Math.min(file.count, c.lines.end) } } : {}),
  };
}

function pastEnd(lines: LineRange, file: FileLines, basis: Verdict['basis']): Verdict {
  const what = lines.start === lines.end ? `line ${lines.start} is` : `lines ${formatLines(lines)} go`;
  return {
    status: 'changed',
    reason: `${what} past the end of the file (${file.count} line${file.count === 1 ? '' : 's'})`,
    basis,
  };
}

function sameRange(a: LineRange, b: LineRange): boolean {
  return a.start === b.start && a.end === b.end;
}

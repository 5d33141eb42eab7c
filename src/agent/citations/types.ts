/**
 * Citations: what an answer claims as its sources, and whether the run backs each claim.
 * Shared by extraction (extract.ts), the evidence a run gathered (evidence.ts), verification
 * (verify.ts) and the repair turn (review.ts). No editor, no file system: the workspace as it is now
 * comes in through `FileSource`.
 */

export type CitationKind = 'file' | 'url';
export type CitationStatus = 'verified' | 'observed' | 'not_observed' | 'missing';
export const CITATION_STATUSES: readonly CitationStatus[] = ['verified', 'observed', 'not_observed', 'missing'];

export interface LineRange {
  start: number;
  end: number;
}

export interface Citation {
  kind: CitationKind;
  /** Workspace-relative POSIX path (after `./`, `\` and workspace-root prefixes are removed), or the URL. */
  ref: string;
  /** What the answer wrote, exactly (for marks in the panel and the repair message). */
  raw: string;
  /** Offset of `raw` in the answer. */
  index: number;
  lines?: LineRange;
  /** Text in double quotes, or a fenced block, next to the citation, as written: it must match. */
  quotes: string[];
  /**
   * Inline code next to the citation. Often an identifier or a paraphrase (`greet()`), so it counts
   * when it matches (verified, with that quote) and is ignored when it does not.
   */
  codeQuotes: string[];
  /**
   * A bare file name with no folder, no line and no link ("README.md"): counted only when the file
   * exists or was seen, so prose such as "Node.js" is not mistaken for a citation.
   */
  weak?: boolean;
  /** Set when the reference could never be a workspace file (climbs out with "..", absolute elsewhere). */
  outside?: boolean;
}

export interface CheckedCitation {
  kind: CitationKind;
  ref: string;
  raw: string;
  index: number;
  /** "12" or "12-40". */
  lines?: string;
  /** The quote that was checked (the first that matched, else the first given). */
  quote?: string;
  status: CitationStatus;
  /** One line, for a person and for the model. */
  reason: string;
  /** What the agent saw of this source (a few lines of a file, or a bit of the page), for a Sources list. */
  snippet?: string;
  /** The first line the snippet shows (files). */
  snippetLine?: number;
}

/** The workspace as it is now: a file's text, or undefined when it does not exist or is not inside the workspace. */
export type FileSource = (path: string) => Promise<string | undefined>;

export type CitationMode = 'off' | 'report' | 'repair';
export const CITATION_MODES: readonly CitationMode[] = ['off', 'report', 'repair'];

export function formatLines(range: LineRange | undefined): string | undefined {
  if (!range) return undefined;
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}

/**
 * Findings that stay true: the citations a Markdown document makes into workspace files, and whether
 * each still holds. Shared by the scanner (scan.ts), the diff reader (gitDiff.ts), the checker
 * (checker.ts) and the fixer (fix.ts). No editor, no file system, no git: the workspace and its
 * history come in through `FindingsPort` (src/node/findingsPort.ts implements it).
 */
import type { LineRange } from '../citations/types';

export type { LineRange };

/**
 * - `current`: the cited lines still hold what they held;
 * - `moved`: the same text now sits at other lines (`nowLines`);
 * - `changed`: the cited lines were edited or removed;
 * - `missing`: the file is gone.
 */
export type FindingStatus = 'current' | 'moved' | 'changed' | 'missing';

/** How a citation was written: inline code (`src/a.ts:3`), a link (`[x](src/a.ts#L3)`), or a Sources entry. */
export type CitationForm = 'code' | 'link' | 'source';

/** Where a line number sits in the document, so a fix can replace exactly those digits. */
export interface NumberSpan {
  start: number;
  end: number;
  /** Which end of the range the digits give. */
  role: 'start' | 'end';
}

export interface DocCitation {
  form: CitationForm;
  /** The text of the citation as written (the code span, the link, the entry's label link). */
  raw: string;
  /** Offsets of `raw` in the document. */
  start: number;
  end: number;
  /** 1-based line of the document where the citation starts. */
  line: number;
  /** Workspace-relative POSIX paths the target may mean, most likely first (a link is relative to the document). */
  paths: string[];
  lines?: LineRange;
  /** Every line number written in the citation (label and anchor). */
  numbers: NumberSpan[];
  /** A Sources entry's excerpt: the cited lines as the agent saw them, from `lines.start` on. */
  excerpt?: string[];
  /** A folder-less inline-code path ("config.ts:3"): a citation only when that file exists or existed. */
  weak?: boolean;
}

/** The document as it was at its last commit. */
export interface DocumentHistory {
  commit: string;
  text: string;
}

/**
 * The machine, as the checker reaches it. Paths are workspace-relative POSIX.
 * `lastCommit` and `diffSince` answer undefined where there is no git history (no repository, the
 * document never committed, git absent or not allowed).
 */
export interface FindingsPort {
  /** A workspace file's text; undefined when it does not exist or is not inside the workspace. */
  readFile(path: string): Promise<string | undefined>;
  /** The last commit that touched the document, and the document's text in it. */
  lastCommit(document: string): Promise<DocumentHistory | undefined>;
  /** `git diff -U0` from `commit` to the working tree, for these paths only. */
  diffSince(commit: string, paths: readonly string[]): Promise<string | undefined>;
}

/** What the lines held before, so an editor can show the old text beside the new. */
export type FormerText = { kind: 'diff'; hunks: readonly Hunk[] } | { kind: 'excerpt'; lines: readonly string[]; at: number };

export interface CitationCheck {
  citation: DocCitation;
  /** The workspace path the citation resolved to. */
  ref: string;
  status: FindingStatus;
  /** Where the cited text is now (`moved`; for `changed`, the lines that replaced it, when known). */
  nowLines?: LineRange;
  /** One line for a person. */
  reason: string;
  /** What decided: the git history, the Sources excerpt, or only the file and the line range. */
  basis: 'git' | 'excerpt' | 'range';
  /** For `changed`: what the file held, to show beside what it holds now. */
  former?: FormerText;
}

export interface DocumentCheck {
  checks: CitationCheck[];
  /** The commit the lines were followed from; undefined when the excerpts decided. */
  commit?: string;
}

/** One hunk of a `git diff -U0`: old lines [oldStart, oldStart+oldCount) became the added lines. */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  removed: string[];
  added: string[];
}

export interface FileDiff {
  path: string;
  /** The file is gone from the working tree. */
  deleted: boolean;
  /** The file did not exist at the commit. */
  created: boolean;
  binary: boolean;
  hunks: Hunk[];
}

/** What a findings check becomes for a person (one line per citation that is not current, a summary) and for `--json`. */
import { formatLines } from '../citations/types';
import type { CitationCheck, FindingStatus } from './types';

export const FINDING_STATUSES: readonly FindingStatus[] = ['current', 'moved', 'changed', 'missing'];

export interface FindingsJsonCitation {
  ref: string;
  lines?: string;
  status: FindingStatus;
  nowLines?: string;
  /** The line of the citation in the document. */
  line: number;
}

export interface FindingsJsonFile {
  file: string;
  citations: FindingsJsonCitation[];
}

export function citationJson(c: CitationCheck): FindingsJsonCitation {
  const lines = formatLines(c.citation.lines);
  const now = c.status === 'moved' ? formatLines(c.nowLines) : undefined;
  return { ref: c.ref, ...(lines ? { lines } : {}), status: c.status, ...(now ? { nowLines: now } : {}), line: c.citation.line };
}

/** `src/config.ts:2` */
export function citedLabel(c: CitationCheck): string {
  const lines = formatLines(c.citation.lines);
  return lines ? `${c.ref}:${lines}` : c.ref;
}

/** "src/config.ts:2 moved to 5: the cited lines are at 5 now (moved since 1a2b3c4)" */
export function describeCheck(c: CitationCheck): string {
  const what = c.status === 'moved' && c.nowLines ? `moved to ${formatLines(c.nowLines)}` : c.status;
  return `${citedLabel(c)} ${what}: ${c.reason}`;
}

/** "4 citations: 2 current, 1 moved, 1 changed" */
export function summarizeChecks(checks: readonly CitationCheck[]): string {
  if (checks.length === 0) return 'no citations';
  const counts = FINDING_STATUSES.map((s) => [s, checks.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);
  return `${checks.length} citation${checks.length === 1 ? '' : 's'}: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

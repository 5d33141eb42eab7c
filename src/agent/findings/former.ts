/** The cited file as the citation knew it, to show beside the file now: the committed file, or the file with the excerpt put back at the cited lines. */
import { formerLines } from './gitDiff';
import type { CitationCheck } from './types';

export function formerText(check: CitationCheck, current: string): string | undefined {
  const former = check.former;
  if (!former) return undefined;
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  const lines = current.split(/\r?\n/);
  const trailing = lines[lines.length - 1] === '' ? lines.pop() !== undefined : false;
  let out: string[];
  if (former.kind === 'diff') out = formerLines(lines, former.hunks);
  else {
    const span = check.citation.lines ? check.citation.lines.end - check.citation.lines.start + 1 : former.lines.length;
    out = [...lines];
    out.splice(former.at - 1, Math.min(span, former.lines.length), ...former.lines);
  }
  return out.join(eol) + (trailing ? eol : '');
}

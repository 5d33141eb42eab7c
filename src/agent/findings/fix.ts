/**
 * Rewriting moved citations in place: only the digits of their line numbers change (the label, the
 * #L anchor, a Sources entry's label and anchor); every other character of the document stays as it
 * was, line ends included. Changed and missing citations are never rewritten.
 */
import type { CitationCheck } from './types';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The edits that point a moved citation at its lines now; none for any other status. */
export function moveEdits(check: CitationCheck): TextEdit[] {
  const now = check.nowLines;
  if (check.status !== 'moved' || !now) return [];
  return check.citation.numbers.map((n) => ({ start: n.start, end: n.end, text: String(n.role === 'start' ? now.start : now.end) }));
}

/** Every moved citation's edits, in document order. */
export function fixEdits(checks: readonly CitationCheck[]): TextEdit[] {
  return checks.flatMap(moveEdits).sort((a, b) => a.start - b.start);
}

/** The text with the edits made (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    parts.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** What a citation check becomes for people and for the model: the repair message, the JSON form, one-line summaries. */
import type { CheckedCitation, CitationKind, CitationStatus } from './types';

export const STATUS_LABEL: Record<CitationStatus, string> = {
  verified: 'verified',
  observed: 'observed',
  not_observed: 'not observed',
  missing: 'missing',
};

export function needsRepair(c: CheckedCitation): boolean {
  return c.status === 'not_observed' || c.status === 'missing';
}

/** One entry per distinct source claim (kind, ref, lines, quote); the first occurrence wins. */
export function uniqueCitations(checked: readonly CheckedCitation[]): CheckedCitation[] {
  const seen = new Map<string, CheckedCitation>();
  for (const c of checked) {
    const key = `${c.kind}\0${c.ref}\0${c.lines ?? ''}\0${c.quote ?? ''}`;
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

export interface CitationJson {
  kind: CitationKind;
  ref: string;
  lines?: string;
  quote?: string;
  status: CitationStatus;
  reason: string;
}

export function citationsJson(checked: readonly CheckedCitation[]): CitationJson[] {
  return uniqueCitations(checked).map((c) => ({
    kind: c.kind,
    ref: c.ref,
    ...(c.lines ? { lines: c.lines } : {}),
    ...(c.quote !== undefined ? { quote: c.quote } : {}),
    status: c.status,
    reason: c.reason,
  }));
}

export function citationLabel(c: Pick<CheckedCitation, 'kind' | 'ref' | 'lines'>): string {
  return c.kind === 'file' && c.lines ? `${c.ref}:${c.lines}` : c.ref;
}

/** The message that sends an answer back: which citations failed, why, and what to do. */
export function repairMessage(checked: readonly CheckedCitation[]): string {
  const bad = uniqueCitations(checked).filter(needsRepair);
  const lines = bad.map((c) => {
    const quote = c.quote ? ` quoting ${JSON.stringify(shorten(c.quote, 80))}` : '';
    return `- ${citationLabel(c)}${quote}: ${STATUS_LABEL[c.status]}, ${c.reason}.`;
  });
  return [
    `Before this answer is final: ${bad.length === 1 ? 'one citation' : `${bad.length} citations`} in it could not be checked against what you saw in this run.`,
    ...lines,
    'Check each one with your tools now (read_file for files and lines, search_text to find where something is, fetch_url for pages). ' +
      'Then reply with your complete revised answer: keep a citation only if you have seen it support the claim, correct its path, lines or quote if they were wrong, ' +
      'and remove it (and any claim that rests on it) if it cannot be supported.',
  ].join('\n');
}

/** "3 verified, 1 missing" */
export function summarizeStatuses(checked: readonly CheckedCitation[]): string {
  const counts = new Map<CitationStatus, number>();
  for (const c of uniqueCitations(checked)) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  if (counts.size === 0) return 'no citations';
  return [...counts].map(([s, n]) => `${n} ${STATUS_LABEL[s]}`).join(', ');
}

function shorten(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? flat.slice(0, n) + '…' : flat;
}

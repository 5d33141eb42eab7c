/** Citation reports as the panel's store keeps them: checked on the way in (no DOM here; the store runs in tests without one). */
import { CITATION_STATUSES, type CheckedCitation } from '../src/agent/citations/types';

/** Only well-formed entries with a known status get through (the data came over postMessage). */
export function validCitations(raw: unknown): CheckedCitation[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (c): c is CheckedCitation =>
      !!c &&
      typeof c === 'object' &&
      (c.kind === 'file' || c.kind === 'url') &&
      typeof c.ref === 'string' &&
      typeof c.raw === 'string' &&
      typeof c.reason === 'string' &&
      (CITATION_STATUSES as readonly unknown[]).includes(c.status),
  );
}

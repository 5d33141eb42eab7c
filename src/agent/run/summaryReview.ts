/**
 * A person may edit an attempt's summary before the next attempt starts from it (issue 13). The host
 * shows the summary with a countdown; the next attempt starts on its own when nobody touches it, at
 * once on "Start now", and waits while someone edits. What comes back is untrusted text from a panel:
 * it is trimmed and capped, and an empty edit keeps the model's summary.
 */

/** What the host is asked to review; `autoStartMs` is how long it waits for someone who does nothing. */
export interface SummaryDraft {
  attempt: number;
  /** The attempt that will start from it. */
  next: number;
  summary: string;
  autoStartMs: number;
}

/** Resolves with the summary the next attempt starts from (the draft's own when nobody edited it). */
export type SummaryReviewer = (draft: SummaryDraft, signal: AbortSignal) => Promise<string>;

export interface SummaryReview {
  review: SummaryReviewer;
  /** How long the next attempt waits for someone who does nothing (default 10 s; 0: no wait, no review). */
  autoStartMs?: number;
}

export const DEFAULT_AUTO_START_MS = 10_000;
/** Longer than any summary the model is asked for; an edit beyond it is cut. */
export const MAX_SUMMARY_CHARS = 20_000;

/** The edited text as the next attempt will see it, or undefined when it changes nothing. */
export function acceptedEdit(original: string, edited: string): string | undefined {
  const text = edited.replace(/\r\n?/g, '\n').trim().slice(0, MAX_SUMMARY_CHARS);
  return text && text !== original.trim() ? text : undefined;
}

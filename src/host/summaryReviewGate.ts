/**
 * The host's side of an attempt summary open for editing (src/agent/run/summaryReview.ts): the next
 * attempt starts when the clock runs out, at once on the panel's Start, and not before Start once the
 * panel said someone is editing. Stopping the run lets the wait go. No `vscode` import.
 */
import type { SummaryDraft } from '../agent/run/summaryReview';

interface Pending {
  attempt: number;
  finish: (text: string) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class SummaryReviewGate {
  private pending: Pending | undefined;

  /** Resolves with the summary the next attempt starts from. */
  request(draft: SummaryDraft, signal: AbortSignal): Promise<string> {
    this.pending?.finish(''); // one review at a time: a stale one keeps its own summary
    return new Promise((resolve) => {
      const onAbort = () => p.finish(draft.summary);
      const p: Pending = {
        attempt: draft.attempt,
        finish: (text) => {
          if (p.timer) clearTimeout(p.timer);
          signal.removeEventListener('abort', onAbort);
          if (this.pending === p) this.pending = undefined;
          resolve(text || draft.summary);
        },
        timer: setTimeout(() => p.finish(draft.summary), draft.autoStartMs),
      };
      this.pending = p;
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
    });
  }

  /** Someone started editing: no start on the clock. False when no such review waits. */
  hold(attempt: number): boolean {
    const p = this.pending;
    if (!p || p.attempt !== attempt) return false;
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    return true;
  }

  /** Start now, from `summary` (empty: the model's own). False when no such review waits. */
  start(attempt: number, summary: string): boolean {
    const p = this.pending;
    if (!p || p.attempt !== attempt) return false;
    p.finish(summary);
    return true;
  }

  get waiting(): boolean {
    return this.pending !== undefined;
  }
}

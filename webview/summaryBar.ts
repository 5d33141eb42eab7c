/**
 * Shown while an attempt's summary waits before the next attempt starts from it: the summary in a text
 * box, a countdown, and "Start now". Typing holds the start (the host stops its clock) until the user
 * presses Start; left alone, the next attempt starts on its own when the host's clock runs out.
 */
import type { PanelMessage } from '../src/shared/panelProtocol';
import { el, icon, vscButton } from './dom';
import type { SummaryReviewState } from './state/rows';

export class SummaryBar {
  readonly el: HTMLElement;
  private readonly text = el('span', 'summary-review-text');
  private readonly box = el('textarea', 'summary-review-box');
  private readonly start = vscButton('Start now', 'debug-start', false);
  private readonly startLabel = document.createTextNode('Start now');
  private shownFor: number | undefined;
  private shownAt = 0;
  private held = false;
  private autoStartMs = 0;

  constructor(private readonly post: (msg: PanelMessage) => void) {
    this.box.id = 'summary-review-box';
    this.box.rows = 8;
    this.box.spellcheck = false;
    this.box.setAttribute('aria-label', 'Summary the next attempt starts from');
    this.start.id = 'summary-review-start';
    this.box.addEventListener('input', () => this.hold());
    this.start.replaceChildren(this.start.firstChild!, this.startLabel);
    this.start.addEventListener('click', () => {
      if (this.shownFor === undefined || this.start.hasAttribute('disabled')) return;
      this.post({ type: 'attemptSummary', attempt: this.shownFor, action: 'start', summary: this.box.value });
      this.start.setAttribute('disabled', '');
    });
    this.el = el('div', 'summary-review', el('div', 'summary-review-head', icon('notebook'), this.text, this.start), this.box);
    this.el.setAttribute('role', 'region');
    this.el.setAttribute('aria-label', 'Summary for the next attempt');
    this.el.hidden = true;
  }

  render(review: SummaryReviewState | undefined, now: number): void {
    this.el.hidden = !review;
    if (!review) {
      this.shownFor = undefined;
      return;
    }
    if (this.shownFor !== review.attempt) {
      this.shownFor = review.attempt;
      this.shownAt = now;
      this.held = false;
      this.autoStartMs = review.autoStartMs;
      this.box.value = review.summary;
      this.start.removeAttribute('disabled');
      this.startLabel.data = `Start attempt ${review.attempt + 1} now`;
    }
    this.tick(now);
  }

  /** The countdown, redrawn each second while the bar is shown. */
  tick(now: number): void {
    if (this.shownFor === undefined) return;
    const next = this.shownFor + 1;
    if (this.held) {
      this.text.textContent = `Attempt ${this.shownFor} ended without an answer. Edit its summary; attempt ${next} waits until you press Start.`;
      return;
    }
    const left = Math.max(0, Math.ceil((this.autoStartMs - (now - this.shownAt)) / 1000));
    this.text.textContent = `Attempt ${this.shownFor} ended without an answer. Attempt ${next} starts from this summary in ${left} s; edit it to hold the start.`;
  }

  private hold(): void {
    if (this.held || this.shownFor === undefined) return;
    this.held = true;
    this.post({ type: 'attemptSummary', attempt: this.shownFor, action: 'hold' });
    this.tick(Date.now());
  }
}

/**
 * The question box at the bottom of the panel: a follow-up in the session. Enter asks, Shift+Enter is a
 * new line; it grows with its text up to a limit, then scrolls. It is disabled, with the reason beside
 * it, while a turn runs, while the run waits at an approval, a budget pause or an attempt's summary,
 * and from the moment a question is sent until the host answers.
 */
import { MAX_QUESTION_CHARS, type PanelMessage } from '../src/shared/panelProtocol';
import { el, vscButton } from './dom';
import type { PanelStore } from './store';

export class QuestionBox {
  readonly el: HTMLElement;
  private readonly box = el('textarea', 'ask-box');
  private readonly send = vscButton('Ask', 'send', false);
  private readonly reason = el('div', 'ask-reason');
  /** A question was sent and the host has not answered yet. */
  private sent = false;

  constructor(
    private readonly store: PanelStore,
    private readonly post: (msg: PanelMessage) => void,
  ) {
    this.box.id = 'ask-box';
    this.box.rows = 1;
    this.box.maxLength = MAX_QUESTION_CHARS;
    this.box.placeholder = 'Ask a follow-up question (Enter to ask, Shift+Enter for a new line)';
    this.box.setAttribute('aria-label', 'Follow-up question');
    this.box.setAttribute('aria-describedby', 'ask-reason');
    this.reason.id = 'ask-reason';
    this.reason.setAttribute('role', 'status');
    this.send.id = 'ask-send';
    this.send.title = 'Ask this follow-up in the same session';
    this.box.addEventListener('keydown', (e) => this.onKey(e));
    this.box.addEventListener('input', () => this.fit());
    this.send.addEventListener('click', () => this.ask());
    this.el = el('footer', 'ask', el('div', 'ask-row', this.box, this.send), this.reason);
    this.render();
  }

  /** The host answered (a status, a snapshot, a notice): a sent question is no longer pending. */
  answered(): void {
    this.sent = false;
    this.render();
  }

  /** Why the box is disabled now, or undefined when a question can be asked. */
  blocked(): string | undefined {
    const s = this.store;
    const h = s.header;
    if (s.awaitingSnapshot) return 'Loading the session…';
    if (this.sent) return 'Asking…';
    if (s.approvals.size > 0) return 'Waiting for your answer to the approval above; ask the follow-up when this turn has finished.';
    if (h.status === 'running' && h.budget.paused) return 'The run is paused at its budget: Continue or Stop above first.';
    if (h.status === 'running' && h.summaryReview)
      return "An attempt's summary is waiting above; ask the follow-up when this turn has finished.";
    if (h.status === 'running') return 'A turn is running: you can ask a follow-up when it has finished (or Stop it).';
    return undefined;
  }

  render(): void {
    const why = this.blocked();
    const off = why !== undefined;
    if (this.box.disabled !== off) this.box.disabled = off;
    this.send.toggleAttribute('disabled', off || !this.box.value.trim());
    if (this.reason.textContent !== (why ?? '')) this.reason.textContent = why ?? '';
    this.reason.hidden = !off;
    this.el.dataset.state = off ? 'blocked' : 'ready';
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    this.ask();
  }

  private ask(): void {
    const question = this.box.value;
    if (this.blocked() !== undefined || !question.trim()) return;
    this.post({ type: 'ask', question });
    this.sent = true;
    this.box.value = '';
    this.fit();
    this.render();
  }

  /** Grows with the text up to the CSS max-height, then scrolls. */
  private fit(): void {
    this.box.style.height = 'auto';
    this.box.style.height = `${this.box.scrollHeight}px`;
    this.send.toggleAttribute('disabled', this.blocked() !== undefined || !this.box.value.trim());
  }
}

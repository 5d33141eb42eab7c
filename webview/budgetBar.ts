/** Shown while a run is paused at its budget: the figures, a new whole-run budget, Continue and Stop. */
import type { PanelMessage } from '../src/shared/panelProtocol';
import { el, icon } from './dom';
import type { BudgetHeader } from './budgetState';
import { formatUsd } from '../src/agent/usage';

export class BudgetBar {
  readonly el: HTMLElement;
  private readonly text = el('span', 'budget-text');
  private readonly tokens = el('input', 'budget-tokens');
  private readonly usd = el('input', 'budget-usd');
  private readonly usdLabel: HTMLElement;
  private readonly error = el('span', 'budget-error');
  private shownFor: string | undefined;

  constructor(private readonly post: (msg: PanelMessage) => void) {
    for (const [input, step] of [
      [this.tokens, '1000'],
      [this.usd, '0.01'],
    ] as const) {
      input.type = 'number';
      input.min = '0';
      input.step = step;
    }
    this.tokens.setAttribute('aria-label', 'New token budget for the whole run');
    this.usd.setAttribute('aria-label', 'New cost budget for the whole run, in US dollars');
    const cont = el('button', 'budget-continue', 'Continue');
    const stop = el('button', 'budget-stop', 'Stop');
    cont.id = 'budget-continue';
    stop.id = 'budget-stop';
    cont.addEventListener('click', () => this.submit());
    stop.addEventListener('click', () => this.post({ type: 'budget', decision: 'stop' }));
    this.usdLabel = el('label', '', 'US$ ', this.usd);
    this.el = el(
      'div',
      'budget-bar',
      icon('warning'),
      this.text,
      el('label', '', 'Tokens ', this.tokens),
      this.usdLabel,
      cont,
      stop,
      this.error,
    );
    this.el.setAttribute('role', 'alert');
    this.el.hidden = true;
  }

  render(b: BudgetHeader): void {
    const p = b.paused;
    this.el.hidden = !p;
    if (!p) {
      this.shownFor = undefined;
      return;
    }
    const key = `${p.usedTokens}:${p.budgetTokens}:${p.budgetUsd}`;
    if (this.shownFor === key) return;
    this.shownFor = key;
    const used = `${p.usedTokens.toLocaleString('en-US')} tokens${p.costUsd !== undefined ? ` (${formatUsd(p.costUsd)})` : ''}`;
    const limit = [
      p.budgetTokens !== undefined ? `${p.budgetTokens.toLocaleString('en-US')} tokens` : '',
      p.budgetUsd !== undefined ? formatUsd(p.budgetUsd) : '',
    ]
      .filter(Boolean)
      .join(' / ');
    this.text.textContent = `Budget reached: ${used} of ${limit}. Continue with a new budget for the whole run, or stop here (the run can be resumed).`;
    // Suggest doubling what the run was allowed.
    this.tokens.value = p.budgetTokens !== undefined ? String(p.budgetTokens * 2) : '';
    this.usd.value = p.budgetUsd !== undefined ? String(p.budgetUsd * 2) : '';
    this.usdLabel.hidden = p.budgetUsd === undefined;
    this.error.textContent = '';
  }

  private submit(): void {
    const tokens = this.tokens.value.trim() === '' ? undefined : Math.round(Number(this.tokens.value));
    const usd = this.usdLabel.hidden || this.usd.value.trim() === '' ? undefined : Number(this.usd.value);
    const bad = (n: number | undefined) => n !== undefined && !(Number.isFinite(n) && n > 0);
    if (bad(tokens) || bad(usd) || (tokens === undefined && usd === undefined)) {
      this.error.textContent = 'Enter a budget above zero.';
      return;
    }
    this.post({ type: 'budget', decision: 'continue', ...(tokens !== undefined ? { tokens } : {}), ...(usd !== undefined ? { usd } : {}) });
  }
}

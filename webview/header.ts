/** The panel header: question, status, counters, Stop and Insert Findings. */
import type { PanelMessage, RunStatus } from '../src/shared/panelProtocol';
import { el, icon, vscButton } from './dom';
import { formatCount, formatDuration, plural } from './format';
import type { PanelStore } from './store';
import { BudgetBar } from './budgetBar';
import { SummaryBar } from './summaryBar';
import { costOf } from './budgetState';
import { formatUsd } from '../src/agent/usage';

const STATUS: Record<RunStatus, { icon: string; label: string }> = {
  running: { icon: 'loading', label: 'Running' },
  done: { icon: 'pass', label: 'Done' },
  stopped: { icon: 'debug-stop', label: 'Stopped' },
  failed: { icon: 'error', label: 'Failed' },
};

function stat(iconName: string, title: string): { el: HTMLElement; text: HTMLElement } {
  const text = el('span');
  const s = el('span', 'stat', icon(iconName), text);
  s.title = title;
  return { el: s, text };
}

export class Header {
  readonly el: HTMLElement;
  private readonly statusIcon = el('span', 'status-icon');
  private readonly statusText = el('span', 'status-text');
  private readonly question = el('h1', 'question');
  private readonly asked = stat('comment-discussion', 'Questions asked in this session');
  private readonly instructions = el('div', 'hdr-instructions');
  private readonly turn = stat('list-ordered', 'Turn');
  private readonly tools = stat('tools', 'Tool calls');
  private readonly tokens = stat('symbol-numeric', 'Tokens used');
  private readonly elapsed = stat('watch', 'Elapsed');
  private readonly stop = vscButton('Stop', 'debug-stop', true);
  private readonly insert = vscButton('Insert Findings', 'insert', false);
  private readonly budgetBar: BudgetBar;
  private readonly summaryBar: SummaryBar;
  private readonly exportRun = vscButton('Export', 'export', false);

  constructor(
    private readonly store: PanelStore,
    private readonly post: (msg: PanelMessage) => void,
  ) {
    this.question.tabIndex = 0;
    this.question.setAttribute('role', 'button');
    this.question.setAttribute('aria-expanded', 'false');
    this.question.title = 'Show the whole question';
    const flip = (): void => {
      const open = this.question.classList.toggle('expanded');
      this.question.setAttribute('aria-expanded', String(open));
    };
    this.question.addEventListener('click', flip);
    this.question.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        flip();
      }
    });
    this.stop.id = 'stop';
    this.insert.id = 'insert-findings';
    this.exportRun.id = 'export-run';
    this.exportRun.title = 'Export the run: a Markdown report and an HTML trajectory in the workspace';
    this.stop.title = 'Stop the run';
    this.insert.title = 'Insert the final answer into the active editor';
    this.stop.addEventListener('click', () => {
      if (this.stop.hasAttribute('disabled')) return;
      this.store.header.stopRequested = true;
      this.post({ type: 'stop' });
      this.render(Date.now());
    });
    this.insert.addEventListener('click', () => {
      if (!this.insert.hasAttribute('disabled')) this.post({ type: 'insertFindings' });
    });
    this.budgetBar = new BudgetBar(post);
    this.summaryBar = new SummaryBar(post);
    this.exportRun.addEventListener('click', () => {
      if (!this.exportRun.hasAttribute('disabled')) this.post({ type: 'exportRun' });
    });
    const status = el('span', 'status', this.statusIcon, this.statusText);
    status.setAttribute('role', 'status');
    this.el = el(
      'header',
      'hdr',
      el('div', 'hdr-top', this.question),
      this.instructions,
      el(
        'div',
        'hdr-bar',
        el('div', 'stats', status, this.turn.el, this.tools.el, this.tokens.el, this.elapsed.el, this.asked.el),
        el('div', 'actions', this.stop, this.insert, this.exportRun),
      ),
      this.budgetBar.el,
      this.summaryBar.el,
    );
    this.render(Date.now());
  }

  render(now: number): void {
    const h = this.store.header;
    const s = STATUS[h.status] ?? STATUS.running;
    const stopping = h.status === 'running' && h.stopRequested;
    this.statusIcon.className = `status-icon codicon codicon-${s.icon}${h.status === 'running' ? ' codicon-modifier-spin' : ''}`;
    this.statusIcon.dataset.status = h.status;
    setText(this.statusText, stopping ? 'Stopping…' : s.label);
    setText(this.question, h.question || 'Research run');
    this.asked.el.hidden = h.sessionTurn < 2;
    setText(this.asked.text, `Question ${h.sessionTurn}`);
    this.renderInstructions(h.instructions);
    this.turn.text.textContent = h.maxTurns ? `Turn ${h.turn}/${h.maxTurns}` : `Turn ${h.turn}`;
    setText(this.tools.text, plural(h.toolCalls, 'tool call'));
    const total = h.promptTokens + h.completionTokens;
    const est = h.tokensEstimated ? '~' : '';
    const b = h.budget;
    const cost = costOf(b, h.promptTokens, h.completionTokens);
    setText(
      this.tokens.text,
      `${est}${formatCount(h.promptTokens)} in / ${est}${formatCount(h.completionTokens)} out${cost !== undefined ? ` · ${formatUsd(cost)}` : ''}`,
    );
    this.tokens.el.title =
      `Tokens used: ${total.toLocaleString('en-US')} (in ${h.promptTokens.toLocaleString('en-US')}, out ${h.completionTokens.toLocaleString('en-US')}${h.tokensEstimated ? ', partly estimated' : ''}); ` +
      `last turn: in ${b.turnIn.toLocaleString('en-US')}, out ${b.turnOut.toLocaleString('en-US')}${cost !== undefined ? `; cost ${formatUsd(cost)}` : ''}`;
    this.budgetBar.render(h.status === 'running' ? b : { ...b, paused: undefined });
    this.summaryBar.render(h.status === 'running' ? h.summaryReview : undefined, now);
    this.renderElapsed(now);
    this.stop.toggleAttribute('disabled', h.status !== 'running' || h.stopRequested);
    this.insert.toggleAttribute('disabled', !h.hasAnswer);
    this.exportRun.toggleAttribute('disabled', h.status === 'running');
  }

  /** "Project instructions: AGENTS.md, .github/copilot-instructions.md": what the system prompt holds of the project's own. */
  private renderInstructions(sources: readonly string[]): void {
    const text = sources.join(', ');
    if (this.instructions.dataset.sources === text) return;
    this.instructions.dataset.sources = text;
    this.instructions.hidden = sources.length === 0;
    this.instructions.replaceChildren(icon('book'), el('span', 'label', `Project instructions: ${text}`));
    this.instructions.title = `The project's instructions in this run's system prompt: ${text}`;
  }

  renderElapsed(now: number): void {
    setText(this.elapsed.text, formatDuration(this.store.elapsed(now)));
    this.summaryBar.tick(now);
  }
}

function setText(e: HTMLElement, s: string): void {
  if (e.textContent !== s) e.textContent = s;
}

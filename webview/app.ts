/**
 * Wires the store to the view: header, notice banner, the virtualised trajectory and the approval
 * cards, plus the one place where clicks become messages for the host.
 */
import type { HostMessage, PanelMessage } from '../src/shared/panelProtocol';
import { ApprovalCards } from './approvals';
import { el, icon } from './dom';
import { emptyStateNodes } from './emptyState';
import { Header } from './header';
import { estimateRow, renderRow } from './rowView';
import { estimateTurnHead, renderTurnHead } from './turnHead';
import { QuestionBox } from './questionBox';
import { PanelStore, type StoreListener } from './store';
import { VirtualList } from './virtualList';
import type { Bridge } from './vscodeApi';

const HOST_TYPES = new Set(['snapshot', 'events', 'status', 'approval', 'approvalResolved', 'notice']);

export function isHostMessage(data: unknown): data is HostMessage {
  return !!data && typeof data === 'object' && HOST_TYPES.has((data as { type?: unknown }).type as string);
}

export class PanelApp implements StoreListener {
  readonly store: PanelStore;
  private readonly headerView: Header;
  private readonly list: VirtualList;
  private readonly approvalsView: ApprovalCards;
  private readonly askBox: QuestionBox;
  private readonly noticeBox = el('div', 'notice');
  private readonly empty = el('div', 'empty', ...emptyStateNodes('running'));
  private frame = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: Bridge,
  ) {
    this.store = new PanelStore(this);
    const post = (m: PanelMessage): void => bridge.post(m);
    this.headerView = new Header(this.store, post);
    this.list = new VirtualList(
      {
        count: () => this.store.view.count,
        version: (i) => {
          const item = this.store.view.item(i);
          return 'head' in item ? this.store.turns[item.head].v : this.store.rows[item.row].v;
        },
        render: (i) => this.renderItem(i),
        estimate: (i, w) => {
          const item = this.store.view.item(i);
          return 'head' in item ? estimateTurnHead(this.store.turns[item.head], w) : estimateRow(this.store.rows[item.row], w);
        },
      },
      'Research steps',
    );
    this.approvalsView = new ApprovalCards(post);
    this.askBox = new QuestionBox(this.store, post);
    this.noticeBox.hidden = true;
    this.noticeBox.setAttribute('role', 'alert');
    const main = el('main', 'main', this.list.el, this.empty);
    root.replaceChildren(this.headerView.el, this.noticeBox, main, this.approvalsView.el, this.askBox.el);
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('auxclick', (e) => {
      if ((e.target as Element).closest('a')) e.preventDefault();
    });
    root.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Asks the host for the snapshot; call once the message listener is in place. */
  start(): void {
    this.store.markAsked();
    this.bridge.post({ type: 'ready' });
  }

  receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    const r = this.store.receive(data);
    if (r) this.bridge.post({ type: 'ready' });
    // The host has taken up (or turned down) a question sent from the box.
    if (data.type === 'status' || data.type === 'snapshot' || data.type === 'notice') this.askBox.answered();
    if (data.type === 'snapshot' && this.store.header.runId) this.bridge.saveState({ runId: this.store.header.runId });
  }

  // StoreListener
  reset(): void {
    this.list.reset();
    this.schedule();
  }
  append(index: number): void {
    this.list.appended(index);
    this.schedule();
  }
  update(index: number): void {
    this.list.updated(index);
  }
  header(): void {
    this.schedule();
  }
  approvals(): void {
    this.approvalsView.sync(this.store.approvals);
    this.askBox.render();
  }
  notice(level: 'info' | 'error', text: string): void {
    const close = el('button', 'icon-button', icon('close'));
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => {
      this.noticeBox.hidden = true;
    });
    this.noticeBox.className = `notice notice-${level}`;
    this.noticeBox.replaceChildren(icon(level === 'error' ? 'error' : 'info'), el('span', 'notice-text', text), close);
    this.noticeBox.hidden = false;
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const now = Date.now();
    this.headerView.render(now);
    const n = this.store.rows.length;
    this.empty.hidden = n > 0;
    if (n === 0 && this.empty.dataset.status !== this.store.header.status) {
      this.empty.dataset.status = this.store.header.status;
      this.empty.replaceChildren(...emptyStateNodes(this.store.header.status));
    }
    this.root.dataset.rows = String(n);
    this.root.dataset.turns = String(this.store.turns.length);
    this.root.dataset.items = String(this.store.view.count);
    this.askBox.render();
    this.root.dataset.lastSeq = String(this.store.lastSeq);
    this.root.dataset.status = this.store.header.status;
    const running = this.store.header.status === 'running' && this.store.header.startT !== undefined;
    if (running && !this.ticker) this.ticker = setInterval(() => this.headerView.renderElapsed(Date.now()), 1000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private onClick(e: MouseEvent): void {
    const t = e.target as Element;
    const a = t.closest('a');
    if (a) {
      e.preventDefault(); // the host opens URLs; the webview itself never navigates
      const url = a.dataset.url;
      if (url) this.bridge.post({ type: 'openUrl', url });
      return;
    }
    const file = t.closest<HTMLElement>('[data-path]');
    if (file) {
      this.openFile(file);
      return;
    }
    const toggle = t.closest<HTMLElement>('button[data-action="toggle"]');
    if (toggle)
      this.store.toggle(Number(toggle.dataset.index), toggle.dataset.part as 'args' | 'result' | 'reasoning' | 'summary' | 'child');
    const child = t.closest<HTMLElement>('button[data-action="openChild"]')?.dataset.child;
    if (child) this.bridge.post({ type: 'openSubtask', childRunId: child });
    const turnAction = t.closest<HTMLElement>('button[data-turn]');
    const turn = Number(turnAction?.dataset.turn);
    if (!turnAction || !Number.isInteger(turn) || turn < 1) return;
    if (turnAction.dataset.action === 'toggleTurn') this.toggleTurn(turn);
    else if (turnAction.dataset.action === 'insertTurn') this.bridge.post({ type: 'insertFindings', turn });
    else if (turnAction.dataset.action === 'exportTurn') this.bridge.post({ type: 'exportRun', turn });
  }

  /** One item of the list: a turn's head, or a row (an answer with its own actions once the session has follow-ups). */
  private renderItem(i: number): HTMLElement {
    const { view, turns, rows } = this.store;
    const item = view.item(i);
    if ('row' in item) return renderRow(rows[item.row], item.row, turns.length > 1 ? this.store.turnOfRow(item.row)?.turn : undefined);
    const t = turns[item.head];
    const end = turns[item.head + 1]?.firstRow ?? rows.length;
    let calls = 0;
    for (let r = t.firstRow; r < end; r++) if (rows[r].kind === 'tool') calls++;
    return renderTurnHead(t, calls, item.head === turns.length - 1);
  }

  /** Opens or collapses a question of the session, keeping its head where it was on the screen. */
  private toggleTurn(turn: number): void {
    const before = this.store.view.indexOfHead(turn - 1);
    const offset = before === undefined ? undefined : this.list.offsetOf(before);
    if (!this.store.toggleTurn(turn)) return;
    const after = this.store.view.indexOfHead(turn - 1);
    if (after === undefined || offset === undefined) return;
    this.list.keepAt(after, offset);
    this.root.querySelector<HTMLElement>(`.row-turn[data-turn="${turn}"] .turn-toggle`)?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return;
    const file = (e.target as Element).closest?.<HTMLElement>('[data-path]');
    if (file) {
      e.preventDefault();
      this.openFile(file);
    }
  }

  private openFile(elm: HTMLElement): void {
    const path = elm.dataset.path!;
    const line = elm.dataset.line ? Number(elm.dataset.line) : undefined;
    this.bridge.post(line !== undefined ? { type: 'openFile', path, line } : { type: 'openFile', path });
  }
}

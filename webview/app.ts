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
        count: () => this.store.rows.length,
        version: (i) => this.store.rows[i].v,
        render: (i) => renderRow(this.store.rows[i], i),
        estimate: (i, w) => estimateRow(this.store.rows[i], w),
      },
      'Research steps',
    );
    this.approvalsView = new ApprovalCards(post);
    this.noticeBox.hidden = true;
    this.noticeBox.setAttribute('role', 'alert');
    const main = el('main', 'main', this.list.el, this.empty);
    root.replaceChildren(this.headerView.el, this.noticeBox, main, this.approvalsView.el);
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

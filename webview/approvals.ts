/**
 * Approval cards. write_file / edit_file: the change as a line diff; an MCP tool: its server, hints
 * and arguments; data leaving: the matching text highlighted and where it was read. Then the buttons
 * that fit the kind: Accept / Reject, Allow for this run (not for data leaving), Always allow (MCP).
 */
import type { ApprovalView, PanelMessage } from '../src/shared/panelProtocol';
import { egressBody, egressHead, mcpBody, mcpHead } from './consentCards';
import { lineDiff } from './diff';
import { el, fileLink, icon } from './dom';

type Decision = Extract<PanelMessage, { type: 'approve' }>['decision'];

export class ApprovalCards {
  readonly el: HTMLElement;
  private readonly cards = new Map<string, HTMLElement>();

  constructor(private readonly post: (msg: PanelMessage) => void) {
    this.el = el('div', 'approvals');
    this.el.setAttribute('aria-label', 'Pending approvals');
    this.el.hidden = true;
    this.el.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLElement>('[data-decision]');
      if (!b || b.hasAttribute('disabled')) return;
      const card = b.closest<HTMLElement>('[data-approval]');
      if (!card) return;
      this.decide(card, b.dataset.decision as Decision);
    });
  }

  /** Shows exactly `approvals` (cards already shown are kept as they are). */
  sync(approvals: Map<string, ApprovalView>): void {
    for (const [id, card] of this.cards) {
      if (!approvals.has(id)) {
        card.remove();
        this.cards.delete(id);
      }
    }
    let first: HTMLElement | undefined;
    for (const [id, a] of approvals) {
      if (this.cards.has(id)) continue;
      const card = renderCard(a);
      this.cards.set(id, card);
      this.el.append(card);
      first ??= card;
    }
    this.el.hidden = this.cards.size === 0;
    // A new request takes the focus only if nothing else in the panel has it.
    if (first && (document.activeElement === document.body || !document.activeElement)) {
      first.querySelector<HTMLElement>('[data-decision="accept"]')?.focus();
    }
  }

  private decide(card: HTMLElement, decision: Decision): void {
    const id = card.dataset.approval!;
    this.post({ type: 'approve', id, decision });
    for (const b of card.querySelectorAll('[data-decision]')) b.setAttribute('disabled', '');
    card.querySelector('.approval-state')!.textContent = decision === 'reject' ? 'Rejected, waiting for the agent…' : 'Accepted, applying…';
  }
}

function button(label: string, decision: Decision, secondary: boolean, iconName: string): HTMLElement {
  const b = document.createElement('vscode-button');
  if (secondary) b.setAttribute('secondary', '');
  b.dataset.decision = decision;
  const i = icon(iconName);
  i.slot = 'content-before';
  b.append(i, label);
  return b;
}

export function renderCard(a: ApprovalView): HTMLElement {
  const card = el('section', 'approval');
  card.dataset.approval = a.id;
  card.dataset.kind = a.kind;
  if (a.kind === 'write') renderWrite(card, a);
  else if (a.kind === 'mcp') {
    card.setAttribute('aria-label', `Approve MCP tool ${a.serverTool} of ${a.server}`);
    card.append(mcpHead(a), ...mcpBody(a));
  } else {
    card.setAttribute('aria-label', `Approve sending workspace data through ${a.tool}`);
    card.append(egressHead(a), ...egressBody(a));
  }
  card.append(
    el(
      'div',
      'approval-actions',
      button('Accept', 'accept', false, 'check'),
      button('Reject', 'reject', true, 'close'),
      a.kind === 'write' && button('Allow for this run', 'acceptAll', true, 'check-all'),
      a.kind === 'mcp' && button('Allow this tool for this run', 'acceptAll', true, 'check-all'),
      a.kind === 'mcp' && button('Always allow this tool', 'alwaysAllow', true, 'pass-filled'),
      el('span', 'approval-state muted'),
    ),
  );
  return card;
}

function renderWrite(card: HTMLElement, a: Extract<ApprovalView, { kind: 'write' }>): void {
  card.setAttribute('aria-label', `Approve ${a.tool} on ${a.path}`);
  const isNew = a.before === undefined;
  card.append(
    el(
      'div',
      'approval-head',
      icon(isNew ? 'new-file' : 'edit'),
      el('span', 'approval-tool', a.tool),
      el('span', 'muted', isNew ? ' wants to create ' : ' wants to change '),
      fileLink(a.path, a.path, undefined),
    ),
  );
  if (a.summary) card.append(el('div', 'approval-summary', a.summary));
  const d = lineDiff(a.before, a.after);
  const stats = el('div', 'diff-stats', el('span', 'diff-add-count', `+${d.added}`), ' ', el('span', 'diff-del-count', `−${d.removed}`));
  if (isNew) stats.append(el('span', 'muted', ' new file'));
  if (d.approximate) stats.append(el('span', 'muted', ' (large change: shown as a replacement)'));
  card.append(stats);
  const diff = el('div', 'diff');
  diff.setAttribute('role', 'group');
  diff.setAttribute('aria-label', 'Proposed change');
  diff.tabIndex = 0;
  for (const line of d.lines) {
    if (line.kind === 'skip') {
      diff.append(el('div', 'dl dl-skip', `⋯ ${line.count} unchanged line${line.count === 1 ? '' : 's'}`));
      continue;
    }
    const sign = line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' ';
    const row = el('div', `dl dl-${line.kind}`, el('span', 'dl-sign', sign), el('span', 'dl-text', line.text || ' '));
    diff.append(row);
  }
  if (d.truncated) diff.append(el('div', 'dl dl-skip', `⋯ ${d.truncated} more diff lines not shown`));
  card.append(diff);
}

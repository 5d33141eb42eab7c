/** A research_subtask's child run inside its call's row: collapsed to one line of live counters, open for its steps and findings. */
import { el, icon, plainBlock } from './dom';
import { plural } from './format';
import { renderMarkdown } from './mdDom';
import type { ChildView } from './store';

const STATUS: Record<ChildView['status'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

export function renderChild(child: ChildView, index: number): HTMLElement {
  const box = el('div', `child child-${child.status}`);
  const busy = child.status === 'running' ? [icon('loading', 'codicon-modifier-spin')] : [];
  const counters = `${plural(child.turns, 'turn')} · ${child.toolCalls}/${child.maxToolCalls} tool calls · ${child.tokens.toLocaleString('en-US')} tokens`;
  const b = el(
    'button',
    'toggle child-toggle',
    icon(child.open ? 'chevron-down' : 'chevron-right'),
    ...busy,
    ` Subagent ${STATUS[child.status]}: `,
  );
  b.type = 'button';
  b.dataset.action = 'toggle';
  b.dataset.part = 'child';
  b.dataset.index = String(index);
  b.dataset.focusKey = 'child';
  b.setAttribute('aria-expanded', String(child.open));
  box.append(el('div', 'child-head', b, el('span', 'child-question', child.question), el('span', 'row-meta child-counters', counters)));
  if (!child.open) return box;
  const open = el('button', 'toggle child-open', icon('link-external'), ' Open as a run');
  open.type = 'button';
  open.dataset.action = 'openChild';
  open.dataset.child = child.childRunId;
  box.append(open);
  if (child.focus) box.append(el('div', 'muted small', `Focus: ${child.focus}`));
  if (child.steps.length) box.append(plainBlock(child.steps.join('\n'), 'plain child-steps'));
  if (child.answer) box.append(renderMarkdown(child.answer));
  if (child.error) box.append(plainBlock(child.error, 'plain error-text'));
  return box;
}

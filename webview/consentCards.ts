/**
 * The bodies of the approval cards for an MCP tool call and for workspace data leaving the machine.
 * Everything shown here comes from the model or an MCP server: text nodes only (see dom.ts).
 */
import type { ApprovalView } from '../src/shared/panelProtocol';
import { el, icon } from './dom';

type McpView = Extract<ApprovalView, { kind: 'mcp' }>;
type EgressView = Extract<ApprovalView, { kind: 'egress' }>;

/** A value longer than this shows its start and a "show all" toggle. */
const COLLAPSE_AT = 300;

export function mcpHead(a: McpView): HTMLElement {
  return el(
    'div',
    'approval-head',
    icon('plug'),
    el('span', 'approval-tool', a.serverTool),
    el('span', 'muted', ' from MCP server '),
    el('span', 'approval-server', a.server),
    el('span', 'muted', ' wants to run'),
  );
}

export function mcpBody(a: McpView): HTMLElement[] {
  const hints = el('div', 'approval-hints');
  const ann = a.annotations ?? {};
  if (ann.title) hints.append(el('span', 'hint', ann.title));
  const flags: [keyof typeof ann, string, string][] = [
    ['readOnlyHint', 'read-only', 'may change things'],
    ['destructiveHint', 'destructive', 'not destructive'],
    ['idempotentHint', 'idempotent', 'not idempotent'],
    ['openWorldHint', 'open world', 'closed world'],
  ];
  for (const [key, yes, no] of flags) {
    const v = ann[key];
    if (typeof v === 'boolean') hints.append(el('span', `hint hint-${v ? 'yes' : 'no'}`, v ? yes : no));
  }
  if (!hints.childElementCount) hints.append(el('span', 'hint muted', 'no annotations: treated as able to change things'));
  return [hints, argsTable(a.args)];
}

export function egressHead(a: EgressView): HTMLElement {
  return el(
    'div',
    'approval-head',
    icon('warning'),
    el('span', 'approval-tool', a.tool),
    el('span', 'muted', ` would send data read from the workspace`),
  );
}

export function egressBody(a: EgressView): HTMLElement[] {
  const list = el('div', 'egress-matches');
  list.setAttribute('role', 'list');
  for (const m of a.matches ?? []) {
    const item = el(
      'div',
      'egress-match',
      el(
        'div',
        'egress-field muted',
        `${m.field}${m.secret ? ' (a secret, shown by its fingerprint)' : ''}${m.form ? `, ${m.form}` : ''}:`,
      ),
      el('pre', 'egress-text', m.before, el('mark', 'egress-hit', m.text), m.after),
      el('div', 'egress-source muted', `from ${m.source}`),
    );
    item.setAttribute('role', 'listitem');
    list.append(item);
  }
  return [list, argsTable(a.args)];
}

/** The arguments as key / value rows: strings as they are, other values as JSON; long ones collapsed. */
export function argsTable(args: Record<string, unknown>): HTMLElement {
  const table = el('div', 'approval-args');
  table.setAttribute('role', 'group');
  table.setAttribute('aria-label', 'Arguments');
  const entries = Object.entries(args ?? {});
  if (!entries.length) table.append(el('div', 'muted', '(no arguments)'));
  for (const [key, value] of entries) {
    const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
    table.append(el('div', 'arg-row', el('span', 'arg-key', key), collapsible(text)));
  }
  return table;
}

function collapsible(text: string): HTMLElement {
  const pre = el('pre', 'arg-value');
  if (text.length <= COLLAPSE_AT) {
    pre.textContent = text;
    return pre;
  }
  const toggle = el('button', 'arg-toggle', `show all ${text.length.toLocaleString('en-US')} characters`);
  toggle.type = 'button';
  pre.append(text.slice(0, COLLAPSE_AT), '… ', toggle);
  toggle.addEventListener('click', () => {
    pre.textContent = text;
  });
  return pre;
}

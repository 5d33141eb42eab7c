/**
 * The head of one question of a research session in the list: which question it is, the question
 * itself, and a toggle that shows its steps or collapses them (a collapsed turn shows its answer only).
 */
import { el, icon } from './dom';
import { plural } from './format';
import type { TurnInfo } from './state/rowBook';

/** `calls`: the tool calls a collapsed turn hides. */
export function renderTurnHead(t: TurnInfo, calls: number, latest: boolean): HTMLElement {
  const toggle = el(
    'button',
    'turn-toggle',
    icon(t.open ? 'chevron-down' : 'chevron-right'),
    el('span', 'turn-label', `Question ${t.turn}`),
    el('span', 'turn-question', t.question),
    el('span', 'turn-meta', t.open ? (latest ? '' : 'Collapse') : calls ? `Show ${plural(calls, 'tool call')}` : 'Show its steps'),
  );
  toggle.type = 'button';
  toggle.dataset.action = 'toggleTurn';
  toggle.dataset.turn = String(t.turn);
  toggle.dataset.focusKey = 'turn';
  toggle.setAttribute('aria-expanded', String(t.open));
  toggle.title = t.open ? 'Collapse this question to its answer' : 'Show every step of this question';
  const r = el('div', `row row-turn${t.open ? ' is-open' : ''}`, toggle);
  r.dataset.turn = String(t.turn);
  return r;
}

/** Height guess: the toggle line plus the question, clamped to three lines. */
export function estimateTurnHead(t: TurnInfo, width: number): number {
  const perLine = Math.max(20, Math.floor((width - 120) / 7.2));
  return 26 + Math.min(3, Math.max(1, Math.ceil(t.question.length / perLine))) * 19;
}

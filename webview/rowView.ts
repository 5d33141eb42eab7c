/** One row of the trajectory as DOM, and a cheap guess at its height before it is measured. */
import { el, icon, plainBlock } from './dom';
import { CLIP, clip, formatDuration, formatMs, plural } from './format';
import { renderMarkdown } from './mdDom';
import { markCitations, sourcesBlock } from './citations';
import { renderChild } from './childView';
import type { AttemptSummaryRow, Row, ThinkingRow, ToolRow } from './store';

const TOOL_ICONS: Record<string, string> = {
  read_file: 'file',
  write_file: 'new-file',
  edit_file: 'edit',
  list_directory: 'folder',
  find_files: 'search',
  search_text: 'search',
  web_search: 'globe',
  fetch_url: 'globe',
  run: 'terminal',
};

/** `turn`: the session's question the row belongs to, when the session has more than one (its answer gets its own actions). */
export function renderRow(row: Row, index: number, turn?: number): HTMLElement {
  switch (row.kind) {
    case 'thinking':
      return thinking(row, index);
    case 'tool':
      return tool(row, index);
    case 'retry':
      return line('row-retry', 'refresh', `Retry ${row.attempt} of turn ${row.turn} in ${formatMs(row.delayMs)}: ${row.reason}`);
    case 'trim':
      return line(
        'row-trim',
        'fold',
        `Context trimmed: ${plural(row.count, 'older result')} dropped from the model's context${row.kept ? ` (keeping the last ${row.kept})` : ''}`,
      );
    case 'resume':
      return line('row-resume', 'debug-restart', 'Resumed from the trajectory file');
    case 'consent':
      return line(`row-consent${row.approved ? '' : ' is-error'}`, row.approved ? 'unlock' : 'lock', row.text);
    case 'attempt':
      return line(
        'row-attempt',
        'debug-rerun',
        row.attempt === 1
          ? `Attempt 1 of ${row.of}`
          : `Attempt ${row.attempt} of ${row.of}: a fresh context with the earlier attempts' summaries`,
      );
    case 'attemptSummary':
      return attemptSummary(row, index);
    case 'note':
      return line('row-note', row.icon, row.text);
    case 'answer': {
      const r = el('div', 'row row-answer', head('pass-filled', 'Answer', ...(turn !== undefined ? answerActions(turn) : [])));
      const body = renderMarkdown(row.text);
      if (row.citations?.length) markCitations(body, row.citations);
      r.append(body);
      const sources = row.citations && sourcesBlock(row.citations);
      if (sources) r.append(sources);
      return r;
    }
    case 'end': {
      const ok = row.answered;
      const what =
        row.stopReason === 'answered'
          ? 'Finished'
          : row.stopReason === 'cancelled'
            ? 'Stopped'
            : `Ended (${row.stopReason.replace('_', ' ')})`;
      const r = line(
        `row-end${ok ? '' : ' is-error'}`,
        ok ? 'check-all' : row.stopReason === 'cancelled' ? 'debug-stop' : 'error',
        `${what} · ${plural(row.turns, 'turn')} · ${plural(row.toolCalls, 'tool call')} · ${formatDuration(row.elapsedMs)}`,
      );
      if (row.error) r.append(plainBlock(row.error, 'plain error-text'));
      return r;
    }
  }
}

/** Insert Findings and Export for this answer (the header's act on the latest). */
function answerActions(turn: number): HTMLElement[] {
  const action = (name: string, label: string, iconName: string, title: string): HTMLElement => {
    const b = el('button', 'answer-action', icon(iconName), label);
    b.type = 'button';
    b.dataset.action = name;
    b.dataset.turn = String(turn);
    b.title = title;
    return b;
  };
  return [
    el(
      'span',
      'answer-actions',
      action('insertTurn', 'Insert', 'insert', `Insert the answer to question ${turn} with its sources into the editor`),
      action('exportTurn', 'Export', 'export', `Export the session through question ${turn}`),
    ),
  ];
}

const REASON_TEXT: Record<string, string> = {
  max_turns: 'used all its tool calls',
  context_limit: 'filled its context window',
  no_answer: 'gave no answer',
  gave_up: 'said it could not finish',
};

function attemptSummary(row: AttemptSummaryRow, index: number): HTMLElement {
  const why = REASON_TEXT[row.reason] ?? 'ended without an answer';
  const r = el(
    'div',
    'row row-attempt-summary',
    head('notebook', `Attempt ${row.attempt} ${why} · outcome: ${row.outcome.replace('_', ' ')}${row.edited ? ' · edited by you' : ''}`),
  );
  const body = collapsible(row.summary, CLIP.result, row.open, index, 'summary', 'attempt-summary');
  r.append(body);
  return r;
}

function line(cls: string, iconName: string, text: string): HTMLElement {
  const r = el('div', `row row-line ${cls}`, icon(iconName), el('span', 'line-text', text));
  return r;
}

function head(iconName: string, title: string, ...rest: (Node | string)[]): HTMLElement {
  return el('div', 'row-head', icon(iconName), el('span', 'row-title', title), ...rest);
}

function toggle(index: number, part: string, open: boolean, closedLabel: string): HTMLButtonElement {
  const b = el('button', 'toggle', icon(open ? 'chevron-up' : 'chevron-down'), open ? 'Show less' : closedLabel);
  b.type = 'button';
  b.dataset.action = 'toggle';
  b.dataset.part = part;
  b.dataset.index = String(index);
  b.dataset.focusKey = part;
  b.setAttribute('aria-expanded', String(open));
  return b;
}

/** Text that collapses when long: the clipped part plus a toggle. */
function collapsible(
  text: string,
  lim: { lines: number; chars: number },
  open: boolean,
  index: number,
  part: string,
  cls: string,
): HTMLElement {
  const short = clip(text, lim.lines, lim.chars);
  const box = el('div', `collapsible ${cls}`);
  box.append(plainBlock(open || short === undefined ? text : `${short}…`));
  if (short !== undefined) box.append(toggle(index, part, open, `Show all (${text.length.toLocaleString('en-US')} chars)`));
  return box;
}

function thinking(row: ThinkingRow, index: number): HTMLElement {
  if (row.hidden) return el('div', 'row row-empty');
  const r = el('div', 'row row-thinking');
  const busy = row.streaming ? icon('loading', 'codicon-modifier-spin') : undefined;
  r.append(head('comment', `Turn ${row.turn}`, ...(busy ? [busy] : [])));
  if (row.reasoning) {
    const short = clip(row.reasoning, CLIP.reasoning.lines, CLIP.reasoning.chars);
    const box = el('div', 'reasoning');
    box.append(plainBlock(row.showReasoning || short === undefined ? row.reasoning : `${short}…`, 'plain muted'));
    if (short !== undefined)
      box.append(toggle(index, 'reasoning', row.showReasoning, `Show reasoning (${row.reasoning.length.toLocaleString('en-US')} chars)`));
    r.append(box);
  }
  if (row.text) r.append(renderMarkdown(row.text));
  else if (!row.reasoning && !row.streaming) r.append(el('div', 'muted', 'No text this turn.'));
  if (row.note) r.append(el('div', 'note', icon('info'), ` ${row.note}`));
  return r;
}

function tool(row: ToolRow, index: number): HTMLElement {
  const res = row.result;
  const state = !res ? ' is-pending' : res.isError ? ' is-error' : '';
  const r = el('div', `row row-tool${state}`);
  const meta = el('span', 'row-meta');
  const bits = [`turn ${row.turn}`];
  if (res) bits.push(formatMs(res.durationMs));
  if (res && res.repeatOf > 0) bits.push(`repeat ×${res.repeatOf + 1}`);
  meta.append(bits.join(' · '));
  const badges: HTMLElement[] = [];
  if (!res) badges.push(el('span', 'badge', icon('loading', 'codicon-modifier-spin'), ' running'));
  if (res?.isError) badges.push(el('span', 'badge badge-error', 'error'));
  if (row.trimmed) badges.push(el('span', 'badge', 'trimmed'));
  r.append(head(res?.isError ? 'error' : (TOOL_ICONS[row.name] ?? 'tools'), row.name || 'tool', meta, ...badges));
  if (row.args) r.append(collapsible(row.args, CLIP.args, row.argsOpen, index, 'args', 'args'));
  if (res) {
    const obs = collapsible(
      res.content || '(empty result)',
      CLIP.result,
      row.resultOpen,
      index,
      'result',
      `obs${res.isError ? ' error-text' : ''}`,
    );
    if (res.cutChars > 0)
      obs.append(el('div', 'muted small', `${res.cutChars.toLocaleString('en-US')} chars cut before the model read it`));
    r.append(obs);
  }
  if (row.child) r.append(renderChild(row.child, index));
  return r;
}

/** Height guess from text sizes (measured heights replace it once a row has been in view). */
export function estimateRow(row: Row, width: number): number {
  const perLine = Math.max(20, Math.floor((width - 40) / 7.2));
  const lines = (chars: number): number => Math.max(1, Math.ceil(chars / perLine));
  const textLines = (t: string, lim: { lines: number; chars: number } | undefined, open: boolean): number => {
    if (!t) return 0;
    const n = lines(t.length) + Math.min(countNewlines(t, 4000), 200);
    return lim && !open ? Math.min(n, lim.lines + 1) : n;
  };
  switch (row.kind) {
    case 'thinking':
      if (row.hidden) return 0;
      return (
        34 +
        textLines(row.text, undefined, true) * 20 +
        (row.reasoning ? 24 + textLines(row.reasoning, CLIP.reasoning, row.showReasoning) * 18 : 0)
      );
    case 'tool': {
      const res = row.result;
      return (
        40 +
        (row.args ? 12 + textLines(row.args, CLIP.args, row.argsOpen) * 18 : 0) +
        (res ? 30 + textLines(res.content, CLIP.result, row.resultOpen) * 18 : 0) +
        (row.child ? 30 + (row.child.open ? 40 + row.child.steps.length * 18 + textLines(row.child.answer, undefined, true) * 20 : 0) : 0)
      );
    }
    case 'answer':
      return 50 + textLines(row.text, undefined, true) * 20 + (row.citations?.length ? 40 + row.citations.length * 60 : 0);
    case 'end':
      return 32 + (row.error ? 40 : 0);
    default:
      return 30;
  }
}

function countNewlines(t: string, upTo: number): number {
  let n = 0;
  for (let at = t.indexOf('\n'); at !== -1 && at < upTo; at = t.indexOf('\n', at + 1)) n++;
  return n;
}

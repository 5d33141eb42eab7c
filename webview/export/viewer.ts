/**
 * The exported trajectory's viewer (bundled to dist/export-viewer.js and inlined into the HTML
 * file). It reads the run from the page's JSON block and builds the page with the panel's own
 * Markdown renderer: text nodes and a fixed set of attributes only, nothing fetched.
 */
import { el, plainBlock, urlLink } from '../dom';
import { safeHttpUrl } from '../linkify';
import { renderMarkdown } from '../mdDom';
import type { AgentEvent } from '../../src/agent/events';
import type { CheckedCitation } from '../../src/agent/citations/types';

interface ExportData {
  events: AgentEvent[];
  sources?: { cited: CheckedCitation[]; consulted: Array<{ kind: string; ref: string }> };
}

const STATUS: Record<string, string> = { verified: 'verified', observed: 'observed', not_observed: 'not observed', missing: 'missing' };

function render(root: HTMLElement, data: ExportData): void {
  const start = data.events.find((e) => e.type === 'run_start');
  const end = data.events.find((e) => e.type === 'run_end');
  const answer = [...data.events].reverse().find((e) => e.type === 'final_answer');
  root.append(el('h1', undefined, start?.type === 'run_start' ? start.question : '(unknown question)'));
  const facts: string[] = [];
  if (start?.type === 'run_start')
    facts.push(`model ${start.model}`, new Date(start.t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
  if (end?.type === 'run_end') facts.push(`ended: ${end.stopReason}`, `${end.turns} turns`, `${end.toolCalls} tool calls`);
  root.append(el('p', 'meta', facts.join(' · ')));
  const answerSection = el('section', 'answer', el('h2', undefined, 'Answer'));
  answerSection.append(
    answer?.type === 'final_answer' ? renderMarkdown(answer.text) : el('p', undefined, 'The run ended without an answer.'),
  );
  root.append(answerSection);
  if (data.sources?.cited.length) root.append(sourcesSection(data.sources.cited));
  root.append(stepsSection(data.events));
}

function sourcesSection(cited: CheckedCitation[]): HTMLElement {
  const list = el('ul', 'sources');
  for (const c of cited) {
    const label = c.kind === 'file' && c.lines ? `${c.ref}:${c.lines}` : c.ref;
    const url = c.kind === 'url' ? safeHttpUrl(c.ref) : undefined;
    const item = el('li', `source status-${c.status}`);
    item.append(
      el('span', 'badge', STATUS[c.status] ?? c.status),
      ' ',
      url ? urlLink(url, label) : el('code', undefined, label),
      ' — ',
      c.reason,
    );
    if (c.snippet) item.append(el('pre', 'snippet', c.snippet));
    list.append(item);
  }
  return el('section', undefined, el('h2', undefined, 'Sources'), list);
}

function stepsSection(events: AgentEvent[]): HTMLElement {
  const section = el('section', 'steps', el('h2', undefined, 'Steps'));
  const calls = new Map<string, HTMLDetailsElement>();
  for (const e of events) {
    if (e.type === 'assistant_message' && (e.text.trim() || e.reasoning)) {
      const box = el('div', 'thought', el('span', 'turn', `${e.turn}`));
      if (e.reasoning) box.append(plainBlock(e.reasoning, 'reasoning'));
      if (e.text.trim()) box.append(plainBlock(e.text));
      section.append(box);
    } else if (e.type === 'tool_call') {
      const details = el('details', 'call');
      details.append(
        el(
          'summary',
          undefined,
          el('span', 'turn', `${e.turn}`),
          el('code', undefined, e.call.name),
          ' ',
          el('span', 'args', short(e.call.arguments, 160)),
        ),
      );
      calls.set(e.call.id, details);
      section.append(details);
    } else if (e.type === 'tool_result') {
      const details = calls.get(e.callId);
      if (!details) continue;
      details.classList.add(e.isError ? 'error' : 'ok');
      details
        .querySelector('summary')
        ?.append(el('span', 'outcome', e.isError ? ' ✗' : ` ✓ ${e.content.length.toLocaleString('en-US')} chars`));
      details.append(plainBlock(e.content, 'result'));
    } else if (e.type === 'session_turn') {
      // A follow-up in a research session: its steps come under its question.
      section.append(el('h3', 'session-turn', `Question ${e.turn}: ${e.question}`));
    } else if (e.type === 'citation_report') {
      const counts = new Map<string, number>();
      for (const c of e.citations) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
      const text = [...counts].map(([s, n]) => `${n} ${STATUS[s] ?? s}`).join(', ') || 'no citations';
      section.append(el('p', 'citation-report', `Citations checked: ${text}${e.repair ? ' — sent back to the model to repair' : ''}`));
    }
  }
  return section;
}

function short(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

const dataNode = document.getElementById('run-data');
const root = document.getElementById('app');
if (dataNode && root) render(root, JSON.parse(dataNode.textContent ?? '{}') as ExportData);

/**
 * A run as a Markdown report people can keep: the question, the answer, its sources (status and
 * what the agent saw), and a compact step log, one line per tool call.
 */
import type { AgentEvent } from '../agent/events';
import { sourcesMarkdown } from './findingsFormat';
import type { RunSources } from './sources';

export interface RunSummary {
  question: string;
  answer?: string;
  runId?: string;
  model?: string;
  startedAt?: number;
  stopReason?: string;
  turns?: number;
  toolCalls?: number;
  tokens?: number;
}

export function summarizeRun(events: readonly AgentEvent[]): RunSummary {
  const summary: RunSummary = { question: '(unknown question)' };
  for (const e of events) {
    if (e.type === 'run_start')
      Object.assign(summary, { question: e.question, runId: e.runId, model: e.model, startedAt: summary.startedAt ?? e.t });
    else if (e.type === 'final_answer') summary.answer = e.text;
    else if (e.type === 'run_end')
      Object.assign(summary, {
        stopReason: e.stopReason,
        turns: e.turns,
        toolCalls: e.toolCalls,
        tokens: e.usage.promptTokens + e.usage.completionTokens,
      });
  }
  return summary;
}

/** One line per tool call: turn, tool, its arguments (short), and what came back. */
export function stepLog(events: readonly AgentEvent[]): string[] {
  const calls = new Map<string, { turn: number; name: string; args: string }>();
  const lines: string[] = [];
  for (const e of events) {
    if (e.type === 'tool_call') calls.set(e.call.id, { turn: e.turn, name: e.call.name, args: e.call.arguments });
    if (e.type !== 'tool_result') continue;
    const call = calls.get(e.callId);
    const args = short((call?.args ?? '').replace(/\s+/g, ' '), 100);
    const outcome = e.isError ? `✗ ${short(e.content.split('\n', 1)[0] ?? '', 80)}` : `✓ ${e.content.length.toLocaleString('en-US')} chars`;
    lines.push(`${e.turn}. \`${e.name}\` ${code(args)} → ${outcome}${e.repeatOf ? ` (repeat ${e.repeatOf})` : ''}`);
  }
  return lines;
}

export function markdownReport(events: readonly AgentEvent[], sources: RunSources | undefined, fromDir: string): string {
  const s = summarizeRun(events);
  const facts = [
    s.model && `model ${s.model}`,
    s.startedAt && new Date(s.startedAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    s.stopReason && `ended: ${s.stopReason}`,
    s.turns !== undefined && `${s.turns} turns`,
    s.toolCalls !== undefined && `${s.toolCalls} tool calls`,
    s.tokens !== undefined && `${s.tokens.toLocaleString('en-US')} tokens`,
  ].filter(Boolean);
  const out = [`# ${oneLine(s.question)}`, '', `*Research Copilot run${s.runId ? ` ${s.runId}` : ''}: ${facts.join(' · ')}*`, ''];
  if (s.question.includes('\n') || s.question.length > 120) out.push('## Question', '', s.question.trim(), '');
  out.push('## Answer', '', s.answer?.trim() || '*The run ended without an answer.*', '');
  if (sources) out.push(sourcesMarkdown(sources, fromDir, '## Sources'));
  const steps = stepLog(events);
  out.push('## Steps', '', ...(steps.length ? steps : ['*No tool calls.*']), '');
  return out.join('\n');
}

function code(s: string): string {
  if (!s) return '';
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function short(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

function oneLine(s: string): string {
  return short(s.replace(/\s+/g, ' ').trim(), 120);
}

/**
 * The summary turn at the end of an attempt that did not answer: the attempt's own conversation is
 * rebuilt from its events (resume.ts does the same for a resumed run), the summary instruction is
 * added, and the model answers once, without tools. Retries like any other turn.
 */
import type { AgentEvent, AttemptSummaryEvent } from '../events';
import type { Usage } from '../usage';
import type { RunContext } from '../runContext';
import { History, estimateTokens } from '../loop/context';
import { protocolFor } from '../model/protocols';
import { rebuildRun } from '../loop/resume';
import { ToolRunner } from '../loop/toolRunner';
import { Consent } from '../consent/consent';
import { completeWithRetry } from '../model/retry';
import { SUMMARY_SYSTEM, summaryInstruction } from './attemptPrompt';

export interface SummaryRequest {
  /** The task the attempt worked on (the question and earlier summaries). */
  task: string;
  /** The attempt's events (no run_start needed). */
  events: readonly AgentEvent[];
  reason: AttemptSummaryEvent['reason'];
}

/** The run's model, protocol, settings and signal the summary turn uses. */
type SummaryContext = Pick<RunContext, 'model' | 'protocol' | 'settings' | 'signal'>;

/** The summary and the tokens it took; throws the model's error once retries are spent (or on cancel). */
export async function writeSummary(ctx: SummaryContext, r: SummaryRequest): Promise<{ summary: string; usage: Usage }> {
  const history = conversationOf(ctx, r);
  const { temperature, retry } = ctx.settings;
  const request = { messages: history.messages, ...(temperature !== undefined ? { temperature } : {}) };
  const reply = await completeWithRetry(ctx.model, request, retry, ctx.signal);
  const text = protocolFor(ctx.protocol).parse(reply, 0).text.trim();
  const summary = text || mechanicalSummary(r.events);
  const usage: Usage = reply.usage
    ? { ...reply.usage, estimated: false }
    : { promptTokens: history.estimatePromptTokens(), completionTokens: estimateTokens(reply.text.length), estimated: true };
  return { summary, usage };
}

function conversationOf(ctx: SummaryContext, r: SummaryRequest): History {
  const protocol = protocolFor(ctx.protocol);
  const { keepToolResults, contextWindow, maxOutputTokens } = ctx.settings;
  const history = new History(keepToolResults);
  history.push({ role: 'system', content: SUMMARY_SYSTEM });
  history.push({ role: 'user', content: r.task });
  const start: AgentEvent = {
    type: 'run_start',
    runId: 'summary',
    question: r.task,
    model: ctx.model.model,
    protocol: ctx.protocol,
    settings: { maxTurns: 0, keepToolResults, maxToolResultChars: 0, contextWindow },
    tools: [],
    seq: -1,
    t: 0,
  };
  const noTools = new ToolRunner({
    tools: [],
    consent: new Consent(
      async () => false,
      {},
      r.task,
      () => undefined,
    ),
    maxResultChars: 1,
    timeoutMs: 1,
  });
  rebuildRun([start, ...r.events], protocol, history, noTools);
  // An attempt that filled its window leaves no room for the summary: every result becomes its one-line placeholder.
  if (history.estimatePromptTokens() + maxOutputTokens + 1_000 > contextWindow) history.trimAll();
  history.push({ role: 'user', content: summaryInstruction(r.reason) });
  return history;
}

/** When the model writes nothing: at least the calls made, so the next attempt does not repeat them blind. */
function mechanicalSummary(events: readonly AgentEvent[]): string {
  const calls = events.filter((e) => e.type === 'tool_call').map((e) => `- ${e.call.name} ${e.call.arguments.slice(0, 160)}`);
  const shown = calls.slice(-40);
  return [
    'OUTCOME: incomplete',
    '## Established',
    '- (the summary turn returned nothing)',
    '## Dead ends',
    ...(shown.length ? shown : ['- (no tool calls)']),
    ...(calls.length > shown.length ? [`- … and ${calls.length - shown.length} earlier calls`] : []),
    '## Next',
    '- try another approach than the calls above',
  ].join('\n');
}

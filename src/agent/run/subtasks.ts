/**
 * research_subtask: the model hands an independent sub-question to a child run. Several calls in one
 * turn run side by side (up to maxParallel; the rest wait). A child has its own fresh context and
 * budget, the same tools and confinement as its parent, read-only unless writes were allowed for the
 * run, and no subtasks of its own beyond the depth limit. Its events go into the parent's stream
 * wrapped in subtask_event (one trajectory holds the tree); its tokens roll up into the parent's
 * (loop.ts adds subtask_end's usage); the parent's signal stops it. A resumed parent resumes the same
 * child from its recorded events instead of starting it again.
 */
import { randomUUID } from 'node:crypto';
import type { AgentEvent } from '../events';
import { runAgent } from '../loop/loop';
import type { RunContext } from '../runContext';
import { subtaskEndOf, type RunFigures } from '../figures';
import { DEFAULTS } from '../defaults';
import { defineTool, type Tool, type ToolContext, type ToolResult } from '../tool';
import type { InputOf, ToolSchema } from '../schema';
import { Semaphore } from './semaphore';
import { childKey, priorChildren, type PriorChild } from './subtaskPrior';

export const SUBTASK_TOOL = 'research_subtask';
/** Tools that change the workspace; a child gets them only when the user allowed writes for the run. */
const WRITE_TOOLS = new Set(['write_file', 'edit_file']);

/** Where a research_subtask tool sits; everything else a child needs comes from its parent's context. */
export interface SubtaskPlace {
  /** Whether the user allowed writes for the whole run (CLI --allow-writes, the panel's "Allow for this run"). */
  writesAllowed: () => boolean;
  /** Depth of the run this tool belongs to (0 for the top run); the context's subtaskDepth is how deep they may go. */
  depth: number;
  /** The parent's events when it resumes: children already started resume instead of starting again. */
  prior: readonly AgentEvent[];
}

/** research_subtask's input schema; `cap` is the most tool calls a child may be given. */
function subtaskSchema(cap: number) {
  return {
    type: 'object',
    properties: {
      question: { type: 'string', description: 'The sub-question, self-contained.' },
      focus: { type: 'string', description: 'Where to look or what to leave out (optional).' },
      max_tool_calls: {
        type: 'integer',
        minimum: 1,
        maximum: cap,
        description: `Tool calls the subagent may make (default ${Math.min(DEFAULTS.subtaskToolCalls, cap)}).`,
      },
    },
    required: ['question'],
    additionalProperties: false,
  } as const satisfies ToolSchema;
}

type SubtaskInput = InputOf<ReturnType<typeof subtaskSchema>>;

/** research_subtask for a run with context `parent` (its tools, without research_subtask, are what children get). */
export function createSubtaskTool(parent: RunContext, o: SubtaskPlace): Tool {
  const maxParallel = parent.settings.maxParallelSubtasks;
  const slots = new Semaphore(Math.max(1, maxParallel));
  const prior = priorChildren(o.prior);
  const cap = Math.max(1, parent.settings.maxTurns);
  const tool = defineTool({
    name: SUBTASK_TOOL,
    server: 'agent',
    description:
      `Hands one independent sub-question to a research subagent with its own fresh context and budget, and returns its ` +
      `findings with their sources. Call it several times in one turn to research independent sub-questions in parallel ` +
      `(up to ${maxParallel} run at once). Give each a self-contained question: the subagent sees nothing of your conversation.`,
    schema: subtaskSchema(cap),
    run: (input, ctx) => runChild(parent, o, slots, prior, input, ctx),
  });
  return { ...tool, concurrent: true, timeoutMs: 0 };
}

async function runChild(
  parent: RunContext,
  o: SubtaskPlace,
  slots: Semaphore,
  prior: Map<string, PriorChild>,
  input: SubtaskInput,
  ctx: ToolContext,
): Promise<ToolResult> {
  const question = input.question.trim();
  if (!question) return { isError: true, content: `${SUBTASK_TOOL}: the question is empty.` };
  const turn = ctx.turn ?? 0;
  const callId = ctx.callId ?? randomUUID();
  const key = childKey(turn, callId);
  const before = prior.get(key);
  prior.delete(key); // used once: a later call with the same turn and id (another attempt) starts afresh
  const childRunId = before?.childRunId ?? randomUUID();
  const maxToolCalls = Math.min(input.max_tool_calls ?? DEFAULTS.subtaskToolCalls, Math.max(1, parent.settings.maxTurns));
  const emit = ctx.emit ?? (() => undefined);
  if (!before) {
    const focus = input.focus?.trim();
    emit({ type: 'subtask_start', turn, callId, childRunId, question, ...(focus ? { focus } : {}), maxToolCalls, depth: o.depth + 1 });
  }
  const release = await slots.acquire(ctx.signal);
  // Writes for the run: the CLI's --allow-writes, or the user's "Allow for this run" on an earlier write.
  const writes = o.writesAllowed() || ctx.consent?.granted('write') === true;
  try {
    const sources = new Set<string>();
    for (const e of before?.events ?? []) noteSources(e, sources);
    const child: RunContext = {
      ...parent,
      runId: childRunId,
      settings: { ...parent.settings, maxTurns: maxToolCalls },
      // The run's budget, checked against the whole run's spending; no one to ask, so the child ends there and the parent pauses.
      spending: parent.spending.withoutAsking(),
      emit: (event) => {
        noteSources(event, sources);
        emit({ type: 'subtask_event', childRunId, event });
      },
      signal: ctx.signal,
      tools: childTools(parent, o, writes, before?.events),
      approve: (request, signal) => (writes || request.kind !== 'write' ? parent.approve(request, signal) : Promise.resolve(false)),
      citations: undefined,
      instructions: childInstructions(maxToolCalls),
    };
    // The parent's consent (approver, policy, grants, what was read) is the child's: it asks and guards as the parent does.
    const result = await runAgent(child, {
      question: childTask(question, input.focus),
      sharedConsent: ctx.consent,
      resume: before?.events,
    });
    if (!before?.ended) emit(subtaskEndOf(result, callId));
    return toObservation(result, [...sources]);
  } finally {
    release();
  }
}

/** The parent's tools, minus writes unless allowed, plus research_subtask while the depth limit allows. */
function childTools(parent: RunContext, o: SubtaskPlace, writes: boolean, prior: readonly AgentEvent[] | undefined): Tool[] {
  const tools = parent.tools.filter((t) => t.name !== SUBTASK_TOOL && (writes || !WRITE_TOOLS.has(t.name)));
  if (o.depth + 1 < parent.settings.subtaskDepth) tools.push(createSubtaskTool(parent, { ...o, depth: o.depth + 1, prior: prior ?? [] }));
  return tools;
}

function childTask(question: string, focus: string | undefined): string {
  return focus?.trim() ? `${question}\n\nFocus: ${focus.trim()}` : question;
}

function childInstructions(maxToolCalls: number): string {
  return (
    `You are a research subagent. Another research agent handed you this one sub-question of a larger task; ` +
    `research only it, with at most ${maxToolCalls} tool calls. Your answer goes back to that agent, not to a person: ` +
    `state the findings plainly and briefly, each with its source (workspace files as path:line, web pages by URL), ` +
    `and say what you could not establish.`
  );
}

/** Files and pages the child read, from its own tool calls (they travel back with its findings). */
function noteSources(e: AgentEvent, into: Set<string>): void {
  if (e.type !== 'tool_call' || !e.args || typeof e.args !== 'object') return;
  const args = e.args as Record<string, unknown>;
  for (const key of ['path', 'url']) {
    const v = args[key];
    if (typeof v === 'string' && v.trim() && into.size < 200) into.add(v.trim());
  }
}

function toObservation(r: RunFigures, sources: string[]): ToolResult {
  const figures = `${r.toolCalls} tool call${r.toolCalls === 1 ? '' : 's'}, ${r.turns} turn${r.turns === 1 ? '' : 's'}`;
  const details = { childRunId: r.runId, stopReason: r.stopReason, toolCalls: r.toolCalls, usage: r.usage, sources };
  const listed = sources.length ? `\n\nSources the subagent read:\n${sources.map((s) => `- ${s}`).join('\n')}` : '';
  if (r.answer === undefined) {
    return {
      isError: true,
      content: `The subagent ended without findings (${r.stopReason}${r.error ? `: ${r.error}` : ''}; ${figures}).${listed}`,
      details,
    };
  }
  const capped = r.stopReason === 'answered' ? '' : ` It ran out of ${r.stopReason === 'max_turns' ? 'tool calls' : 'context'} first.`;
  return { content: `Subagent findings (${figures}).${capped}\n\n${r.answer}${listed}`, details };
}

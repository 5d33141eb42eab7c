/**
 * The one way a run starts. The panel, @research, the CLI (and the evaluation runner) hand it the same
 * things — settings, a model, where the tools come from, how to ask the user, where events go — and get
 * back a running agent. What differs between them is only those inputs, never the limits or the loop.
 */
import { randomUUID } from 'node:crypto';
import type { AgentEvent, EventListener, Protocol } from '../events';
import { limitsFrom, type RunLimits } from '../defaults';
import { runAgent, type AgentOptions, type RunResult } from '../loop/loop';
import { attemptsFor, runAttempts } from './attempts';
import type { SummaryReview } from './summaryReview';
import { RunMeter } from './runMeter';
import { DEFAULTS } from '../defaults';
import { createSubtaskTool } from './subtasks';
import type { ModelClient } from '../modelClient';
import type { RetryPolicy } from '../model/retry';
import type { Tool } from '../tool';
import type { Approver } from '../approvals';
import type { ConsentPolicy } from '../consent/consent';

/** The tools of one run and what owns them; disposed once the run has ended. */
export interface ToolSource {
  tools: readonly Tool[];
  /** Parts that could not be set up (a bad MCP file, a server that did not start); the run goes on. */
  problems: readonly string[];
  dispose(): Promise<void>;
}

export interface RunRequest {
  question: string;
  model: ModelClient;
  protocol: Protocol;
  /** Missing limits take the defaults (defaults.ts). */
  limits?: Partial<RunLimits>;
  tools: ToolSource;
  approve: Approver;
  /** What runs without asking (MCP tools, workspace data leaving); default: ask. */
  consent?: ConsentPolicy;
  /** Checks each answer's citations and may send it back once to repair them (src/agent/citations). */
  citations?: AgentOptions['citations'];
  /** A whole-run budget, prices per million tokens, and who decides at a pause (budget.ts). */
  budget?: Pick<AgentOptions, 'budget' | 'prices' | 'onBudget'>;
  /** Every event, in order: the trajectory file, the panel, the CLI's progress. */
  sinks: readonly EventListener[];
  workspace?: string;
  runId?: string;
  /** Events of an earlier run to continue from. */
  resume?: readonly AgentEvent[];
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Whether the user allowed writes for the whole run; research_subtask children get write tools only then. */
  writesAllowed?: () => boolean;
  /** Lets a person edit an attempt's summary before the next attempt starts from it (the panel; summaryReview.ts). */
  summaryReview?: SummaryReview;
  /** How deep research_subtask may nest (default 1: children start none of their own; 0: no subtasks). */
  subtaskDepth?: number;
  /** Options of the loop that only some callers set (extra instructions, a clock for tests …). */
  extra?: Omit<AgentOptions, keyof RunRequest | keyof RunLimits | 'onEvent' | 'tools'>;
}

export interface RunningAgent {
  runId: string;
  limits: RunLimits;
  /** Settles once the run has ended and its tools are disposed; never rejects. */
  result: Promise<RunResult>;
  stop(): void;
}

export function startRun(request: RunRequest): RunningAgent {
  const runId = request.runId ?? randomUUID();
  const limits = limitsFrom(request.limits);
  const controller = new AbortController();
  if (request.signal) {
    if (request.signal.aborted) controller.abort();
    else request.signal.addEventListener('abort', () => controller.abort(), { once: true });
  }
  const meter = new RunMeter(request.budget?.budget, request.resume);
  const onEvent: EventListener = (event) => {
    meter.observe(event);
    for (const sink of request.sinks) {
      try {
        sink(event);
      } catch {
        // One sink's failure (a closed panel, a full disk) must not starve the others or end the run.
      }
    }
  };
  const options: AgentOptions = {
    ...request.extra,
    question: request.question,
    model: request.model,
    protocol: request.protocol,
    tools: withSubtasks(request, limits, meter),
    approve: request.approve,
    ...(request.consent ? { consent: request.consent } : {}),
    ...request.budget,
    ...(request.budget?.onBudget ? { onBudget: meter.tracking(request.budget.onBudget) } : {}),
    ...(request.citations ? { citations: request.citations } : {}),
    onEvent,
    signal: controller.signal,
    runId,
    ...limits,
    ...(request.workspace ? { workspace: request.workspace } : {}),
    ...(request.resume?.length ? { resume: request.resume } : {}),
    ...(request.retry ? { retry: request.retry } : {}),
  };
  const attempts = attemptsFor(limits.attempts, request.resume);
  const result = (attempts > 1 ? runAttempts(options, attempts, request.summaryReview) : runAgent(options))
    .catch((e: unknown): RunResult => ({
      runId,
      stopReason: 'model_error',
      turns: 0,
      toolCalls: 0,
      usage: { promptTokens: 0, completionTokens: 0, estimated: true },
      elapsedMs: 0,
      error: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    }))
    .finally(() => request.tools.dispose().catch(() => undefined));
  return { runId, limits, result, stop: () => controller.abort() };
}

/** The run's tools plus research_subtask, whose children share them (and the approver) under the same rules. */
function withSubtasks(request: RunRequest, limits: RunLimits, meter: RunMeter): readonly Tool[] {
  const maxDepth = request.subtaskDepth ?? DEFAULTS.subtaskDepth;
  if (maxDepth < 1) return request.tools.tools;
  const subtask = createSubtaskTool({
    model: request.model,
    protocol: request.protocol,
    tools: request.tools.tools,
    approve: request.approve,
    writesAllowed: request.writesAllowed ?? (() => false),
    limits,
    maxParallel: limits.maxParallelSubtasks,
    depth: 0,
    maxDepth,
    ...(request.retry ? { retry: request.retry } : {}),
    ...(request.workspace ? { workspace: request.workspace } : {}),
    ...(request.resume ? { prior: request.resume } : {}),
    meter,
    ...(request.budget?.prices ? { prices: request.budget.prices } : {}),
  });
  return [...request.tools.tools, subtask];
}

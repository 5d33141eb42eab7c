/**
 * The one way a run starts. The panel, @research, the CLI (and the evaluation runner) hand it the same
 * things — settings, a model, where the tools come from, how to ask the user, where events go — and get
 * back a running agent. It builds the run's context (runContext.ts) once; the loop, attempts and
 * subagents read from that. What differs between callers is only the request, never the limits or the loop.
 */
import { randomUUID } from 'node:crypto';
import type { AgentEvent, EventListener, Protocol } from '../events';
import { runSettingsFrom, type RunLimits } from '../defaults';
import type { ProjectInstruction, RunContext, RunSettings } from '../runContext';
import { projectInstructionsOf } from './projectInstructions';
import { runAgent } from '../loop/loop';
import { attemptsFor, runAttempts } from './attempts';
import type { SummaryReview } from './summaryReview';
import { RunMeter, type SpendingRequest } from './runMeter';
import { createSubtaskTool } from './subtasks';
import type { ModelClient } from '../modelClient';
import type { RetryPolicy } from '../model/retry';
import type { Tool } from '../tool';
import type { Approver } from '../approvals';
import { Consent, type ConsentPolicy } from '../consent/consent';
import type { AnswerReviewer } from '../citations/review';
import type { RunFigures } from '../figures';

export type { SpendingRequest } from './runMeter';

/** The tools of one run and what owns them; disposed once the run has ended. */
export interface ToolSource {
  tools: readonly Tool[];
  /** Parts that could not be set up (a bad MCP file, a server that did not start); the run goes on. */
  problems: readonly string[];
  dispose(): Promise<void>;
}

/** Settings as a caller has them: any may be missing (the defaults table fills them), retry field by field. */
export type SettingsRequest = Partial<Omit<RunSettings, 'retry'>> & { retry?: Partial<RetryPolicy> };

/** What a run's context is made from (everything but the question and the tools' owner). */
export interface ContextRequest {
  model: ModelClient;
  protocol: Protocol;
  tools: readonly Tool[];
  approve: Approver;
  /** Every event, in order: the trajectory file, the panel, the CLI's progress. */
  sinks: readonly EventListener[];
  settings?: SettingsRequest;
  /** A whole-run budget, prices per million tokens, and who decides at a pause. */
  spending?: SpendingRequest;
  /** What runs without asking (MCP tools, workspace data leaving); default: ask. */
  consent?: ConsentPolicy;
  /** Checks each answer's citations and may send it back once to repair them (src/agent/citations). */
  citations?: AnswerReviewer;
  workspace?: string;
  /** Extra system-prompt text (the evaluation prompt). */
  instructions?: string;
  /** The project's own instructions, read by the caller (only in a trusted workspace). */
  project?: readonly ProjectInstruction[];
  runId?: string;
  /** Events of an earlier run to continue from: what they spent counts against the budget. */
  resume?: readonly AgentEvent[];
  signal?: AbortSignal;
  now?: () => number;
}

export interface RunRequest extends Omit<ContextRequest, 'tools'> {
  question: string;
  tools: ToolSource;
  /** Whether the user allowed writes for the whole run; research_subtask children get write tools only then. */
  writesAllowed?: () => boolean;
  /** Lets a person edit an attempt's summary before the next attempt starts from it (the panel; summaryReview.ts). */
  summaryReview?: SummaryReview;
  /** Set for a follow-up in a research session (src/agent/session): `question` is then its record plus what was asked. */
  followUp?: FollowUpOrigin;
}

/** Where a follow-up comes from: the question as the user asked it, and every event of the turns before it. */
export interface FollowUpOrigin {
  asked: string;
  earlier: readonly AgentEvent[];
}

export interface RunningAgent {
  runId: string;
  limits: RunLimits;
  /** Settles once the run has ended and its tools are disposed; never rejects. */
  result: Promise<RunFigures>;
  stop(): void;
}

/** The run's context: settings filled from the defaults, one Spending, the sinks behind one emit. */
export function runContext(r: ContextRequest): RunContext {
  const meter = new RunMeter(r.spending, r.resume);
  const sinks = r.sinks;
  const emit: EventListener = (event) => {
    meter.observe(event);
    for (const sink of sinks) {
      try {
        sink(event);
      } catch {
        // One sink's failure (a closed panel, a full disk) must not starve the others or end the run.
      }
    }
  };
  return {
    runId: r.runId ?? randomUUID(),
    model: r.model,
    protocol: r.protocol,
    settings: runSettingsFrom(r.settings),
    spending: meter,
    emit,
    signal: r.signal ?? new AbortController().signal,
    tools: r.tools,
    approve: r.approve,
    consent: r.consent ?? {},
    citations: r.citations,
    workspace: r.workspace,
    instructions: r.instructions,
    project: projectInstructionsOf(r.project),
    now: r.now ?? Date.now,
  };
}

export function startRun(request: RunRequest): RunningAgent {
  const controller = new AbortController();
  if (request.signal) {
    if (request.signal.aborted) controller.abort();
    else request.signal.addEventListener('abort', () => controller.abort(), { once: true });
  }
  const base = runContext({ ...request, tools: request.tools.tools, signal: controller.signal });
  const ctx: RunContext = { ...base, tools: withSubtasks(base, request) };
  const { question, resume } = request;
  const attempts = attemptsFor(ctx.settings.attempts, resume);
  const consent = request.followUp && followUpConsent(ctx, request.followUp);
  const result = (
    attempts > 1
      ? runAttempts(ctx, { question, of: attempts, resume, review: request.summaryReview, consent })
      : runAgent(ctx, { question, resume, sharedConsent: consent })
  )
    .catch((e: unknown): RunFigures => ({
      runId: ctx.runId,
      stopReason: 'model_error',
      turns: 0,
      toolCalls: 0,
      usage: { promptTokens: 0, completionTokens: 0, estimated: true },
      elapsedMs: 0,
      error: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    }))
    .finally(() => request.tools.dispose().catch(() => undefined));
  return { runId: ctx.runId, limits: ctx.settings, result, stop: () => controller.abort() };
}

/**
 * A follow-up sees what its session saw: a line read in an earlier turn counts as seen by the citation
 * check, and as read by the egress guard, whose "the user typed it" exception covers only what was asked.
 */
function followUpConsent(ctx: RunContext, origin: FollowUpOrigin): Consent {
  // A repair round of an earlier turn is that turn's; the follow-up's own rounds start from none.
  for (const e of origin.earlier) if (e.type !== 'citation_report') ctx.citations?.observe(e);
  const consent = new Consent(ctx.approve, ctx.consent, origin.asked, () => undefined);
  consent.rememberReads(origin.earlier, ctx.tools);
  return consent;
}

/** The run's tools plus research_subtask, whose children share them (and the approver) under the same rules. */
function withSubtasks(ctx: RunContext, request: RunRequest): readonly Tool[] {
  if (ctx.settings.subtaskDepth < 1) return ctx.tools;
  const subtask = createSubtaskTool(ctx, {
    writesAllowed: request.writesAllowed ?? (() => false),
    depth: 0,
    prior: request.resume ?? [],
  });
  return [...ctx.tools, subtask];
}

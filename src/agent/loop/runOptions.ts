/**
 * What a run takes and what it gives back: the contract of runAgent (loop.ts), kept apart from the loop
 * so the modules the loop uses (resume.ts, priorAttempts.ts) can name a run's result without importing it.
 */
import type { AgentEvent, EventListener, Protocol, StopReason } from '../events';
import type { Usage } from '../usage';
import type { ModelClient } from '../modelClient';
import type { RetryPolicy } from '../model/retry';
import type { Tool } from '../tool';
import type { Approver } from '../approvals';
import type { Consent, ConsentPolicy } from '../consent/consent';
import type { Budget, BudgetHandler, Prices } from '../usage';
import type { AnswerReviewer } from '../citations/review';

export interface AgentOptions {
  question: string;
  model: ModelClient;
  protocol: Protocol;
  tools: readonly Tool[];
  approve: Approver;
  /** What runs without asking: MCP patterns, read-only hints, egress (see consent.ts). Default: ask. */
  consent?: ConsentPolicy;
  /** A subagent passes its parent's Consent: same policy, grants and index of what was read. */
  inheritConsent?: Consent;
  onEvent: EventListener;
  signal?: AbortSignal;
  /** Tool-using turns before a last turn without tools (defaults for these four: defaults.ts). */
  maxTurns?: number;
  /** Tool results kept whole in the prompt (-1 keeps all). */
  keepToolResults?: number;
  /** Characters of one tool result the model sees at most. */
  maxToolResultChars?: number;
  /** The model's context window in tokens. */
  contextWindow?: number;
  /** Tokens reserved for the model's reply when checking the budget. */
  maxOutputTokens?: number;
  toolTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  temperature?: number;
  /** Shown to the model as the workspace it works in. */
  workspace?: string;
  /** Extra system-prompt text. */
  instructions?: string;
  runId?: string;
  /** Events of an earlier run of the same question to continue from (its trajectory file). */
  resume?: readonly AgentEvent[];
  now?: () => number;
  /** Tokens or cost for the whole run; reaching it pauses the run before the next model call. */
  budget?: Budget;
  /** Prices per million tokens, for cost and a cost budget. */
  prices?: Prices;
  /** Asked at a budget pause; without it the run ends with stop reason `budget`. */
  onBudget?: BudgetHandler;
  /** Tokens this run spent before this loop (earlier attempts): they count against the budget, not in the result. */
  spentBefore?: Usage;
  /** A subagent's view of what its whole run has spent (runMeter.ts): its budget is checked against that. */
  spentOnRun?: () => Usage;
  /** Checks each answer's citations (and may send it back once to repair them); see src/agent/citations. */
  citations?: AnswerReviewer;
  /** false: at the turn cap or the context limit the run ends without a last answer-only turn (attempts.ts summarises instead). */
  finalTurn?: boolean;
}

export interface RunResult {
  runId: string;
  answer?: string;
  stopReason: StopReason;
  turns: number;
  toolCalls: number;
  usage: Usage;
  elapsedMs: number;
  error?: string;
  /** Which attempt gave this result (set by attempts.ts when a run may make more than one). */
  attempt?: number;
}

/**
 * The one context of a run, built once by startRun (run/runFactory.ts) and read by every layer under
 * it: the loop, attempts, subagents, the budget check. A subagent or a fresh attempt derives its own
 * by replacing the parts that differ (`{ ...parent, tools, emit }`); nothing is copied field by field.
 */
import type { EventListener, Protocol } from './events';
import type { RunSettings } from './defaults';

export type { RunSettings } from './defaults';
import type { ModelClient } from './modelClient';
import type { Tool } from './tool';
import type { Approver } from './approvals';
import type { Budget, BudgetDecision, BudgetStatus, Prices, Usage } from './usage';
import type { ConsentPolicy } from './consent/consent';
import type { AnswerReviewer } from './citations/review';

/**
 * What the whole run may spend and has spent (every turn, attempt and subagent at any depth): one
 * object per run, so a budget raised at a pause holds for later attempts and for children too.
 */
export interface Spending {
  /** The budget in force now; a Continue at a pause raises it. */
  readonly budget: Budget | undefined;
  readonly prices: Prices | undefined;
  /** Everything the run has spent so far. */
  readonly spent: Usage;
  /** Whether someone can be asked at a pause (without, the run ends with stop reason `budget`). */
  readonly canAsk: boolean;
  /** Asks at a pause; a Continue's budget becomes the run's. */
  ask(status: BudgetStatus): Promise<BudgetDecision>;
  /** The same budget and total with no one to ask: a subagent stops at the budget and its parent pauses. */
  withoutAsking(): Spending;
}

/** One source of the project's standing instructions: where it came from, and its text. */
export interface ProjectInstruction {
  /** `AGENTS.md`, `.github/copilot-instructions.md`, or the setting `researchCopilot.instructions`. */
  source: string;
  text: string;
}

/** The project's instructions as the system prompt says them, and the sources used (the panel's header names them). */
export interface ProjectInstructions {
  prompt: string;
  sources: readonly string[];
}

export interface RunContext {
  readonly runId: string;
  readonly model: ModelClient;
  readonly protocol: Protocol;
  readonly settings: RunSettings;
  readonly spending: Spending;
  /** Every event of this run, in order (the sinks; a subagent's wraps its events for the parent). */
  readonly emit: EventListener;
  readonly signal: AbortSignal;
  readonly tools: readonly Tool[];
  readonly approve: Approver;
  /** What runs without asking: MCP patterns, read-only hints, egress (consent/consent.ts). */
  readonly consent: ConsentPolicy;
  /** Checks each answer's citations and may send it back once to repair them (src/agent/citations). */
  readonly citations: AnswerReviewer | undefined;
  /** Shown to the model as the workspace it works in. */
  readonly workspace: string | undefined;
  /** Extra system-prompt text (the evaluation prompt, a subagent's brief); a subagent replaces it. */
  readonly instructions: string | undefined;
  /** The project's own instructions, as a section of the system prompt; a subagent keeps them. */
  readonly project: ProjectInstructions | undefined;
  readonly now: () => number;
}

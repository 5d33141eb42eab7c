/**
 * Budgets for long runs: tokens in and out, and their cost when prices are known. When a run reaches its
 * budget it pauses before the next model call; the host asks the user (Continue with a new budget, or
 * Stop). Without anyone to ask (the CLI), the run ends with stop reason `budget` and its trajectory
 * resumes later with a new budget. The budget is for the whole run, resumed parts included.
 */
import type { AgentEventBody, Usage } from './events';

export interface Budget {
  /** Prompt plus completion tokens for the whole run. */
  tokens?: number;
  /** Cost in US dollars for the whole run (needs prices). */
  usd?: number;
}

export interface Prices {
  /** US dollars per million prompt tokens. */
  inputPerMillion?: number;
  /** US dollars per million completion tokens. */
  outputPerMillion?: number;
}

export type BudgetDecision = { continue: true; budget: Budget } | { continue: false };

export interface BudgetStatus {
  usage: Usage;
  costUsd?: number;
  budget: Budget;
  reached: 'tokens' | 'usd';
}

/** Asked when the budget is reached; resolves when the user has decided. */
export type BudgetHandler = (status: BudgetStatus) => Promise<BudgetDecision>;

/** The cost of `usage` at `prices`, or undefined when no price is set. */
export function costUsd(usage: { promptTokens: number; completionTokens: number }, prices: Prices | undefined): number | undefined {
  if (!prices || (prices.inputPerMillion === undefined && prices.outputPerMillion === undefined)) return undefined;
  return (usage.promptTokens * (prices.inputPerMillion ?? 0) + usage.completionTokens * (prices.outputPerMillion ?? 0)) / 1_000_000;
}

export function budgetReached(usage: Usage, prices: Prices | undefined, budget: Budget | undefined): 'tokens' | 'usd' | undefined {
  if (!budget) return undefined;
  if (budget.tokens !== undefined && usage.promptTokens + usage.completionTokens >= budget.tokens) return 'tokens';
  const cost = costUsd(usage, prices);
  if (budget.usd !== undefined && cost !== undefined && cost >= budget.usd) return 'usd';
  return undefined;
}

/** Checked before every model call of a run. */
export class BudgetGate {
  constructor(
    private budget: Budget | undefined,
    private readonly prices: Prices | undefined,
    private readonly handler: BudgetHandler | undefined,
    private readonly emit: (body: AgentEventBody) => void,
  ) {}

  /** 'go' to call the model, 'stop' to end the run (paused for good, or the user said Stop). */
  async check(turn: number, usage: Usage): Promise<'go' | 'stop'> {
    for (;;) {
      const reached = budgetReached(usage, this.prices, this.budget);
      if (!reached || !this.budget) return 'go';
      const cost = costUsd(usage, this.prices);
      const status: BudgetStatus = { usage, budget: this.budget, reached, ...(cost !== undefined ? { costUsd: cost } : {}) };
      this.emit({ type: 'budget_paused', turn, ...status, waiting: this.handler !== undefined });
      if (!this.handler) return 'stop';
      const decision = await this.handler(status);
      if (!decision.continue) return 'stop';
      this.budget = decision.budget;
      this.emit({ type: 'budget_resumed', turn, budget: decision.budget });
    }
  }
}

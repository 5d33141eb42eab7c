/**
 * The budget check before every model call. When a run reaches its budget it pauses; the host asks the
 * user (Continue with a new budget, or Stop). Without anyone to ask (the CLI), the run ends with stop
 * reason `budget` and its trajectory resumes later with a new budget. The budget is for the whole run,
 * resumed parts included; its figures and prices are in usage.ts.
 */
import type { AgentEventBody } from '../events';
import type { Usage } from '../usage';
import { budgetReached, costUsd, type Budget, type BudgetHandler, type BudgetStatus, type Prices } from '../usage';

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

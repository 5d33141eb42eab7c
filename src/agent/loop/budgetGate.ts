/**
 * The budget check before every model call. When a run reaches its budget it pauses; the host asks the
 * user (Continue with a new budget, or Stop). Without anyone to ask (the CLI, a subagent), the run ends
 * with stop reason `budget` and its trajectory resumes later with a new budget. The budget is for the
 * whole run, resumed parts, attempts and subagents included: the run's Spending (runContext.ts) holds it.
 */
import type { AgentEventBody } from '../events';
import type { Spending } from '../runContext';
import { budgetReached, costUsd, type BudgetStatus } from '../usage';

/** Checked before every model call of a run. */
export class BudgetGate {
  constructor(
    private readonly spending: Spending,
    private readonly emit: (body: AgentEventBody) => void,
  ) {}

  /** 'go' to call the model, 'stop' to end the run (paused for good, or the user said Stop). */
  async check(turn: number): Promise<'go' | 'stop'> {
    const s = this.spending;
    for (;;) {
      const budget = s.budget;
      const usage = s.spent;
      const reached = budgetReached(usage, s.prices, budget);
      if (!reached || !budget) return 'go';
      const cost = costUsd(usage, s.prices);
      const status: BudgetStatus = { usage, budget, reached, ...(cost !== undefined ? { costUsd: cost } : {}) };
      this.emit({ type: 'budget_paused', turn, ...status, waiting: s.canAsk });
      if (!s.canAsk) return 'stop';
      const decision = await s.ask(status);
      if (!decision.continue) return 'stop';
      this.emit({ type: 'budget_resumed', turn, budget: decision.budget });
    }
  }
}

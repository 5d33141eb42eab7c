/**
 * What a whole run has spent so far (its turns, every attempt and every subagent at any depth), read
 * from its events as they pass, and the budget it runs under now (a Continue at a pause raises it).
 * Subagents check the run's budget against this while they run, so three children cannot each spend
 * the whole budget before the parent's next check sees their totals.
 */
import type { AgentEvent } from '../events';
import type { Usage } from '../usage';
import type { Budget, BudgetHandler } from '../usage';
import { NO_USAGE, addUsage } from '../usage';

export class RunMeter {
  private total: Usage = NO_USAGE;

  constructor(
    public budget: Budget | undefined,
    prior: readonly AgentEvent[] = [],
  ) {
    for (const e of prior) this.observe(e);
  }

  get spent(): Usage {
    return this.total;
  }

  observe(e: AgentEvent): void {
    if (e.type === 'assistant_message' || e.type === 'turn_redo') {
      if (e.usage) this.total = addUsage(this.total, { ...e.usage, estimated: 'estimated' in e.usage && e.usage.estimated === true });
    } else if (e.type === 'subtask_event' && e.event && typeof e.event === 'object') {
      this.observe(e.event);
    }
  }

  /** `handler` with the budget it settles on remembered (the run's next budget check, and its children's). */
  tracking(handler: BudgetHandler): BudgetHandler {
    return async (status) => {
      const decision = await handler(status);
      if (decision.continue) this.budget = decision.budget;
      return decision;
    };
  }
}

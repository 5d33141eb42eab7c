/**
 * The run's one Spending (runContext.ts): what the whole run has spent (its turns, every attempt and
 * every subagent at any depth), read from its events as they pass, the budget it runs under now (a
 * Continue at a pause raises it), its prices, and who decides at a pause. Subagents check the run's
 * budget against this while they run, so three children cannot each spend the whole budget before the
 * parent's next check sees their totals.
 */
import type { AgentEvent } from '../events';
import type { Spending } from '../runContext';
import type { Budget, BudgetDecision, BudgetHandler, BudgetStatus, Prices, Usage } from '../usage';
import { NO_USAGE, addUsage } from '../usage';

export interface SpendingRequest {
  /** Tokens or cost for the whole run; reaching it pauses the run before the next model call. */
  budget?: Budget;
  /** Prices per million tokens, for cost and a cost budget. */
  prices?: Prices;
  /** Asked at a budget pause; without it the run ends with stop reason `budget`. */
  onBudget?: BudgetHandler;
  /** Spent for this run before it started, outside its events (a session's fold of old turns, session/). */
  spent?: Usage;
}

export class RunMeter implements Spending {
  private total: Usage = NO_USAGE;
  /** Spent since the current attempt started: an attempt's summary reports it plus the summary's own turn. */
  private attemptSpent: Usage = NO_USAGE;
  budget: Budget | undefined;
  readonly prices: Prices | undefined;
  private readonly handler: BudgetHandler | undefined;

  constructor(request: SpendingRequest = {}, prior: readonly AgentEvent[] = []) {
    this.budget = request.budget;
    this.prices = request.prices;
    this.handler = request.onBudget;
    if (request.spent) this.add(request.spent);
    for (const e of prior) this.observe(e);
  }

  get spent(): Usage {
    return this.total;
  }

  get canAsk(): boolean {
    return this.handler !== undefined;
  }

  observe(e: AgentEvent): void {
    if (e.type === 'assistant_message' || e.type === 'turn_redo') {
      if (e.usage) this.add({ ...e.usage, estimated: 'estimated' in e.usage && e.usage.estimated === true });
    } else if (e.type === 'subtask_event' && e.event && typeof e.event === 'object') {
      this.observe(e.event);
    } else if (e.type === 'attempt_start') {
      this.attemptSpent = NO_USAGE;
    } else if (e.type === 'attempt_summary') {
      // The summary's own turn is no assistant message: what the attempt reports beyond its turns is it.
      const promptTokens = Math.max(0, e.usage.promptTokens - this.attemptSpent.promptTokens);
      const completionTokens = Math.max(0, e.usage.completionTokens - this.attemptSpent.completionTokens);
      this.add({ promptTokens, completionTokens, estimated: e.usage.estimated });
    }
  }

  async ask(status: BudgetStatus): Promise<BudgetDecision> {
    if (!this.handler) return { continue: false };
    const decision = await this.handler(status);
    if (decision.continue) this.budget = decision.budget;
    return decision;
  }

  withoutAsking(): Spending {
    const meter = this;
    return {
      get budget() {
        return meter.budget;
      },
      prices: meter.prices,
      get spent() {
        return meter.total;
      },
      canAsk: false,
      ask: () => Promise.resolve({ continue: false }),
      withoutAsking: () => meter.withoutAsking(),
    };
  }

  private add(usage: Usage): void {
    this.total = addUsage(this.total, usage);
    this.attemptSpent = addUsage(this.attemptSpent, usage);
  }
}

/** Header figures for tokens, cost and budget pauses, folded from the run's events (untrusted input). */
import type { AgentEvent } from '../src/agent/events';

export interface BudgetHeader {
  /** Tokens of the latest turn. */
  turnIn: number;
  turnOut: number;
  /** Prices per million tokens from run_start, when set. */
  priceIn: number | undefined;
  priceOut: number | undefined;
  /** Set while a pause waits for Continue or Stop. */
  paused: { usedTokens: number; costUsd: number | undefined; budgetTokens: number | undefined; budgetUsd: number | undefined } | undefined;
}

export function emptyBudgetHeader(): BudgetHeader {
  return { turnIn: 0, turnOut: 0, priceIn: undefined, priceOut: undefined, paused: undefined };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const opt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** Folds one event into `b`; true when the header should redraw. */
export function foldBudget(b: BudgetHeader, e: AgentEvent): boolean {
  switch (e.type) {
    case 'run_start':
      b.priceIn = opt(e.prices?.inputPerMillion);
      b.priceOut = opt(e.prices?.outputPerMillion);
      b.paused = undefined;
      return true;
    case 'assistant_message':
      if (!e.usage) return false;
      b.turnIn = num(e.usage.promptTokens);
      b.turnOut = num(e.usage.completionTokens);
      return true;
    case 'budget_paused':
      b.paused = e.waiting
        ? {
            usedTokens: num(e.usage?.promptTokens) + num(e.usage?.completionTokens),
            costUsd: opt(e.costUsd),
            budgetTokens: opt(e.budget?.tokens),
            budgetUsd: opt(e.budget?.usd),
          }
        : undefined;
      return true;
    case 'budget_resumed':
    case 'run_end':
      b.paused = undefined;
      return true;
    default:
      return false;
  }
}

/** The run's cost at the header's prices, or undefined when no price is known. */
export function costOf(b: BudgetHeader, promptTokens: number, completionTokens: number): number | undefined {
  if (b.priceIn === undefined && b.priceOut === undefined) return undefined;
  return (promptTokens * (b.priceIn ?? 0) + completionTokens * (b.priceOut ?? 0)) / 1_000_000;
}

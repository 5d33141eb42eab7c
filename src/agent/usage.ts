/**
 * What a run spends and what it may spend: token figures added up (a run's turns, a parent and its
 * children, the attempts of one run), prices per million tokens, a whole-run budget, and the decision
 * asked for at a budget pause.
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** True when some turn's numbers are estimates (the server did not report usage). */
  estimated: boolean;
}

export const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, estimated: false };

export function addUsage(a: Usage, b: Usage | undefined): Usage {
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + (Number.isFinite(b.promptTokens) ? b.promptTokens : 0),
    completionTokens: a.completionTokens + (Number.isFinite(b.completionTokens) ? b.completionTokens : 0),
    estimated: a.estimated || b.estimated === true,
  };
}

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

/** Dollars as the panel and the CLI show them: four decimals under a cent, else two. */
export function formatUsd(usd: number): string {
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** The run's spending (budget, prices, who decides at a pause) from the settings (0 means "not set"). */
import type { SpendingRequest } from '../agent/run/runFactory';
import type { BudgetDecision } from '../agent/usage';
import type { Settings } from './config';

export function budgetOptions(
  settings: Pick<Settings, 'budget' | 'pricing'>,
  ask: (signal: AbortSignal) => Promise<BudgetDecision>,
  signal: AbortSignal,
): SpendingRequest {
  const positive = (n: number) => (Number.isFinite(n) && n > 0 ? n : undefined);
  const tokens = positive(settings.budget.tokens);
  const usd = positive(settings.budget.usd);
  const inputPerMillion = positive(settings.pricing.inputPerMillion);
  const outputPerMillion = positive(settings.pricing.outputPerMillion);
  const prices = {
    ...(inputPerMillion !== undefined ? { inputPerMillion } : {}),
    ...(outputPerMillion !== undefined ? { outputPerMillion } : {}),
  };
  return {
    ...(tokens !== undefined || usd !== undefined
      ? { budget: { ...(tokens !== undefined ? { tokens } : {}), ...(usd !== undefined ? { usd } : {}) } }
      : {}),
    ...(Object.keys(prices).length ? { prices } : {}),
    onBudget: () => ask(signal),
  };
}

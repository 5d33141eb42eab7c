/** Token and cost lines for the CLI's progress, from the same events the panel folds. */
import type { AgentEvent } from '../agent/events';
import { costUsd, formatUsd, type Budget, type Prices } from '../agent/usage';

export function formatBudget(b: Budget): string {
  return [b.tokens !== undefined ? `${b.tokens.toLocaleString('en-US')} tokens` : '', b.usd !== undefined ? formatUsd(b.usd) : '']
    .filter(Boolean)
    .join(' / ');
}

/** Keeps the run's totals; returns a line for each turn's usage and for a budget pause. */
export class TokenTally {
  private prompt = 0;
  private completion = 0;
  private prices: Prices | undefined;

  line(e: AgentEvent): string | undefined {
    switch (e.type) {
      case 'run_start':
        this.prices = e.prices;
        return undefined;
      case 'turn_redo':
        if (e.usage) this.add(e.usage);
        return `[${e.turn}] reply discarded (${e.reason}), asking again${e.maxTokens ? ` with max_tokens ${e.maxTokens}` : ''}`;
      case 'assistant_message': {
        if (!e.usage) return undefined;
        this.add(e.usage);
        const est = e.usage.estimated ? '~' : '';
        const cost = costUsd({ promptTokens: this.prompt, completionTokens: this.completion }, this.prices);
        return (
          `[${e.turn}] tokens in ${est}${n(e.usage.promptTokens)} / out ${est}${n(e.usage.completionTokens)}; ` +
          `run in ${n(this.prompt)} / out ${n(this.completion)}${cost !== undefined ? `, ${formatUsd(cost)}` : ''}`
        );
      }
      case 'budget_paused': {
        const used = `${n(e.usage.promptTokens + e.usage.completionTokens)} tokens${e.costUsd !== undefined ? `, ${formatUsd(e.costUsd)}` : ''}`;
        return `[budget] reached (${used} of ${formatBudget(e.budget)}); ${e.waiting ? 'waiting for Continue or Stop' : 'paused: resume with --resume FILE and a new --budget-tokens / --budget-usd'}`;
      }
      case 'budget_resumed':
        return `[budget] continued with ${formatBudget(e.budget)}`;
      default:
        return undefined;
    }
  }

  private add(u: { promptTokens: number; completionTokens: number }): void {
    this.prompt += u.promptTokens;
    this.completion += u.completionTokens;
  }
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}

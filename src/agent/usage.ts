/** Token figures added up: a run's turns, a parent and its children, the attempts of one run. */
import type { Usage } from './events';

export const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, estimated: false };

export function addUsage(a: Usage, b: Usage | undefined): Usage {
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + (Number.isFinite(b.promptTokens) ? b.promptTokens : 0),
    completionTokens: a.completionTokens + (Number.isFinite(b.completionTokens) ? b.completionTokens : 0),
    estimated: a.estimated || b.estimated === true,
  };
}

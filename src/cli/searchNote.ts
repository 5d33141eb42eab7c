/** The CLI says once, at its first search_text result, which search engine ran (src/node/searchEngine.ts). */
import type { AgentEvent } from '../agent/events';
import { describeSearchEngine, type SearchEngine } from '../node/searchEngine';

export function searchEngineNote(engine: SearchEngine): (event: AgentEvent) => string | undefined {
  let said = false;
  return (event) => {
    if (said || event.type !== 'tool_result' || event.name !== 'search_text') return undefined;
    const ran = event.details?.engine;
    if (ran !== 'ripgrep' && ran !== 'builtin') return undefined; // refused before any engine ran
    said = true;
    if (ran === 'builtin' && engine.kind === 'ripgrep') return `[search] builtin engine (${engine.path} would not start)`;
    return `[search] ${describeSearchEngine(ran === 'ripgrep' ? engine : { kind: 'builtin' })}`;
  };
}

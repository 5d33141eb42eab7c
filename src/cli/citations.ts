/** The CLI's citation check: a reviewer over the workspace folder, and the final report for --json. */
import type { AgentEvent } from '../agent/events';
import { CitationReviewer } from '../agent/citations/review';
import { citationsJson, type CitationJson } from '../agent/citations/report';
import type { CitationMode } from '../agent/citations/types';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { citationFiles } from '../tools/citationFiles';

export const DEFAULT_CITATION_MODE: CitationMode = 'repair';

export function citationReviewer(mode: CitationMode | undefined, workspace: string): { citations?: CitationReviewer } {
  const m = mode ?? DEFAULT_CITATION_MODE;
  if (m === 'off') return {};
  return { citations: new CitationReviewer({ mode: m, files: citationFiles(new NodeWorkspace(workspace)), workspaceRoot: workspace }) };
}

/** The report on the final answer (the last one in the run), as the --json result's `citations`. */
export function finalCitations(events: readonly AgentEvent[]): { citations?: CitationJson[] } {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'citation_report') return { citations: citationsJson(e.citations) };
  }
  return {};
}

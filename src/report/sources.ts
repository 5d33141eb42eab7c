/**
 * The sources of a finished run, as a report or Insert Findings lists them: each cited source once,
 * with its status and what the agent saw of it; and, apart, what was read but not cited.
 */
import type { AgentEvent } from '../agent/events';
import { Evidence } from '../agent/citations/evidence';
import { checkAnswer } from '../agent/citations/review';
import { uniqueCitations } from '../agent/citations/report';
import type { CheckedCitation, FileSource } from '../agent/citations/types';

export interface RunSources {
  cited: CheckedCitation[];
  /** Workspace files opened and pages fetched in the run that the answer does not cite. */
  consulted: Array<{ kind: 'file' | 'url'; ref: string }>;
}

/** The final answer's citation report as the run recorded it (the one after the last answer), if any. */
export function recordedReport(events: readonly AgentEvent[]): CheckedCitation[] | undefined {
  let answerTurn: number | undefined;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'final_answer') answerTurn ??= e.turn;
    if (e.type === 'citation_report' && (answerTurn === undefined || e.turn === answerTurn)) return e.citations;
    if (e.type === 'assistant_message' && answerTurn !== undefined && e.turn < answerTurn) return undefined;
  }
  return undefined;
}

/** The run's report when it has one for this answer, else a check made now; plus what was consulted and not cited. */
export async function runSources(
  answer: string,
  events: readonly AgentEvent[],
  files: FileSource,
  workspaceRoot?: string,
): Promise<RunSources> {
  const checked = recordedReport(events) ?? (await checkAnswer(answer, events, files, workspaceRoot));
  const cited = uniqueCitations(checked);
  const evidence = Evidence.from(events, workspaceRoot);
  const citedFiles = new Set(cited.filter((c) => c.kind === 'file').map((c) => c.ref));
  const citedUrls = new Set(cited.filter((c) => c.kind === 'url').flatMap((c) => [c.ref]));
  const consulted: RunSources['consulted'] = [];
  for (const [path, seen] of evidence.files) if (seen.opened && !citedFiles.has(path)) consulted.push({ kind: 'file', ref: path });
  const pages = new Set([...evidence.pages.values()]);
  for (const p of pages) if (!citedUrls.has(p.url) && !citedUrls.has(p.finalUrl)) consulted.push({ kind: 'url', ref: p.finalUrl });
  return { cited, consulted };
}

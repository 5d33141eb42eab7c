/** A recorded run as a Markdown report or a self-contained HTML file (the CLI's `export` and the extension's Export Run). */
import type { AgentEvent } from '../../agent/events';
import { runSources, type RunSources } from '../../report/sources';
import type { FileSource } from '../../agent/citations/types';
import { markdownReport, summarizeRun } from '../../report/markdownReport';
import { loadViewerScript, trajectoryHtml } from './html';

export type ExportFormat = 'md' | 'html';

export interface ExportOptions {
  files: FileSource;
  workspaceRoot?: string;
  /** Workspace-relative folder the Markdown file goes into, so its links resolve from there. */
  fromDir?: string;
  /** The viewer script (tests); read from dist/ otherwise. */
  viewerScript?: string;
}

export async function exportRun(events: readonly AgentEvent[], format: ExportFormat, o: ExportOptions): Promise<string> {
  if (!events.some((e) => e.type === 'run_start')) throw new Error('not a trajectory: it has no run_start event');
  const answer = summarizeRun(events).answer;
  const sources: RunSources | undefined = answer === undefined ? undefined : await runSources(answer, events, o.files, o.workspaceRoot);
  if (format === 'md') return markdownReport(events, sources, o.fromDir ?? '');
  return trajectoryHtml(events, sources, o.viewerScript ?? loadViewerScript());
}

/** A file name for a run: the date and the question's first words ("2026-12-01-where-is-the-cli"). */
export function exportBaseName(events: readonly AgentEvent[]): string {
  const start = events.find((e) => e.type === 'run_start');
  const date = new Date(start?.t ?? Date.now()).toISOString().slice(0, 10);
  const words = summarizeRun(events)
    .question.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return `${date}-${words || 'run'}`;
}

/**
 * "Research Copilot: Export Run": the run as a Markdown report and a self-contained HTML file, written
 * into the workspace (folder `researchCopilot.export.folder`, default `research/`). The writer
 * (src/node/export/exportRun.ts, the chunk "export") loads on the first export.
 */
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from './settings';
import { normalizeWorkspacePath } from '../tools/pathPolicy';
import { workspaceFileSource } from './citations';
import type { RunSession } from './runSession';

export type ExportOutcome = { ok: true; markdown: vscode.Uri; html: vscode.Uri } | { ok: false; problem: string };

/** The session through its latest turn, or through turn `turn` (its answer is the report's). */
export async function exportRunFiles(session: RunSession | undefined, turn?: number): Promise<ExportOutcome> {
  if (!session) return { ok: false, problem: 'There is no research run to export yet.' };
  const view = turn === undefined ? undefined : session.turnView(turn);
  if (turn !== undefined && !view) return { ok: false, problem: `the session has no turn ${turn}.` };
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { ok: false, problem: 'Open a folder first: the report is written into the workspace.' };
  let dir: string;
  try {
    dir = normalizeWorkspacePath(
      vscode.workspace.getConfiguration('researchCopilot').get<string>('export.folder', SETTING_DEFAULTS['export.folder']) ||
        SETTING_DEFAULTS['export.folder'],
    );
  } catch (e) {
    return { ok: false, problem: `researchCopilot.export.folder: ${(e as Error).message}` };
  }
  const { exportBaseName, exportRun } = await import('../node/export/exportRun');
  const events = [...(view?.events ?? session.events)];
  const { files, root } = workspaceFileSource();
  const options = { files, ...(root ? { workspaceRoot: root } : {}), fromDir: dir };
  const target = dir ? vscode.Uri.joinPath(folder.uri, ...dir.split('/')) : folder.uri;
  const base = exportBaseName(events);
  const markdown = vscode.Uri.joinPath(target, `${base}.md`);
  const html = vscode.Uri.joinPath(target, `${base}.html`);
  try {
    const [md, page] = await Promise.all([exportRun(events, 'md', options), exportRun(events, 'html', options)]);
    await vscode.workspace.fs.createDirectory(target);
    await vscode.workspace.fs.writeFile(markdown, Buffer.from(md, 'utf8'));
    await vscode.workspace.fs.writeFile(html, Buffer.from(page, 'utf8'));
  } catch (e) {
    return { ok: false, problem: `the run could not be exported: ${(e as Error).message}` };
  }
  return { ok: true, markdown, html };
}

/** The command: export, then offer to open the report. */
export async function exportRunCommand(session: RunSession | undefined, turn?: number): Promise<void> {
  const outcome = await exportRunFiles(session, turn);
  if (!outcome.ok) {
    void vscode.window.showWarningMessage(`Research Copilot: ${outcome.problem}`);
    return;
  }
  const name = vscode.workspace.asRelativePath(outcome.markdown, false);
  const pick = await vscode.window.showInformationMessage(`Research Copilot: exported ${name} and its .html trajectory.`, 'Open Report');
  if (pick === 'Open Report') await vscode.window.showTextDocument(outcome.markdown);
}

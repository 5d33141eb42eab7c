/** What a trajectory panel's buttons and links do in the host (ResearchPanel's PanelActions). */
import * as vscode from 'vscode';
import { exportRunCommand } from './exportRun';
import { ResearchPanel, type PanelActions } from './researchPanel';
import { childSession } from './childRun';
import type { RunManager } from './runManager';
import type { RunSession } from './runSession';
import { currentWorkspace } from './hostTools';
import type { VsCodeWorkspace } from './vscodeWorkspace';

export interface PanelActionDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** The manager is made with these actions, so they reach it through a getter. */
  runs: () => RunManager | undefined;
  insertFindings: (session: RunSession, turn?: number) => Promise<void>;
}

export function createPanelActions({ context, log, runs, insertFindings }: PanelActionDeps): PanelActions {
  const actions: PanelActions = {
    stop: (session) => runs()?.stop(session),
    insertFindings: (session, turn) => void insertFindings(session, turn),
    exportRun: (session, turn) => void exportRunCommand(session, turn),
    ask: (session, question) => void runs()?.followUp(session, question),
    openFile: (path, line) => void openFile(currentWorkspace(), path, line, log),
    openUrl: (url) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
    log: (m) => log.warn(m),
    openSubtask: (session, childRunId) => {
      const child = childSession(session, childRunId);
      // The user clicked the subtask in the panel: its own panel takes the focus.
      if (child) ResearchPanel.show(context.extensionUri, child, actions, true);
    },
  };
  return actions;
}

async function openFile(
  ws: VsCodeWorkspace | undefined,
  path: string,
  line: number | undefined,
  log: vscode.LogOutputChannel,
): Promise<void> {
  if (!ws) return;
  try {
    // The same confinement as the tools: a link in a panel never opens a file outside the workspace.
    if ((await ws.readTextIfExists(path)) === undefined) throw new Error(`${path} does not exist`);
    const uri = vscode.Uri.joinPath(vscode.Uri.file(ws.root), path.replace(/^\.\//, ''));
    const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
  } catch (e) {
    log.warn(`not opening ${path}: ${(e as Error).message}`);
    void vscode.window.showWarningMessage(`Research Copilot: cannot open ${path}: ${(e as Error).message}`);
  }
}

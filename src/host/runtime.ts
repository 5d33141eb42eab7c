/**
 * Everything a run needs in the extension host, loaded on first use (the chunk "runtime",
 * dist/extension-runtime.js): the RunManager with its panels and launcher, the tools, @research's
 * handler, the language-model tools' calls, Insert Findings, Export Run, Show Runs and Clear Runs. Start-up (extension.ts)
 * holds only a RuntimeLoader; the first command, revived panel, chat request or tool call loads this.
 */
import * as vscode from 'vscode';
import { RunManager } from './runManager';
import type { TrajectoryFolder } from '../node/trajectoryFolder';
import type { StatusBar } from './statusBar';
import type { EditorTracker } from './editorTracker';
import { currentWorkspace, hostRunTools, workspaceToolsFor } from './hostTools';
import { createPanelActions } from './panelActions';
import { insertFindings } from './insertFindings';
import { exportRunCommand } from './exportRun';
import { researchChatHandler } from './chatParticipant';
import { lmToolCalls, type LmToolCalls } from './editorTools/lmTools';
import type { RunSession } from './runSession';
import { clearRuns, showRuns } from './runsView';

/** What start-up hands the runtime: made at activation, before any run. */
export interface RuntimeDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  store: TrajectoryFolder;
  statusBar: StatusBar;
  editors: EditorTracker;
}

export interface HostRuntime {
  runs: RunManager;
  /** Inserts a run's answer (default: the latest run's) where the cursor is or was. */
  insertFindings(session?: RunSession): Promise<void>;
  exportLatest(): Promise<void>;
  /** Show Runs (reopen or delete one) and Clear Runs, over the runs folder. */
  showRuns(): Promise<void>;
  clearRuns(): Promise<void>;
  chat: vscode.ChatRequestHandler;
  lmTools: LmToolCalls;
}

export function createRuntime(deps: RuntimeDeps): HostRuntime {
  const { context, log, store, statusBar, editors } = deps;
  const insert = async (session: RunSession | undefined, turn?: number) => {
    const problem = await insertFindings(session, editors.lastPlace, turn);
    if (problem) void vscode.window.showWarningMessage(`Research Copilot: ${problem}`);
  };
  let runs: RunManager | undefined;
  const panelActions = createPanelActions({ context, log, runs: () => runs, insertFindings: (session, turn) => insert(session, turn) });
  runs = new RunManager({ context, log, store, statusBar, runTools: hostRunTools(context, log), panelActions });
  const manager = runs;
  return {
    runs: manager,
    insertFindings: (session) => insert(session ?? manager.latestRun),
    exportLatest: () => exportRunCommand(manager.latestRun),
    showRuns: () => showRuns(manager, store),
    clearRuns: () => clearRuns(manager, store),
    chat: researchChatHandler(() => manager),
    lmTools: lmToolCalls(() => workspaceToolsFor(currentWorkspace()), currentWorkspace),
  };
}

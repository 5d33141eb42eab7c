/** Activation: wires commands, the panel serializer, the chat participant and tools to one RunManager. */
import { registerDiagnostics } from './diagnostics'; // first: it notes when the bundle starts to load
import * as vscode from 'vscode';
import { join } from 'node:path';
import { registerChatParticipant } from './chatParticipant';
import { PANEL_VIEW_TYPE } from './researchPanel';
import { RunManager } from './runManager';
import { TrajectoryFolder } from '../node/trajectoryFolder';
import { StatusBar } from './statusBar';
import { registerLmTools } from './editorTools/lmTools';
import { offerWalkthroughOnce, registerGettingStarted } from './gettingStarted';
import { registerEvaluation } from './evaluation';
import { pickModel, testConnection } from './connectCommands';
import { currentWorkspace, hostRunTools, workspaceToolsFor } from './hostTools';
import { createPanelActions } from './panelActions';
import { FindingsInserter, registerKeyCommands, registerRunCommands } from './commands';

let manager: RunManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Research Copilot', { log: true });
  const store = new TrajectoryFolder(join(context.globalStorageUri.fsPath, 'runs'));
  const statusBar = new StatusBar();
  const findings = new FindingsInserter(() => manager?.latestRun);
  const panelActions = createPanelActions({
    context,
    log,
    runs: () => manager,
    insertFindings: (session, turn) => findings.insert(session, turn),
  });
  manager = new RunManager({ context, log, store, statusBar, runTools: hostRunTools(context, log), panelActions });
  const runs = manager;

  context.subscriptions.push(
    log,
    statusBar,
    findings,
    ...registerRunCommands(runs, store, findings),
    ...registerKeyCommands(context.secrets),
    vscode.commands.registerCommand('researchCopilot.chooseModel', () => pickModel(context.secrets)),
    vscode.commands.registerCommand('researchCopilot.testConnection', () => testConnection(context.secrets, log)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => runs.revive(panel, (state as { runId?: unknown } | undefined)?.runId),
    }),
    registerChatParticipant(context.extensionUri, () => runs),
    registerEvaluation({ context, log, store }),
    ...registerLmTools(() => workspaceToolsFor(currentWorkspace()), currentWorkspace),
    ...registerGettingStarted(),
    registerDiagnostics(log),
  );
  void offerWalkthroughOnce(context.globalState, log);
  log.info(`Research Copilot activated; runs are stored in ${store.folder}`);
}

export function deactivate(): void {
  manager?.stopAll();
}

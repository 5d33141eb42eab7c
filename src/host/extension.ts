/**
 * Activation: only what must exist at once. The commands, the panel serializer, the chat participant and
 * the language-model tools are registered here; what they do (the runtime: runs, panels, tools) loads on
 * first use (runtimeLoader.ts), as do Choose Model / Test Connection and Run Evaluation. This file and
 * what it imports are dist/extension.js, the module every VS Code window loads at start-up;
 * test/unit/startupBundle.test.ts lists what that is, so nothing heavy creeps back in.
 */
import { registerDiagnostics } from './diagnostics'; // first: it notes when the bundle starts to load
import * as vscode from 'vscode';
import { join } from 'node:path';
import { TrajectoryFolder } from '../node/trajectoryFolder';
import { StatusBar } from './statusBar';
import { EditorTracker } from './editorTracker';
import { offerWalkthroughOnce, registerGettingStarted } from './gettingStarted';
import { registerEvaluation } from './evaluation';
import { registerChatParticipant, registerLmTools, registerPanelSerializer } from './entryPoints';
import { registerConnectCommands, registerKeyCommands, registerRunCommands } from './commands';
import { registerFindings } from './findingsEntry';
import { runtimeLoader, type RuntimeLoader } from './runtimeLoader';

let runtime: RuntimeLoader | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Research Copilot', { log: true });
  const store = new TrajectoryFolder(join(context.globalStorageUri.fsPath, 'runs'));
  const statusBar = new StatusBar();
  const editors = new EditorTracker();
  runtime = runtimeLoader({ context, log, store, statusBar, editors });

  context.subscriptions.push(
    log,
    statusBar,
    editors,
    ...registerRunCommands(runtime),
    ...registerKeyCommands(context.secrets),
    ...registerConnectCommands(context, log),
    registerPanelSerializer(runtime),
    registerChatParticipant(context.extensionUri, runtime),
    registerEvaluation({ context, log, store }),
    ...registerLmTools(runtime),
    ...registerGettingStarted(),
    ...registerFindings(log),
    registerDiagnostics(log, started),
  );
  void offerWalkthroughOnce(context.globalState, log);
  log.info(`Research Copilot activated; runs are stored in ${store.folder}`);
}

export function deactivate(): void {
  runtime?.loaded()?.runs.stopAll();
}

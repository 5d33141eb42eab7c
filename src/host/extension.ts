/** Activation: wires commands, the panel serializer, the chat participant and tools to one RunManager. */
import { registerDiagnostics } from './diagnostics'; // first: it notes when the bundle starts to load
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { Tool } from '../agent/tool';
import { createWorkspaceTools } from '../tools/workspace/index';
import { createRunTools } from '../node/runTools';
import { SEARCH_SECRET_KEY, SECRET_KEY, type Settings } from './config';
import { registerChatParticipant } from './chatParticipant';
import { insertFindings } from './insertFindings';
import { exportRunCommand } from './exportRun';
import { PANEL_VIEW_TYPE, ResearchPanel, type PanelActions } from './researchPanel';
import { childSession } from './childRun';
import { RunManager } from './runManager';
import { TrajectoryFolder } from '../node/trajectoryFolder';
import { StatusBar } from './statusBar';
import { createLanguageTools } from './editorTools/languageTools';
import { registerLmTools } from './editorTools/lmTools';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { questionFromEditor } from './questions';
import { offerWalkthroughOnce, registerGettingStarted } from './gettingStarted';
import { registerEvaluation } from './evaluation';
import { chooseModel, testConnection } from './connectCommands';

let manager: RunManager | undefined;

const SEARCH_HOW_TO =
  'Web search is not configured. Set "researchCopilot.search.provider" to searxng (with "researchCopilot.search.url" ' +
  'pointing at your SearXNG), tavily, brave or serper, and store the key with "Research Copilot: Set Search API Key" ' +
  '(or TAVILY_API_KEY / BRAVE_API_KEY / SERPER_API_KEY in the environment). fetch_url works without it.';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Research Copilot', { log: true });
  const store = new TrajectoryFolder(join(context.globalStorageUri.fsPath, 'runs'));
  const statusBar = new StatusBar();
  let lastEditor = vscode.window.activeTextEditor;

  const workspace = (): VsCodeWorkspace | undefined => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && folder.uri.scheme === 'file' ? new VsCodeWorkspace(folder.uri) : undefined;
  };
  const toolsFor = (ws: VsCodeWorkspace | undefined): Tool[] => (ws ? [...createWorkspaceTools(ws), ...createLanguageTools(ws)] : []);
  const tools = (): Tool[] => toolsFor(workspace());

  const panelActions: PanelActions = {
    stop: (session) => manager?.stop(session),
    insertFindings: (session) => void runInsert(session),
    exportRun: (session) => void exportRunCommand(session),
    openFile: (path, line) => void openFile(workspace(), path, line, log),
    openUrl: (url) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
    log: (m) => log.warn(m),
    openSubtask: (session, childRunId) => {
      const child = childSession(session, childRunId);
      if (child) ResearchPanel.show(context.extensionUri, child, panelActions);
    },
  };
  const runTools = async (settings: Settings) => {
    const ws = workspace();
    const searchKey = await context.secrets.get(SEARCH_SECRET_KEY);
    return createRunTools({
      base: toolsFor(ws),
      ...(ws ? { workspaceFolder: ws.root } : {}),
      sandbox: { ...settings.sandbox, assetsDir: context.asAbsolutePath('dist') },
      search: { provider: settings.search.provider, url: settings.search.url, ...(searchKey ? { apiKey: searchKey } : {}) },
      allowPrivateNetwork: settings.allowPrivateNetwork,
      ...(settings.mcpConfigFile ? { mcpConfigFile: settings.mcpConfigFile } : {}),
      howToConfigureSearch: SEARCH_HOW_TO,
      log: (line) => log.info(line),
    });
  };
  manager = new RunManager({ context, log, store, statusBar, runTools, panelActions });
  const runs = manager;

  const runInsert = async (session = runs.latestRun) => {
    const editor = vscode.window.activeTextEditor ?? lastEditor;
    const problem = await insertFindings(session, editor);
    if (problem) void vscode.window.showWarningMessage(`Research Copilot: ${problem}`);
  };

  const ask = async (question: string | undefined) => {
    if (question?.trim()) await runs.start(question.trim());
  };

  context.subscriptions.push(
    log,
    statusBar,
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    vscode.commands.registerCommand('researchCopilot.researchThis', async () =>
      ask(await questionFromEditor(vscode.window.activeTextEditor)),
    ),
    vscode.commands.registerCommand('researchCopilot.askCodebase', async () =>
      ask(
        await vscode.window.showInputBox({
          title: 'Ask About This Codebase',
          prompt: 'What do you want to know about this workspace?',
          ignoreFocusOut: true,
        }),
      ),
    ),
    vscode.commands.registerCommand('researchCopilot.insertFindings', () => runInsert()),
    vscode.commands.registerCommand('researchCopilot.exportRun', () => exportRunCommand(runs.latestRun)),
    vscode.commands.registerCommand('researchCopilot.stop', () => {
      if (!runs.stop()) void vscode.window.showInformationMessage('Research Copilot: no run is going.');
    }),
    vscode.commands.registerCommand('researchCopilot.showRuns', async () => {
      const list = store.list();
      if (!list.length) return void vscode.window.showInformationMessage('Research Copilot: no runs yet.');
      const pick = await vscode.window.showQuickPick(
        list.map((r) => ({
          label: r.question.replace(/\s+/g, ' ').slice(0, 100),
          description: new Date(r.startedAt).toLocaleString(),
          runId: r.runId,
        })),
        { title: 'Research Copilot: Show Runs', matchOnDescription: true },
      );
      if (pick && !runs.show(pick.runId)) void vscode.window.showErrorMessage('Research Copilot: that run could not be read.');
    }),
    vscode.commands.registerCommand('researchCopilot.openRun', (runId: unknown) => {
      if (typeof runId === 'string') runs.show(runId);
    }),
    vscode.commands.registerCommand('researchCopilot.setApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'Research Copilot: API Key',
        prompt: 'Stored in VS Code SecretStorage, never in settings.json. Leave empty to remove it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      if (key.trim()) await context.secrets.store(SECRET_KEY, key.trim());
      else await context.secrets.delete(SECRET_KEY);
      void vscode.window.showInformationMessage(`Research Copilot: API key ${key.trim() ? 'saved' : 'removed'}.`);
    }),
    vscode.commands.registerCommand('researchCopilot.chooseModel', () => chooseModel(context.secrets)),
    vscode.commands.registerCommand('researchCopilot.testConnection', () => testConnection(context.secrets, log)),
    vscode.commands.registerCommand('researchCopilot.setSearchApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'Research Copilot: Search API Key',
        prompt: 'Key of the web search provider (Tavily, Brave or Serper), stored in SecretStorage. Leave empty to remove it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      if (key.trim()) await context.secrets.store(SEARCH_SECRET_KEY, key.trim());
      else await context.secrets.delete(SEARCH_SECRET_KEY);
      void vscode.window.showInformationMessage(`Research Copilot: search API key ${key.trim() ? 'saved' : 'removed'}.`);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => runs.revive(panel, (state as { runId?: unknown } | undefined)?.runId),
    }),
    registerChatParticipant(context.extensionUri, () => runs.launcher),
    registerEvaluation({ context, log, store }),
    ...registerLmTools(tools, workspace),
    ...registerGettingStarted(),
    registerDiagnostics(log),
  );
  void offerWalkthroughOnce(context.globalState, log);
  log.info(`Research Copilot activated; runs are stored in ${store.folder}`);
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

export function deactivate(): void {
  manager?.stopAll();
}

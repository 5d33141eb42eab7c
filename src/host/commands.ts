/**
 * The palette commands of package.json `contributes.commands` that act on runs and keys; activate
 * (extension.ts) registers them with the window's RunManager.
 */
import * as vscode from 'vscode';
import { SEARCH_SECRET_KEY, SECRET_KEY } from './config';
import { insertFindings } from './insertFindings';
import { exportRunCommand } from './exportRun';
import type { RunManager } from './runManager';
import type { RunSession } from './runSession';
import type { TrajectoryFolder } from '../node/trajectoryFolder';
import { questionFromEditor } from './questions';
import { clearRuns, showRuns } from './runsView';

/** Insert Findings writes into the editor used last: pressing the panel's button takes the focus off it. */
export class FindingsInserter implements vscode.Disposable {
  private lastEditor = vscode.window.activeTextEditor;
  private readonly tracking = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e) this.lastEditor = e;
  });

  constructor(private readonly latestRun: () => RunSession | undefined) {}

  async insert(session = this.latestRun(), turn?: number): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor;
    const problem = await insertFindings(session, editor, turn);
    if (problem) void vscode.window.showWarningMessage(`Research Copilot: ${problem}`);
  }

  dispose(): void {
    this.tracking.dispose();
  }
}

/** Research This, Ask About This Codebase, Insert Findings, Export Run, Stop, Show Runs, Clear Runs, and openRun (from links). */
export function registerRunCommands(runs: RunManager, store: TrajectoryFolder, findings: FindingsInserter): vscode.Disposable[] {
  const ask = async (question: string | undefined) => {
    if (question?.trim()) await runs.start(question.trim());
  };
  return [
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
    vscode.commands.registerCommand('researchCopilot.insertFindings', () => findings.insert()),
    vscode.commands.registerCommand('researchCopilot.exportRun', () => exportRunCommand(runs.latestRun)),
    vscode.commands.registerCommand('researchCopilot.stop', () => {
      if (!runs.stop()) void vscode.window.showInformationMessage('Research Copilot: no run is going.');
    }),
    vscode.commands.registerCommand('researchCopilot.showRuns', () => showRuns(runs, store)),
    vscode.commands.registerCommand('researchCopilot.clearRuns', () => clearRuns(runs, store)),
    vscode.commands.registerCommand('researchCopilot.openRun', (runId: unknown) => {
      if (typeof runId === 'string') runs.show(runId);
    }),
  ];
}

/** Set API Key and Set Search API Key: a key into SecretStorage, never settings.json; left empty, the key is removed. */
export function registerKeyCommands(secrets: vscode.SecretStorage): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('researchCopilot.setApiKey', () =>
      storeKey(secrets, SECRET_KEY, 'API key', {
        title: 'Research Copilot: API Key',
        prompt: 'Stored in VS Code SecretStorage, never in settings.json. Leave empty to remove it.',
      }),
    ),
    vscode.commands.registerCommand('researchCopilot.setSearchApiKey', () =>
      storeKey(secrets, SEARCH_SECRET_KEY, 'search API key', {
        title: 'Research Copilot: Search API Key',
        prompt: 'Key of the web search provider (Tavily, Brave or Serper), stored in SecretStorage. Leave empty to remove it.',
      }),
    ),
  ];
}

async function storeKey(
  secrets: vscode.SecretStorage,
  secretKey: string,
  name: string,
  box: { title: string; prompt: string },
): Promise<void> {
  const key = await vscode.window.showInputBox({ ...box, password: true, ignoreFocusOut: true });
  if (key === undefined) return;
  if (key.trim()) await secrets.store(secretKey, key.trim());
  else await secrets.delete(secretKey);
  void vscode.window.showInformationMessage(`Research Copilot: ${name} ${key.trim() ? 'saved' : 'removed'}.`);
}

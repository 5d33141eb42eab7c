/**
 * The palette commands of package.json `contributes.commands`, registered at start-up. What a command
 * needs of the runtime (runs, panels, Insert Findings, Export Run) or of Choose Model / Test Connection
 * is loaded when the command first runs; an input box or a list is shown before that.
 */
import * as vscode from 'vscode';
import { SEARCH_SECRET_KEY, SECRET_KEY } from './config';
import type { HostRuntime } from './runtime';
import type { RuntimeLoader } from './runtimeLoader';
import { questionFromEditor } from './questions';

/** Runs `act` with the runtime; a runtime that failed to load was already reported by the loader. */
function withRuntime(runtime: RuntimeLoader, act: (r: HostRuntime) => unknown): () => Promise<void> {
  return async () => {
    const r = await runtime.get().catch(() => undefined);
    if (r) await act(r);
  };
}

/** Research This, Ask About This Codebase, Insert Findings, Export Run, Stop, Show Runs, Clear Runs, and openRun (from links). */
export function registerRunCommands(runtime: RuntimeLoader): vscode.Disposable[] {
  const ask = async (question: string | undefined) => {
    if (question?.trim()) await withRuntime(runtime, (r) => r.runs.start(question.trim()))();
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
    vscode.commands.registerCommand(
      'researchCopilot.insertFindings',
      withRuntime(runtime, (r) => r.insertFindings()),
    ),
    vscode.commands.registerCommand(
      'researchCopilot.exportRun',
      withRuntime(runtime, (r) => r.exportLatest()),
    ),
    vscode.commands.registerCommand('researchCopilot.stop', () => {
      if (!runtime.loaded()?.runs.stop()) void vscode.window.showInformationMessage('Research Copilot: no run is going.');
    }),
    vscode.commands.registerCommand(
      'researchCopilot.showRuns',
      withRuntime(runtime, (r) => r.showRuns()),
    ),
    vscode.commands.registerCommand(
      'researchCopilot.clearRuns',
      withRuntime(runtime, (r) => r.clearRuns()),
    ),
    vscode.commands.registerCommand('researchCopilot.openRun', (runId: unknown) =>
      typeof runId === 'string' ? withRuntime(runtime, (r) => r.runs.show(runId))() : undefined,
    ),
  ];
}

/** Choose Model and Test Connection: their code (connectCommands.ts, the chunk "connect") loads when one first runs. */
export function registerConnectCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('researchCopilot.chooseModel', async () =>
      (await import('./connectCommands')).pickModel(context.secrets),
    ),
    vscode.commands.registerCommand('researchCopilot.testConnection', async () =>
      (await import('./connectCommands')).testConnection(context.secrets, log),
    ),
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

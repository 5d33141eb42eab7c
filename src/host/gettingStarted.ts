/**
 * The getting-started path: the walkthrough (package.json `contributes.walkthroughs`), opened once on the
 * first start after install, and the buttons that every "no model" message offers (named in
 * connectModel.ts).
 */
import * as vscode from 'vscode';
import { CONNECT_MODEL_ACTIONS, EXTENSION_ID, GET_STARTED, WALKTHROUGH_ID } from './connectModel';

/** globalState key: set once the walkthrough was offered, so it opens on the first start only. */
export const WALKTHROUGH_SHOWN_KEY = 'researchCopilot.walkthroughShown';

export function openWalkthrough(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}

/** Opens the Settings editor on this extension's settings. */
export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
}

/**
 * On the first activation after install, opens the walkthrough, unless the user switched walkthroughs on
 * install off (`workbench.welcomePage.walkthroughs.openOnInstall`, which the test profiles set to false).
 */
export async function offerWalkthroughOnce(state: vscode.Memento, log: vscode.LogOutputChannel): Promise<void> {
  if (state.get<boolean>(WALKTHROUGH_SHOWN_KEY)) return;
  await state.update(WALKTHROUGH_SHOWN_KEY, true);
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  log.info('first start after install: opening the getting-started walkthrough');
  try {
    await openWalkthrough();
  } catch (e) {
    log.warn(`could not open the walkthrough: ${(e as Error).message}`);
  }
}

/** The error notification for a run that has no model, with the buttons that fix it. */
export async function showConnectModelHelp(message: string): Promise<void> {
  const actions = [...CONNECT_MODEL_ACTIONS, GET_STARTED];
  const pick = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === pick);
  if (action) await vscode.commands.executeCommand(action.command);
}

export function registerGettingStarted(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(GET_STARTED.command, () => openWalkthrough()),
    vscode.commands.registerCommand('researchCopilot.openSettings', () => openSettings()),
  ];
}

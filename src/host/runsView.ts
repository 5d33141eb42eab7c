/**
 * The runs folder in VS Code: Show Runs (each run's size on disk, a trash button that deletes it),
 * Clear Runs (says how much it frees first), and the retention pass before each run. The rules live
 * in src/node/runRetention.ts; here only what this window knows is added: its running runs and the
 * runs open in its panels, which are never deleted.
 */
import * as vscode from 'vscode';
import { deleteRunFile, listRunFiles, planPrune, pruneRuns, removeRuns } from '../node/runRetention';
import type { TrajectoryFolder } from '../node/trajectoryFolder';
import { countOf, formatSize } from '../tools/workspace/format';
import { ResearchPanel } from './researchPanel';
import type { RunManager } from './runManager';

/** Retention before a run's trajectory is created (runs.keep), logged when it deletes anything. */
export function pruneBeforeRun(
  store: TrajectoryFolder,
  starting: string,
  inUse: string[],
  keep: number,
  log: vscode.LogOutputChannel,
): void {
  try {
    const gone = pruneRuns(store.folder, { keep, starting, protect: inUse });
    if (gone.remove.length) log.info(`deleted ${countOf(gone.remove.length, 'old run')} (${formatSize(gone.bytes)}); runs.keep is ${keep}`);
  } catch (e) {
    log.warn(`the runs folder could not be pruned: ${(e as Error).message}`);
  }
}

interface RunItem extends vscode.QuickPickItem {
  runId: string;
  path: string;
}

const DELETE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete Run' };

function runItems(store: TrajectoryFolder): RunItem[] {
  const sizes = new Map(listRunFiles(store.folder).map((f) => [f.path, f.size]));
  return store.list().map((r) => ({
    label: r.question.replace(/\s+/g, ' ').slice(0, 100),
    description: `${r.turns > 1 ? `${r.turns} questions · ` : ''}last used ${new Date(r.lastUsed).toLocaleString()} · ${formatSize(sizes.get(r.path) ?? 0)}`,
    runId: r.runId,
    path: r.path,
    buttons: [DELETE_BUTTON],
  }));
}

/** Show Runs: pick a run to reopen it; its trash button deletes it. */
export async function showRuns(runs: RunManager, store: TrajectoryFolder): Promise<void> {
  const items = runItems(store);
  if (!items.length) return void vscode.window.showInformationMessage('Research Copilot: no runs yet.');
  const pick = vscode.window.createQuickPick<RunItem>();
  pick.title = 'Research Copilot: Show Runs';
  pick.placeholder = 'Pick a run to open it; the trash button deletes one';
  pick.matchOnDescription = true;
  pick.items = items;
  const picked = await new Promise<RunItem | undefined>((resolve) => {
    pick.onDidTriggerItemButton(({ item }) => {
      const problem = deleteRun(runs, item);
      if (problem) return void vscode.window.showWarningMessage(`Research Copilot: ${problem}`);
      pick.items = pick.items.filter((i) => i.path !== item.path);
      if (!pick.items.length) pick.hide();
    });
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (picked && !runs.show(picked.runId)) void vscode.window.showErrorMessage('Research Copilot: that run could not be read.');
}

/** Deletes one run's trajectory (closing its panel); the reason when it may not be deleted. */
function deleteRun(runs: RunManager, item: RunItem): string | undefined {
  if (runs.running().some((s) => s.runId === item.runId)) return 'that run is still running; stop it first.';
  ResearchPanel.forRun(item.runId)?.panel.dispose();
  const freed = deleteRunFile(item.path);
  if (freed === undefined) return 'that run could not be deleted.';
  void vscode.window.setStatusBarMessage(`Research Copilot: deleted a run (${formatSize(freed)})`, 5000);
  return undefined;
}

/** Clear Runs: every run this window does not hold and no one wrote in the last minutes, after a confirmation. */
export async function clearRuns(runs: RunManager, store: TrajectoryFolder): Promise<void> {
  const files = listRunFiles(store.folder);
  const plan = planPrune(files, { keep: 0, protect: runs.inUse() });
  const staying = files.length - plan.remove.length;
  const stay = staying
    ? ` ${countOf(staying, 'run')} ${staying === 1 ? 'stays' : 'stay'}: running, open in a panel, or written in the last 10 minutes.`
    : '';
  if (!plan.remove.length) return void vscode.window.showInformationMessage(`Research Copilot: no runs to clear.${stay}`);
  const answer = await vscode.window.showWarningMessage(
    `Delete ${countOf(plan.remove.length, 'run')}? That frees ${formatSize(plan.bytes)}.`,
    { modal: true, detail: `Their trajectories are deleted from ${store.folder}.${stay}` },
    'Delete',
  );
  if (answer !== 'Delete') return;
  const gone = removeRuns(plan);
  void vscode.window.showInformationMessage(
    `Research Copilot: deleted ${countOf(gone.remove.length, 'run')}, freed ${formatSize(gone.bytes)}.`,
  );
}

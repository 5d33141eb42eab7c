/**
 * Registers "Research Copilot: Run Evaluation". The evaluation itself (runner, report, charts) is
 * loaded when the command first runs, so it adds nothing to the extension's activation.
 */
import * as vscode from 'vscode';
import type { EvaluationDeps } from './evaluationRun';

export function registerEvaluation(deps: EvaluationDeps): vscode.Disposable {
  let running = false;
  return vscode.commands.registerCommand('researchCopilot.runEvaluation', async () => {
    if (running) return void vscode.window.showInformationMessage('Research Copilot: an evaluation is already running.');
    running = true;
    try {
      const { runEvaluationCommand } = await import('./evaluationRun');
      await runEvaluationCommand(deps);
    } catch (e) {
      deps.log.error(`evaluation failed: ${(e as Error)?.message ?? String(e)}`);
      void vscode.window.showErrorMessage(`Research Copilot: the evaluation failed: ${(e as Error)?.message ?? String(e)}`);
    } finally {
      running = false;
    }
  });
}

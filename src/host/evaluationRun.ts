/**
 * "Research Copilot: Run Evaluation": pick a dataset, run it with the configured model and tools (the
 * same runs as the panel's, one trajectory each in the run store, so Show Runs opens any of them),
 * show progress in a cancellable notification and the evaluation panel, then the report. Results go
 * to a folder per dataset under global storage: running the same dataset again resumes it.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, loadDataset, type Dataset } from '../eval/datasets';
import { writeReport } from '../eval/report';
import { readResults, ResultsError } from '../eval/results';
import { runEvaluation, type EvalOutcome } from '../eval/runner';
import type { EvalRunSettings } from '../eval/runTask';
import { readSettings, SEARCH_SECRET_KEY } from './config';
import { SETTING_DEFAULTS } from './settings';
import { EvaluationPanel } from './evaluationPanel';
import { progressLabel } from './evaluationHtml';
import { modelForRun } from './modelChoice';
import type { TrajectoryFolder } from '../node/trajectoryFolder';

export interface EvaluationDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  store: TrajectoryFolder;
}

interface EvalSettings {
  caps: number[];
  samples: number;
  concurrency: number;
}

function evalSettings(): EvalSettings {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  const d = SETTING_DEFAULTS;
  const raw = c.get<unknown[]>('eval.budgets', [...d['eval.budgets']]);
  const budgets = [...new Set(raw.filter((b): b is number => Number.isInteger(b) && (b as number) >= 1))].sort((a, b) => a - b);
  return {
    caps: budgets.length ? budgets : [...d['eval.budgets']],
    samples: Math.max(1, Math.floor(c.get<number>('eval.attempts', d['eval.attempts']))),
    concurrency: Math.max(1, Math.floor(c.get<number>('eval.concurrency', d['eval.concurrency']))),
  };
}

async function pickDataset(): Promise<Dataset | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Research Copilot: Run Evaluation',
    openLabel: 'Evaluate',
    canSelectMany: false,
    filters: { 'Evaluation datasets (JSONL)': ['jsonl'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  try {
    return loadDataset(uri.fsPath);
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    void vscode.window.showErrorMessage(`Research Copilot: ${e.message}`);
    return undefined;
  }
}

export async function runEvaluationCommand(deps: EvaluationDeps): Promise<void> {
  const { context, log, store } = deps;
  const dataset = await pickDataset();
  if (!dataset) return;
  const settings = readSettings();
  const choice = await modelForRun(settings, context.secrets);
  if (!choice.ok) return void vscode.window.showErrorMessage(`Research Copilot: ${choice.message}`);
  const { caps, samples, concurrency } = evalSettings();
  const searchKey = await context.secrets.get(SEARCH_SECRET_KEY);
  const run: EvalRunSettings = {
    model: choice.client,
    protocol: choice.protocol,
    keepToolResults: settings.keepToolResults,
    maxToolResultChars: settings.maxToolResultChars,
    contextWindow: settings.contextWindow,
    tools: {
      sandbox: { ...settings.sandbox, assetsDir: context.asAbsolutePath('dist') },
      search: { provider: settings.search.provider, url: settings.search.url, ...(searchKey ? { apiKey: searchKey } : {}) },
      allowPrivateNetwork: settings.allowPrivateNetwork,
      ...(settings.mcpConfigFile ? { mcpConfigFile: settings.mcpConfigFile } : {}),
      log: (line) => log.info(line),
    },
    secrets: [choice.apiKey, ...(searchKey ? [searchKey] : [])],
  };
  const out = join(
    context.globalStorageUri.fsPath,
    'evaluations',
    `${dataset.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${dataset.sha256.slice(0, 12)}`,
  );
  const title = `Evaluation: ${dataset.name}`;
  const panel = new EvaluationPanel(
    title,
    (runId) => void vscode.commands.executeCommand('researchCopilot.openRun', runId),
    (m) => log.warn(m),
  );
  panel.showProgress(
    `Starting ${dataset.tasks.length} tasks × caps ${caps.join(', ')} × ${samples} sample(s) with ${choice.label}…`,
    readResults(out),
  );
  log.info(`evaluation of ${dataset.path} with ${choice.label}: results in ${out}`);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Research Copilot: ${title}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      const go = () =>
        runEvaluation({
          dataset,
          out,
          caps,
          samples,
          concurrency,
          run,
          signal: controller.signal,
          trajectoryFor: () => {
            const runId = randomUUID();
            return { runId, path: store.pathFor(runId) };
          },
          onProgress: (p) => {
            const pct = p.total ? (p.done / p.total) * 100 : 100;
            progress.report({ increment: pct - reported, message: progressLabel(p) });
            reported = pct;
            panel.progress(p);
          },
        });
      try {
        return await go();
      } catch (e) {
        if (!(e instanceof ResultsError)) throw e;
        const pick = await vscode.window.showWarningMessage(`Research Copilot: ${e.message}`, { modal: true }, 'Start Over');
        if (pick !== 'Start Over') return undefined;
        rmSync(out, { recursive: true, force: true });
        return go();
      }
    },
  );
  if (!outcome) return panel.dispose();
  finish(panel, out, outcome, log);
}

function finish(panel: EvaluationPanel, out: string, outcome: EvalOutcome, log: vscode.LogOutputChannel): void {
  const report = writeReport(out, outcome.meta, outcome.results);
  const s = report.summary;
  const note = outcome.cancelled
    ? `Stopped after ${s.cells_done} of ${s.cells_total} runs. Run the evaluation on the same dataset again to continue where it stopped.`
    : `All ${s.cells_total} runs done. Results: ${out}`;
  log.info(
    `evaluation ${outcome.cancelled ? 'stopped' : 'finished'}: ${s.cells_done}/${s.cells_total} runs; report ${join(out, 'report.html')}`,
  );
  if (!panel.isDisposed) panel.showReport(outcome.meta, outcome.results, note);
  if (outcome.cancelled) void vscode.window.showInformationMessage(`Research Copilot: ${note}`);
}

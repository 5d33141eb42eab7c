/** The evaluation webview: the live list of task runs, then the report; "Open run" opens a run's trajectory panel. */
import * as vscode from 'vscode';
import { buildReport, escapeHtml } from '../eval/report';
import type { EvalMeta, ResultLine } from '../eval/results';
import type { EvalProgress } from '../eval/runner';
import { makeNonce } from './panelHtml';
import { evaluationHtml, openRunButton, parseEvaluationMessage, progressBody, progressLabel, runRow } from './evaluationHtml';

export const EVALUATION_VIEW_TYPE = 'researchCopilot.evaluation';

export class EvaluationPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly runIds = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly title: string,
    private readonly openRun: (runId: string) => void,
    private readonly log: (message: string) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(EVALUATION_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: true,
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseEvaluationMessage(raw, this.runIds);
        if (!message) return this.log(`evaluation panel: ignored a message ${JSON.stringify(raw)?.slice(0, 200)}`);
        this.openRun(message.runId);
      }),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  showProgress(status: string, rows: readonly ResultLine[]): void {
    for (const r of rows) this.runIds.add(r.run_id);
    this.render(progressBody(this.title, status, rows));
  }

  progress(p: EvalProgress): void {
    if (this.disposed) return;
    if (p.last) this.runIds.add(p.last.run_id);
    void this.panel.webview.postMessage({ type: 'progress', status: progressLabel(p), ...(p.last ? { row: runRow(p.last) } : {}) });
  }

  showReport(meta: EvalMeta, results: readonly ResultLine[], note: string): void {
    for (const r of results) this.runIds.add(r.run_id);
    const report = buildReport(meta, results, { runLink: openRunButton });
    this.render(`<p class="note">${escapeHtml(note)}</p>\n${report.body}`);
    this.panel.reveal(undefined, true);
  }

  private render(body: string): void {
    if (this.disposed) return;
    this.panel.webview.html = evaluationHtml({ cspSource: this.panel.webview.cspSource, nonce: makeNonce(), title: this.title, body });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

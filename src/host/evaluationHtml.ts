/**
 * The evaluation webview's document and the one message it may send. Pure (no `vscode`): the panel
 * gives the CSP source and a fresh nonce. While the evaluation runs the page lists each finished task
 * run; at the end it shows the report (the same charts and tables as report.html) with an "Open run"
 * button per run. The webview is untrusted: it can only ask to open a run id this evaluation made.
 */
import { escapeHtml, REPORT_CSS } from '../eval/report';
import type { ResultLine } from '../eval/results';
import type { EvalProgress } from '../eval/runner';

export type EvaluationMessage = { type: 'openRun'; runId: string };

const RUN_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Only `{type: 'openRun', runId}` with a run id of this evaluation passes; anything else is dropped. */
export function parseEvaluationMessage(raw: unknown, known: ReadonlySet<string>): EvaluationMessage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (Object.keys(m).some((k) => k !== 'type' && k !== 'runId')) return undefined;
  if (m.type !== 'openRun' || typeof m.runId !== 'string' || !RUN_ID.test(m.runId) || !known.has(m.runId)) return undefined;
  return { type: 'openRun', runId: m.runId };
}

export function openRunButton(r: Pick<ResultLine, 'run_id'>): string {
  return RUN_ID.test(r.run_id) ? `<button class="open-run" data-run-id="${escapeHtml(r.run_id)}">Open run</button>` : '';
}

export function runRow(r: ResultLine): string {
  return (
    `<tr class="${r.correct ? 'ok' : 'bad'}"><td>${escapeHtml(r.task_id)}</td><td>${r.budget}</td><td>${r.attempt}</td>` +
    `<td>${r.answer === null ? '<em>none</em>' : escapeHtml(r.answer.slice(0, 120))}</td><td>${escapeHtml(r.expected.slice(0, 120))}</td>` +
    `<td>${r.correct ? '✔' : '✘'}</td><td>${r.tool_calls}</td><td>${escapeHtml(r.stop_reason)}</td><td>${openRunButton(r)}</td></tr>`
  );
}

export function progressLabel(p: EvalProgress): string {
  const acc = p.done ? ` · accuracy so far ${((p.correct / p.done) * 100).toFixed(1)}%` : '';
  return `${p.done} of ${p.total} runs done${p.skipped ? ` (${p.skipped} finished earlier)` : ''}${acc}`;
}

/** The progress page: a status line and the list of finished runs, appended to as runs end. */
export function progressBody(title: string, status: string, rows: readonly ResultLine[]): string {
  return `<h1>${escapeHtml(title)}</h1>
<p id="status">${escapeHtml(status)}</p>
<table class="runs"><thead><tr><th>task</th><th>budget</th><th>attempt</th><th>answer</th><th>expected</th><th>correct</th><th>tool calls</th><th>stopped</th><th>run</th></tr></thead>
<tbody id="runs">
${rows.map(runRow).join('\n')}
</tbody></table>`;
}

/** The whole document: the body given, the report's styles, and a small nonced script for the buttons and live rows. */
export function evaluationHtml(opts: { cspSource: string; nonce: string; title: string; body: string }): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(opts.nonce)) throw new Error('evaluationHtml: the nonce must be base64 of at least 96 bits');
  // Plot's SVG carries its own <style> elements and presentation attributes: inline styles are
  // allowed, scripts only with the nonce, and nothing can be fetched (no img/font/connect source).
  const csp = [
    `default-src 'none'`,
    `style-src 'unsafe-inline'`,
    `script-src 'nonce-${opts.nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<title>${escapeHtml(opts.title)}</title>
<style>${REPORT_CSS}
body{color:var(--vscode-foreground);background:var(--vscode-editor-background)}button.open-run{cursor:pointer}</style>
</head><body>
${opts.body}
<script nonce="${opts.nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest('button.open-run') : null;
  if (b) vscode.postMessage({ type: 'openRun', runId: b.getAttribute('data-run-id') });
});
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m && m.type === 'progress' && typeof m.status === 'string') {
    const s = document.getElementById('status');
    if (s) s.textContent = m.status;
    const runs = document.getElementById('runs');
    // Rows are built by the host from escaped text (runRow), never from model output as HTML.
    if (runs && typeof m.row === 'string') runs.insertAdjacentHTML('beforeend', m.row);
  }
});
</script>
</body></html>
`;
}

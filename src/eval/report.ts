/**
 * The results folder's report: summary.json, report.md and report.html (the charts inline as SVG, no
 * script). Everything is a function of meta.json and results.jsonl only: no clock, no machine name,
 * so an evaluation merged from shards reports byte for byte what the same evaluation run whole does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracyChart, stopReasonsChart, toolCallsChart } from './charts';
import { sortResults, type EvalMeta, type ResultLine } from './results';
import { summarize, type Summary } from './summary';

export interface Report {
  summary: Summary;
  markdown: string;
  /** The body of report.html (charts and tables), for embedding in a webview. */
  body: string;
  html: string;
}

export interface ReportOptions {
  /** Renders the link cell of a result row (default: a link to its trajectory file). */
  runLink?: (r: ResultLine) => string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function buildReport(meta: EvalMeta, all: readonly ResultLine[], options: ReportOptions = {}): Report {
  const summary = summarize(meta, all);
  const results = sortResults(all, meta.dataset.tasks);
  const body = htmlBody(summary, results, options);
  return { summary, markdown: markdown(summary), body, html: page(`Evaluation: ${summary.dataset}`, body) };
}

export function writeReport(dir: string, meta: EvalMeta, results: readonly ResultLine[]): Report {
  const report = buildReport(meta, results);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(report.summary, null, 2) + '\n');
  writeFileSync(join(dir, 'report.md'), report.markdown);
  writeFileSync(join(dir, 'report.html'), report.html);
  return report;
}

function markdown(s: Summary): string {
  const lines = [
    `# Evaluation: ${s.dataset}`,
    '',
    `Model \`${s.model}\`${s.judge_model ? `, judge \`${s.judge_model}\`` : ''}; format ${s.format}; ${s.attempts} attempt(s) per task; ` +
      `${s.cells_done} of ${s.cells_total} runs finished.`,
    '',
    '## Accuracy against tool-call budget',
    '',
    `| budget | tasks | accuracy | std | pass@${s.n} |${s.budgets.some((b) => b.judge_accuracy !== undefined) ? ' with judge |' : ''} mean tool calls | no answer |`,
    `|---:|---:|---:|---:|---:|${s.budgets.some((b) => b.judge_accuracy !== undefined) ? '---:|' : ''}---:|---:|`,
    ...s.budgets.map(
      (b) =>
        `| ${b.budget} | ${b.tasks} | ${pct(b.accuracy)} | ${pct(b.std)} | ${pct(b.pass_at_n)} |` +
        `${b.accuracy_with_judge !== undefined ? ` ${pct(b.accuracy_with_judge)} |` : s.budgets.some((x) => x.judge_accuracy !== undefined) ? ' – |' : ''}` +
        ` ${b.mean_tool_calls.toFixed(1)} | ${b.no_answer} |`,
    ),
    '',
    '## Where runs stopped',
    '',
    '| budget | ' + stopColumns(s).join(' | ') + ' |',
    '|---:|' +
      stopColumns(s)
        .map(() => '---:')
        .join('|') +
      '|',
    ...s.budgets.map(
      (b) =>
        `| ${b.budget} | ` +
        stopColumns(s)
          .map((c) => String(b.stop_reasons[c] ?? 0))
          .join(' | ') +
        ' |',
    ),
    '',
    'Charts: report.html. Every run: results.jsonl (its trajectory file is named there).',
    '',
  ];
  return lines.join('\n');
}

const stopColumns = (s: Summary) => [...new Set(s.budgets.flatMap((b) => Object.keys(b.stop_reasons)))].sort();

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlBody(s: Summary, results: ResultLine[], options: ReportOptions): string {
  const link = options.runLink ?? ((r: ResultLine) => `<a href="${escapeHtml(encodeURI(r.trajectory))}">trajectory</a>`);
  const judged = s.budgets.some((b) => b.judge_accuracy !== undefined);
  const table = s.budgets
    .map(
      (b) =>
        `<tr><td>${b.budget}</td><td>${b.tasks}</td><td>${pct(b.accuracy)}</td><td>${pct(b.std)}</td><td>${pct(b.pass_at_n)}</td>` +
        `${judged ? `<td>${b.accuracy_with_judge !== undefined ? pct(b.accuracy_with_judge) : '–'}</td>` : ''}` +
        `<td>${b.mean_tool_calls.toFixed(1)}</td><td>${b.no_answer}</td></tr>`,
    )
    .join('\n');
  const rows = results
    .map(
      (r) =>
        `<tr class="${r.correct ? 'ok' : 'bad'}"><td>${escapeHtml(r.task_id)}</td><td>${r.budget}</td><td>${r.attempt}</td>` +
        `<td>${r.answer === null ? '<em>none</em>' : escapeHtml(r.answer.slice(0, 200))}</td><td>${escapeHtml(r.expected.slice(0, 200))}</td>` +
        `<td>${r.correct ? '✔' : '✘'}${r.judge_correct !== undefined ? ` / judge ${r.judge_correct ? '✔' : '✘'}` : ''}</td>` +
        `<td>${r.tool_calls}</td><td>${escapeHtml(r.stop_reason)}</td><td>${link(r)}</td></tr>`,
    )
    .join('\n');
  return `<h1>Evaluation: ${escapeHtml(s.dataset)}</h1>
<p>Model <code>${escapeHtml(s.model)}</code>${s.judge_model ? `, judge <code>${escapeHtml(s.judge_model)}</code>` : ''}; ${s.attempts} attempt(s) per task; ${s.cells_done} of ${s.cells_total} runs finished.</p>
<section class="chart" id="accuracy-chart">${accuracyChart(s)}</section>
<table class="summary"><thead><tr><th>budget</th><th>tasks</th><th>accuracy</th><th>std</th><th>pass@${s.n}</th>${judged ? '<th>with judge</th>' : ''}<th>mean tool calls</th><th>no answer</th></tr></thead>
<tbody>
${table}
</tbody></table>
<section class="chart">${toolCallsChart(s, results)}</section>
<section class="chart">${stopReasonsChart(s, results)}</section>
<h2>Runs</h2>
<table class="runs"><thead><tr><th>task</th><th>budget</th><th>attempt</th><th>answer</th><th>expected</th><th>correct</th><th>tool calls</th><th>stopped</th><th>run</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export const REPORT_CSS = `body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1000px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #8884;padding:.25em .5em;text-align:right}
td:first-child,th:first-child{text-align:left}.runs td:nth-child(4),.runs td:nth-child(5){text-align:left}
tr.ok td:nth-child(6){color:#15803d}tr.bad td:nth-child(6){color:#b91c1c}.chart{margin:1.5em 0;background:#fff;color:#000;padding:.5em;border-radius:4px}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${body}
</body></html>
`;
}

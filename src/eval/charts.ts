/**
 * The report's charts, drawn by Observable Plot into linkedom's document (no browser) and serialised
 * as SVG: the interaction-scaling curve (accuracy against the tool-call budget, error bars over
 * attempts, pass@N beside it), the tool calls each run actually used, and where runs stopped.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ResultLine } from './results';
import type { Summary } from './summary';

type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

function documentForPlot(): PlotDocument {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as PlotDocument;
}

function svgOf(node: unknown): string {
  // Plot numbers its clip paths and gradients across a process; number them per chart so the same
  // data always gives the same bytes (merged shards and an unsharded run compare equal).
  const ids = new Map<string, string>();
  return (node as { outerHTML: string }).outerHTML.replace(/plot-clip-\d+|plot-[a-z]+-\d+(?=["')])/g, (id: string) => {
    if (!ids.has(id)) ids.set(id, `${id.replace(/-\d+$/, '')}-${ids.size + 1}`);
    return ids.get(id)!;
  });
}

const budgetTicks = (s: Summary) => s.budgets.map((b) => b.budget);

export function accuracyChart(summary: Summary): string {
  const rows = summary.budgets.filter((b) => b.cells > 0);
  const points = rows.flatMap((b) => [
    { budget: b.budget, value: b.accuracy, series: `accuracy (mean of ${summary.attempts})`, std: b.std },
    { budget: b.budget, value: b.pass_at_n, series: `pass@${summary.n}`, std: 0 },
  ]);
  const logX = budgetTicks(summary).every((b) => b > 0) && budgetTicks(summary).length > 1;
  return svgOf(
    Plot.plot({
      document: documentForPlot(),
      title: 'Accuracy against tool-call budget',
      width: 640,
      height: 360,
      marginLeft: 50,
      x: {
        type: logX ? 'log' : 'linear',
        ticks: budgetTicks(summary),
        tickFormat: (d: number) => String(d),
        label: 'tool-call budget',
        grid: true,
      },
      y: { domain: [0, 100], percent: true, label: 'accuracy (%)', grid: true },
      color: { legend: true, range: ['#2563eb', '#d97706'] },
      marks: [
        Plot.ruleX(
          rows.filter((b) => b.std > 0),
          {
            x: 'budget',
            y1: (b: { accuracy: number; std: number }) => Math.max(0, b.accuracy - b.std),
            y2: (b: { accuracy: number; std: number }) => Math.min(1, b.accuracy + b.std),
            stroke: '#2563eb',
            strokeWidth: 2,
          },
        ),
        Plot.line(points, { x: 'budget', y: 'value', stroke: 'series', z: 'series', strokeWidth: 2 }),
        Plot.dot(points, { x: 'budget', y: 'value', fill: 'series', r: 4, tip: true }),
      ],
    }),
  );
}

export function toolCallsChart(summary: Summary, results: readonly ResultLine[]): string {
  return svgOf(
    Plot.plot({
      document: documentForPlot(),
      title: 'Tool calls used per run, by budget',
      width: 640,
      height: 320,
      marginLeft: 50,
      x: { type: 'band', domain: budgetTicks(summary), label: 'tool-call budget' },
      y: { label: 'tool calls used', grid: true, zero: true },
      marks: [Plot.boxY(results, { x: 'budget', y: 'tool_calls', fill: '#93c5fd', stroke: '#1e3a8a' }), Plot.ruleY([0])],
    }),
  );
}

export function stopReasonsChart(summary: Summary, results: readonly ResultLine[]): string {
  return svgOf(
    Plot.plot({
      document: documentForPlot(),
      title: 'Where runs stopped',
      width: 640,
      height: 300,
      marginLeft: 50,
      x: { type: 'band', domain: budgetTicks(summary), label: 'tool-call budget' },
      y: { label: 'runs', grid: true },
      color: { legend: true, scheme: 'tableau10' },
      marks: [Plot.barY(results, Plot.groupX({ y: 'count' }, { x: 'budget', fill: 'stop_reason', tip: true })), Plot.ruleY([0])],
    }),
  );
}

/** The results file: bench-results/panel.md. */
import { machineLine, median, p95 } from '../machine';
import type { AppendRow, Jumps } from './append';
import type { BytesRow, SnapshotSize } from './bytes';
import type { OpenRow } from './open';
import { APPENDS, BYTES_STEPS, PAGES_PER_LENGTH, RUNS, WARMUP_APPENDS } from './options';

export interface PanelResults {
  open: OpenRow[];
  append: { rows: AppendRow[]; jumps: Jumps };
  bytes: { rows: BytesRow[]; snapshots: SnapshotSize[] };
  /** Chromium's version. */
  version: string;
  /** Load averages at the start and at the end. */
  load0: number[];
  load1: number[];
  started: number;
  finished: number;
}

const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const spread = (xs: number[]): string => `${f(Math.min(...xs), 0)}–${f(Math.max(...xs), 0)}`;

function openTable(open: OpenRow[]): string {
  return [
    '| steps | rows | snapshot | open ms, median (min–max of ' +
      RUNS +
      ') | parse / clone / handler / frame+paint ms (medians) | JS heap after GC, empty → loaded | DOM nodes (CDP) | elements in document | rows in DOM |',
    '|---|---|---|---|---|---|---|---|---|',
    ...open.map(
      (o) =>
        `| ${o.steps.toLocaleString('en-US')} | ${o.rows.toLocaleString('en-US')} | ${f(o.snapshotMB, 2)} MiB | **${f(median(o.times), 0)}** (${spread(o.times)}) | ${(['parse', 'post', 'handler', 'frame'] as const).map((k) => f(median(o.parts.map((x) => x[k])), 0)).join(' / ')} | ${f(o.empty.heapMB)} → ${f(o.after.heapMB)} MiB | ${o.after.nodes.toLocaleString('en-US')} | ${o.after.elements.toLocaleString('en-US')} | ${o.after.rowsInDom} |`,
    ),
  ].join('\n');
}

function appendTable(rows: AppendRow[]): string {
  return [
    `| at step | main-thread CPU ms, median / p95 | work ms, median / p95 | of which: handler / render frame (medians) | wall ms until painted, median / p95 | not at the bottom after | heap after GC | DOM nodes | rows in DOM |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ~${r.at.toLocaleString('en-US')} | **${f(median(r.cpu), 2)}** / ${f(p95(r.cpu), 2)} | ${f(median(r.work), 2)} / ${f(p95(r.work), 2)} | ${f(median(r.handler), 2)} / ${f(median(r.frame), 2)} | ${f(median(r.wall))} / ${f(p95(r.wall))} | ${r.notBottom} of ${r.work.length} | ${f(r.after.heapMB)} MiB | ${r.after.nodes.toLocaleString('en-US')} | ${r.after.rowsInDom} |`,
    ),
  ].join('\n');
}

function bytesTable(rows: BytesRow[]): string {
  return [
    '| at step | step arrives | messages per step | bytes sent per step | step content | sent / content | re-send-everything per step | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (b) =>
        `| ~${b.at.toLocaleString('en-US')} | ${b.streamed ? 'streamed (20 text deltas)' : 'not streamed'} | ${f(b.messages)} | ${kb(b.sent)} | ${kb(b.content)} | ${f(b.sent / b.content, 2)} | ${(b.resend / 2 ** 20).toFixed(2)} MiB | ${Math.round(b.resend / b.sent).toLocaleString('en-US')}× |`,
    ),
  ].join('\n');
}

function snapshotLine(snapshots: SnapshotSize[]): string {
  return snapshots.map((s) => `${s.steps.toLocaleString('en-US')} steps ${(s.bytes / 2 ** 20).toFixed(2)} MiB`).join(', ');
}

export function renderReport(r: PanelResults): string {
  return `# Panel scale benchmark

The trajectory panel (webview/) in real Chromium (${r.version}, headless, /usr/bin/chromium via playwright-core),
the production bundle inside the real \`panelHtml()\` document (test/webview/harness.ts), 800×900 viewport.
Steps: thinking text (25–90 words, reasoning every third turn), a tool call with arguments, an observation of
0.3–6 KB (collapsed above 12 lines / 1,200 chars) and every 25th a 20–60 KB one; a retry and context trims now and then.

Machine: ${machineLine()}; load average ${r.load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${r.load1.map((x) => x.toFixed(2)).join(' ')} at the end (shared machine); ${((r.finished - r.started) / 1000).toFixed(0)} s

Command: \`npm run bench:panel\` (\`node --import tsx tools/bench/panel-bench.ts\`)

## Open: snapshot posted → header and last row painted

Fresh page per run (plus one warm-up load). The message takes the path of a real \`postMessage\`, timed part by part:
*parse* = JSON.parse of the message text (VS Code's IPC carries JSON), *clone* = \`structuredClone\` (what
\`postMessage\` into the webview costs), *handler* = the panel's own work, dispatched synchronously: it folds every event
into rows, estimates every row's height and renders the rows in view (VirtualList.reset), *frame+paint* = until the frame
with the header and the last row is painted. Target: 1,000 steps < 500 ms.

${openTable(r.open)}

## Append one step (turn_start, assistant_message, tool_call, tool_result in one message), following the bottom

${APPENDS} appends after ${WARMUP_APPENDS} warm-up ones on each of ${PAGES_PER_LENGTH} pages per length (${APPENDS * PAGES_PER_LENGTH} samples), the same steps at every
length; all pages open side by side and their appends interleaved (so load spikes on the shared machine hit all alike). *main-thread CPU* = the page's script + style + layout time for the append, in thread ticks (CDP
\`Performance.getMetrics\`), which does not count time spent waiting for a core on this loaded machine (it does include the
few tenths of a ms of the benchmark's own helper). *work* = wall time of parse + message handler + the animation frame that renders it
(its rAF callbacks and forced style/layout); *wall* = until that frame is painted, so it includes waiting for the
next frame (~16.7 ms at 60 Hz). Target: the same at step 1,000 as at step 10.

${appendTable(r.append.rows)}

## Bytes per step, through the real host code

\`RunSession\` + \`ResearchPanel\` (snapshot on \`ready\`, 16 ms batches) with a stand-in for the \`vscode\` API
(tools/bench/panel-host.ts); bytes = JSON as VS Code serialises \`postMessage\`. Averages over the same ${BYTES_STEPS} steps at every
length. A step's events arrive as a run emits them, each group in its own batch window: turn_start; (streamed: the text in
20 deltas, one per window, the first with turn_start;) assistant_message + tool_call; tool_result. *Step content* = thinking text + reasoning + call arguments + observation.
*Re-send-everything* prices each message the host posted for the step as the whole state at that moment
(what peers' webviews receive on every update).

${bytesTable(r.bytes.rows)}

Snapshot sent on open: ${snapshotLine(r.bytes.snapshots)}.

## Jumps in the 3,000-step list

Set \`scrollTop\` to the top / the bottom → the first / last row painted in view (includes waiting for frames):
top median ${f(median(r.append.jumps.top), 0)} ms (${spread(r.append.jumps.top)}), bottom median ${f(median(r.append.jumps.bottom), 0)} ms (${spread(r.append.jumps.bottom)}), 10 each.
`;
}

/**
 * The trajectory panel at scale, in real Chromium (Debian's /usr/bin/chromium via playwright-core):
 *   node --import tsx tools/bench/panel-bench.ts [--runs 5] [--appends 50] [--out bench-results/panel.md]
 * The real panel bundle runs inside the real panelHtml() document (test/webview/harness.ts). Measures:
 *   1. open: snapshot of N steps posted → the last row and the header are painted (fresh page per run);
 *   2. append: one step (the events of one tool call and its result) applied and rendered, at step
 *      ~10 / ~1,000 / ~3,000, the view following the bottom;
 *   3. bytes per step: what the real host code (RunSession + ResearchPanel's batching) posts for one
 *      step, against the step's own content and against re-sending the whole state on every update;
 *   4. JS heap after GC, DOM size, and jumps to the top / bottom of a 3,000-step list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { AgentEvent, AgentEventBody, ToolResultEvent } from '../../src/agent/events';
import { compactForSnapshot, type HostMessage } from '../../src/shared/panelProtocol';
import { Gen, makeTrajectory, stepBodies, withSeq } from '../../test/webview/fixtures';
import { buildWebview, launch, openPanel, startPanelServer, type PanelServer } from '../../test/webview/harness';
import { machineLine, median, p95 } from './machine';
import { openHostPanel } from './panel-host';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 5);
const APPENDS = opt('--appends', 50);
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/panel.md';
const OPEN_SIZES = [100, 1000, 3000];
const APPEND_AT = [10, 1000, 3000];
/** Pages per length in the append test: renderer processes differ by ±1 ms per append among themselves. */
const PAGES_PER_LENGTH = 2;
/** Steps pushed through the host per length and scenario. */
const BYTES_STEPS = 10;
const STEP_OBS = { obsMin: 300, obsMax: 6000 };
const QUESTION = 'How does the agent loop retain tool results when the context window fills up, and where is that configured?';

// ------------------------------------------------------------------------------------------------
// Trajectories

/**
 * A run of `steps` tool steps: thinking text (reasoning every third turn), a call with arguments, an
 * observation of 0.3–6 KB (most collapse), and every 25th a long one of 20–60 KB (a fetched page);
 * a retry and context trims now and then (makeTrajectory of the tests).
 */
function trajectory(steps: number, seed = 7): AgentEvent[] {
  const events = makeTrajectory({ steps, seed, finished: false, ...STEP_OBS });
  const g = new Gen(seed + 1000);
  let k = 0;
  for (const e of events) {
    if (e.type === 'tool_result' && !e.isError && ++k % 25 === 0) (e as ToolResultEvent).content = g.observation(g.int(20_000, 60_000));
  }
  return events;
}

function snapshotOf(events: AgentEvent[]): HostMessage {
  return { type: 'snapshot', runId: 'run-0001', status: 'running', events: compactForSnapshot(events), approvals: [] };
}

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

/** What a step says: thinking text and reasoning, the call's arguments, the observation (UTF-8 bytes). */
function contentBytes(bodies: AgentEventBody[]): number {
  let n = 0;
  for (const b of bodies) {
    if (b.type === 'assistant_message') n += Buffer.byteLength(b.text) + Buffer.byteLength(b.reasoning ?? '');
    else if (b.type === 'tool_call') n += Buffer.byteLength(b.call.arguments);
    else if (b.type === 'tool_result') n += Buffer.byteLength(b.content);
  }
  return n;
}

// ------------------------------------------------------------------------------------------------
// In the page (evaluated through CDP, so the panel's CSP does not apply to it)

const PAGE_HELPERS = `(() => {
  const app = document.getElementById('app');
  const list = () => document.querySelector('.vlist');
  const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const inView = (row) => {
    if (!row) return false;
    const a = list().getBoundingClientRect(), b = row.getBoundingClientRect();
    return b.bottom > a.top && b.top < a.bottom;
  };
  const lastRowShown = () => {
    const n = Number(app.dataset.rows || 0);
    return n > 0 && inView(list().querySelector('.row[data-row="' + (n - 1) + '"]'));
  };
  window.__bench = {
    json: '',
    stash(json) { this.json = json; },
    /** Posts the stashed snapshot; resolves once the header counters and the last row are painted. */
    async open(lastSeq) {
      const json = this.json;
      this.json = '';
      // The path of a postMessage, one part at a time: the message is parsed (VS Code's IPC carries
      // JSON), structured-cloned (what postMessage into the webview does), then handed to the panel's
      // listener synchronously, so each part can be timed.
      const t0 = performance.now();
      const parsed = JSON.parse(json);
      const t1 = performance.now();
      const data = structuredClone(parsed);
      const t2 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data }));
      const t3 = performance.now();
      for (let f = 0; f < 600; f++) {
        await painted();
        if (app.dataset.lastSeq === String(lastSeq) && lastRowShown()) {
          const total = performance.now() - t0;
          return { total, parse: t1 - t0, post: t2 - t1, handler: t3 - t2, frame: total - (t3 - t0) };
        }
      }
      return { total: NaN };
    },
    /**
     * One events message: the handler runs synchronously (dispatchEvent), then the frame that renders it.
     * work = parse + handler + that frame's animation callbacks and style/layout; wall = until painted.
     */
    async append(json, lastSeq) {
      let tA = 0, tB = 0;
      const t0 = performance.now();
      requestAnimationFrame(() => { tA = performance.now(); });
      window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) }));
      const t1 = performance.now();
      requestAnimationFrame(() => { void document.body.offsetHeight; tB = performance.now(); });
      await painted();
      const wall = performance.now() - t0;
      const l = list();
      const bottom = l.scrollTop + l.clientHeight >= l.scrollHeight - 2 && lastRowShown();
      return { work: (t1 - t0) + (tB - tA), handler: t1 - t0, frame: tB - tA, wall, ok: app.dataset.lastSeq === String(lastSeq), bottom };
    },
    /** Jumps to the top or the bottom; resolves once the first / last row is painted in view. */
    async jump(where) {
      const l = list();
      const target = where === 'top' ? 0 : Number(app.dataset.rows) - 1;
      const t0 = performance.now();
      l.scrollTop = where === 'top' ? 0 : l.scrollHeight;
      for (let f = 0; f < 60; f++) {
        await painted();
        if (inView(l.querySelector('.row[data-row="' + target + '"]'))) return performance.now() - t0;
      }
      return NaN;
    },
    dom() {
      return { elements: document.getElementsByTagName('*').length, rows: document.querySelectorAll('.vlist .row').length };
    },
  };
})()`;

interface Memory {
  heapMB: number;
  nodes: number;
  elements: number;
  rowsInDom: number;
}

async function memory(page: Page, cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const dom = (await page.evaluate('window.__bench.dom()')) as { elements: number; rows: number };
  return { heapMB: heap.usedSize / 2 ** 20, nodes: counters.nodes, elements: dom.elements, rowsInDom: dom.rows };
}

/** The page's main-thread CPU time so far in script, style and layout (needs Performance.enable with threadTicks). */
async function cpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  let s = 0;
  for (const m of metrics) if (m.name === 'ScriptDuration' || m.name === 'RecalcStyleDuration' || m.name === 'LayoutDuration') s += m.value;
  return s * 1000;
}

async function freshPanel(browser: Browser, server: PanelServer): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
  const p = await openPanel(browser, server);
  await p.page.evaluate(PAGE_HELPERS);
  const cdp = await p.page.context().newCDPSession(p.page);
  return { page: p.page, cdp, errors: p.errors };
}

async function openOnce(
  browser: Browser,
  server: PanelServer,
  json: string,
  lastSeq: number,
): Promise<{ ms: number; page: Page; cdp: CDPSession; errors: string[] }> {
  const p = await freshPanel(browser, server);
  await p.page.evaluate((j) => (globalThis as any).__bench.stash(j), json);
  const m = (await p.page.evaluate((s) => (globalThis as any).__bench.open(s), lastSeq)) as { total: number };
  if (!Number.isFinite(m.total)) throw new Error('the snapshot never rendered');
  return { ms: m.total, ...p };
}

// ------------------------------------------------------------------------------------------------

/** Where the open time goes: JSON.parse, structured clone, the panel's handler, frame + paint. */
interface OpenParts {
  parse: number;
  post: number;
  handler: number;
  frame: number;
}

interface OpenRow {
  steps: number;
  rows: number;
  snapshotMB: number;
  times: number[];
  parts: OpenParts[];
  empty: Memory;
  after: Memory;
}

interface AppendRow {
  at: number;
  /** Main-thread CPU time (script + style + layout), from CDP metrics in thread ticks: immune to waiting for a core. */
  cpu: number[];
  work: number[];
  handler: number[];
  frame: number[];
  wall: number[];
  notBottom: number;
  after: Memory;
}

interface BytesRow {
  at: number;
  streamed: boolean;
  messages: number;
  sent: number;
  content: number;
  resend: number;
}

async function benchOpen(browser: Browser, server: PanelServer, log: (s: string) => void): Promise<OpenRow[]> {
  const out: OpenRow[] = [];
  for (const steps of OPEN_SIZES) {
    const events = trajectory(steps);
    const json = JSON.stringify(snapshotOf(events));
    const lastSeq = events.at(-1)!.seq;
    const times: number[] = [];
    const parts: OpenParts[] = [];
    let empty: Memory | undefined;
    let after: Memory | undefined;
    let rows = 0;
    for (let r = 0; r < RUNS + 1; r++) {
      const p = await freshPanel(browser, server);
      if (r === RUNS) empty = await memory(p.page, p.cdp);
      await p.page.evaluate((j) => (globalThis as any).__bench.stash(j), json);
      const m = (await p.page.evaluate((s) => (globalThis as any).__bench.open(s), lastSeq)) as OpenParts & { total: number };
      if (!Number.isFinite(m.total)) throw new Error(`the ${steps}-step snapshot never rendered`);
      if (p.errors.length) throw new Error(`page errors: ${p.errors.join('; ')}`);
      if (r > 0) {
        // the first page load warms the browser's caches for the bundle
        times.push(m.total);
        parts.push(m);
      }
      if (r === RUNS) {
        after = await memory(p.page, p.cdp);
        rows = Number(await p.page.getAttribute('#app', 'data-rows'));
      }
      await p.page.close();
    }
    log(`open ${steps}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    out.push({ steps, rows, snapshotMB: Buffer.byteLength(json) / 2 ** 20, times, parts, empty: empty!, after: after! });
  }
  return out;
}

/**
 * The three lengths run side by side, PAGES_PER_LENGTH pages each, their appends interleaved (10,
 * 1,000, 3,000, 10, …), so a load spike on this shared machine hits every length alike and no length
 * depends on one renderer process. Every page appends the same steps (same generator, turn numbers
 * ≡ mod 3).
 */
async function benchAppend(
  browser: Browser,
  server: PanelServer,
  log: (s: string) => void,
): Promise<{ rows: AppendRow[]; jumps: { top: number[]; bottom: number[] } }> {
  const runs: { r: AppendRow; p: Awaited<ReturnType<typeof openOnce>>; g: Gen; seq: number; turn: number }[] = [];
  const byLength = new Map<number, AppendRow>();
  for (let copy = 0; copy < PAGES_PER_LENGTH; copy++) {
    for (const at of APPEND_AT) {
      const events = trajectory(at);
      const p = await openOnce(browser, server, JSON.stringify(snapshotOf(events)), events.at(-1)!.seq);
      await p.cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      if (!byLength.has(at))
        byLength.set(at, { at, cpu: [], work: [], handler: [], frame: [], wall: [], notBottom: 0, after: undefined as unknown as Memory });
      runs.push({ r: byLength.get(at)!, p, g: new Gen(4242), seq: events.at(-1)!.seq + 1, turn: 3 * Math.floor(at / 3) + 3 });
    }
  }
  for (let k = 0; k < APPENDS + 5; k++) {
    for (const x of runs) {
      const step = withSeq(stepBodies(x.g, x.turn++, STEP_OBS), x.seq);
      x.seq += step.length;
      const json = JSON.stringify({ type: 'events', events: step });
      const before = await cpuMs(x.p.cdp);
      const m = (await x.p.page.evaluate(([j, s]) => (globalThis as any).__bench.append(j, s), [json, x.seq - 1] as const)) as {
        work: number;
        handler: number;
        frame: number;
        wall: number;
        ok: boolean;
        bottom: boolean;
      };
      const cpu = (await cpuMs(x.p.cdp)) - before;
      if (!m.ok) throw new Error(`append ${k} at ${x.r.at} was not applied`);
      if (k < 5) continue; // warm-up: the first appends compile the append paths
      x.r.cpu.push(cpu);
      x.r.work.push(m.work);
      x.r.handler.push(m.handler);
      x.r.frame.push(m.frame);
      x.r.wall.push(m.wall);
      if (!m.bottom) x.r.notBottom++;
    }
  }
  const jumps = { top: [] as number[], bottom: [] as number[] };
  for (const { r, p } of runs) {
    if (p.errors.length) throw new Error(`page errors: ${p.errors.join('; ')}`);
    const first = !r.after;
    if (first) {
      r.after = await memory(p.page, p.cdp);
      log(
        `append at ${r.at}: CPU median ${median(r.cpu).toFixed(2)} ms; work median ${median(r.work).toFixed(2)} ms, p95 ${p95(r.work).toFixed(2)} ms; wall median ${median(r.wall).toFixed(1)} ms`,
      );
    }
    if (r.at === 3000 && first) {
      for (let k = 0; k < 10; k++) {
        jumps.top.push((await p.page.evaluate(`window.__bench.jump('top')`)) as number);
        jumps.bottom.push((await p.page.evaluate(`window.__bench.jump('bottom')`)) as number);
      }
      log(
        `jumps in 3,000 steps: top ${jumps.top.map((t) => t.toFixed(0)).join(', ')}; bottom ${jumps.bottom.map((t) => t.toFixed(0)).join(', ')}`,
      );
    }
    await p.page.close();
  }
  return { rows: [...byLength.values()], jumps };
}

/**
 * Through the real host code: a session holding `at` steps, a ResearchPanel that has sent its
 * snapshot, then steps pushed as a run pushes them, each group in its own 16 ms batch window:
 * turn_start; (streamed: the text in 20 deltas, one per window, the first with turn_start: a model
 * streaming at a steady pace;)
 * assistant_message + tool_call; after the tool ran, tool_result.
 */
async function benchBytes(log: (s: string) => void): Promise<{ rows: BytesRow[]; snapshots: { steps: number; bytes: number }[] }> {
  const rows: BytesRow[] = [];
  const snapshots: { steps: number; bytes: number }[] = [];
  for (const at of APPEND_AT) {
    const history = trajectory(at);
    const host = openHostPanel('run-0001', QUESTION, history);
    const first = host.log.messages[0];
    if (first?.type !== 'snapshot') throw new Error('the host panel did not send a snapshot on ready');
    snapshots.push({ steps: at, bytes: bytes(first) });
    let seq = history.at(-1)!.seq + 1;
    for (const streamed of [false, true]) {
      const g = new Gen(777); // the same steps at every length: only the history before them differs
      const sent: number[] = [];
      const counts: number[] = [];
      const content: number[] = [];
      const resend: number[] = [];
      for (let k = 0; k < BYTES_STEPS; k++) {
        // Turn numbers ≡ the same mod 3 at every length, so the generator draws the same steps.
        const turn = 3 * Math.floor(at / 3) + 3 + k + (streamed ? 3 * BYTES_STEPS : 0);
        const bodies = stepBodies(g, turn, { ...STEP_OBS, deltas: streamed ? 20 : 0 });
        const events = withSeq(bodies, seq);
        seq += events.length;
        await host.flushed();
        host.log.messages.length = 0;
        const push = (e: AgentEvent): void => host.session.push(e);
        const windows: AgentEvent[][] = streamed
          ? [[events[0], events[1]], ...events.slice(2, 21).map((e) => [e]), events.slice(21, 23), events.slice(23)]
          : [events.slice(0, 1), events.slice(1, 3), events.slice(3)];
        for (const w of windows) {
          for (const e of w) push(e);
          await host.flushed();
        }
        // Re-send-everything: each message posted for this step would carry the whole state instead.
        let whole = 0;
        let upTo = host.session.events.length - events.length;
        for (const m of host.log.messages) {
          if (m.type === 'events') upTo += m.events.length;
          whole += bytes(snapshotOf(host.session.events.slice(0, upTo)));
        }
        sent.push(host.log.messages.reduce((s, m) => s + bytes(m), 0));
        counts.push(host.log.messages.length);
        content.push(contentBytes(bodies));
        resend.push(whole);
      }
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      rows.push({
        at,
        streamed,
        messages: sum(counts) / counts.length,
        sent: sum(sent) / sent.length,
        content: sum(content) / content.length,
        resend: sum(resend) / resend.length,
      });
      log(
        `bytes at ${at}${streamed ? ' (streamed)' : ''}: ${(sum(sent) / sent.length).toFixed(0)} B in ${(sum(counts) / counts.length).toFixed(1)} messages for ${(sum(content) / content.length).toFixed(0)} B of content; re-send ${(sum(resend) / resend.length / 1024).toFixed(0)} KiB`,
      );
    }
    host.dispose();
  }
  return { rows, snapshots };
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const load0 = loadavg();
  const started = Date.now();
  const bytesResult = await benchBytes(log);
  const server = await startPanelServer(await buildWebview());
  const browser = await launch();
  let open: OpenRow[];
  let append: Awaited<ReturnType<typeof benchAppend>>;
  try {
    open = await benchOpen(browser, server, log);
    append = await benchAppend(browser, server, log);
  } finally {
    await browser.close();
    await server.close();
  }
  const load1 = loadavg();
  const version = browser.version();

  const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const spread = (xs: number[]): string => `${f(Math.min(...xs), 0)}–${f(Math.max(...xs), 0)}`;
  const openTable = [
    '| steps | rows | snapshot | open ms, median (min–max of ' +
      RUNS +
      ') | parse / clone / handler / frame+paint ms (medians) | JS heap after GC, empty → loaded | DOM nodes (CDP) | elements in document | rows in DOM |',
    '|---|---|---|---|---|---|---|---|---|',
    ...open.map(
      (o) =>
        `| ${o.steps.toLocaleString('en-US')} | ${o.rows.toLocaleString('en-US')} | ${f(o.snapshotMB, 2)} MiB | **${f(median(o.times), 0)}** (${spread(o.times)}) | ${(['parse', 'post', 'handler', 'frame'] as const).map((k) => f(median(o.parts.map((x) => x[k])), 0)).join(' / ')} | ${f(o.empty.heapMB)} → ${f(o.after.heapMB)} MiB | ${o.after.nodes.toLocaleString('en-US')} | ${o.after.elements.toLocaleString('en-US')} | ${o.after.rowsInDom} |`,
    ),
  ].join('\n');
  const appendTable = [
    `| at step | main-thread CPU ms, median / p95 | work ms, median / p95 | of which: handler / render frame (medians) | wall ms until painted, median / p95 | not at the bottom after | heap after GC | DOM nodes | rows in DOM |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...append.rows.map(
      (r) =>
        `| ~${r.at.toLocaleString('en-US')} | **${f(median(r.cpu), 2)}** / ${f(p95(r.cpu), 2)} | ${f(median(r.work), 2)} / ${f(p95(r.work), 2)} | ${f(median(r.handler), 2)} / ${f(median(r.frame), 2)} | ${f(median(r.wall))} / ${f(p95(r.wall))} | ${r.notBottom} of ${r.work.length} | ${f(r.after.heapMB)} MiB | ${r.after.nodes.toLocaleString('en-US')} | ${r.after.rowsInDom} |`,
    ),
  ].join('\n');
  const bytesTable = [
    '| at step | step arrives | messages per step | bytes sent per step | step content | sent / content | re-send-everything per step | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...bytesResult.rows.map(
      (b) =>
        `| ~${b.at.toLocaleString('en-US')} | ${b.streamed ? 'streamed (20 text deltas)' : 'not streamed'} | ${f(b.messages)} | ${kb(b.sent)} | ${kb(b.content)} | ${f(b.sent / b.content, 2)} | ${(b.resend / 2 ** 20).toFixed(2)} MiB | ${Math.round(b.resend / b.sent).toLocaleString('en-US')}× |`,
    ),
  ].join('\n');
  const snapLine = bytesResult.snapshots
    .map((s) => `${s.steps.toLocaleString('en-US')} steps ${(s.bytes / 2 ** 20).toFixed(2)} MiB`)
    .join(', ');
  const j = append.jumps;
  const text = `# Panel scale benchmark

The trajectory panel (webview/) in real Chromium (${version}, headless, /usr/bin/chromium via playwright-core),
the production bundle inside the real \`panelHtml()\` document (test/webview/harness.ts), 800×900 viewport.
Steps: thinking text (25–90 words, reasoning every third turn), a tool call with arguments, an observation of
0.3–6 KB (collapsed above 12 lines / 1,200 chars) and every 25th a 20–60 KB one; a retry and context trims now and then.

Machine: ${machineLine()}; load average ${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' ')} at the end (shared machine); ${((Date.now() - started) / 1000).toFixed(0)} s

Command: \`npm run bench:panel\` (\`node --import tsx tools/bench/panel-bench.ts\`)

## Open: snapshot posted → header and last row painted

Fresh page per run (plus one warm-up load). The message takes the path of a real \`postMessage\`, timed part by part:
*parse* = JSON.parse of the message text (VS Code's IPC carries JSON), *clone* = \`structuredClone\` (what
\`postMessage\` into the webview costs), *handler* = the panel's own work, dispatched synchronously: it folds every event
into rows, estimates every row's height and renders the rows in view (VirtualList.reset), *frame+paint* = until the frame
with the header and the last row is painted. Target: 1,000 steps < 500 ms.

${openTable}

## Append one step (turn_start, assistant_message, tool_call, tool_result in one message), following the bottom

${APPENDS} appends after ${5} warm-up ones on each of ${PAGES_PER_LENGTH} pages per length (${APPENDS * PAGES_PER_LENGTH} samples), the same steps at every
length; all pages open side by side and their appends interleaved (so load spikes on the shared machine hit all alike). *main-thread CPU* = the page's script + style + layout time for the append, in thread ticks (CDP
\`Performance.getMetrics\`), which does not count time spent waiting for a core on this loaded machine (it does include the
few tenths of a ms of the benchmark's own helper). *work* = wall time of parse + message handler + the animation frame that renders it
(its rAF callbacks and forced style/layout); *wall* = until that frame is painted, so it includes waiting for the
next frame (~16.7 ms at 60 Hz). Target: the same at step 1,000 as at step 10.

${appendTable}

## Bytes per step, through the real host code

\`RunSession\` + \`ResearchPanel\` (snapshot on \`ready\`, 16 ms batches) with a stand-in for the \`vscode\` API
(tools/bench/panel-host.ts); bytes = JSON as VS Code serialises \`postMessage\`. Averages over the same ${BYTES_STEPS} steps at every
length. A step's events arrive as a run emits them, each group in its own batch window: turn_start; (streamed: the text in
20 deltas, one per window, the first with turn_start;) assistant_message + tool_call; tool_result. *Step content* = thinking text + reasoning + call arguments + observation.
*Re-send-everything* prices each message the host posted for the step as the whole state at that moment
(what peers' webviews receive on every update).

${bytesTable}

Snapshot sent on open: ${snapLine}.

## Jumps in the 3,000-step list

Set \`scrollTop\` to the top / the bottom → the first / last row painted in view (includes waiting for frames):
top median ${f(median(j.top), 0)} ms (${spread(j.top)}), bottom median ${f(median(j.bottom), 0)} ms (${spread(j.bottom)}), 10 each.
`;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  process.stdout.write(text);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

/**
 * The panel page under test: a fresh panel with the benchmark's helpers in it, and what CDP reads
 * from it (heap, DOM counters, main-thread CPU time).
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { openPanel, type PanelServer } from '../../../test/webview/harness';

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

export interface Memory {
  heapMB: number;
  nodes: number;
  elements: number;
  rowsInDom: number;
}

export async function memory(page: Page, cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const dom = (await page.evaluate('window.__bench.dom()')) as { elements: number; rows: number };
  return { heapMB: heap.usedSize / 2 ** 20, nodes: counters.nodes, elements: dom.elements, rowsInDom: dom.rows };
}

/** The page's main-thread CPU time so far in script, style and layout (needs Performance.enable with threadTicks). */
export async function cpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  let s = 0;
  for (const m of metrics) if (m.name === 'ScriptDuration' || m.name === 'RecalcStyleDuration' || m.name === 'LayoutDuration') s += m.value;
  return s * 1000;
}

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  errors: string[];
}

export async function freshPanel(browser: Browser, server: PanelServer): Promise<BenchPage> {
  const p = await openPanel(browser, server);
  await p.page.evaluate(PAGE_HELPERS);
  const cdp = await p.page.context().newCDPSession(p.page);
  return { page: p.page, cdp, errors: p.errors };
}

/** Where the open time goes: JSON.parse, structured clone, the panel's handler, frame + paint. */
export interface OpenParts {
  parse: number;
  post: number;
  handler: number;
  frame: number;
}

/** Posts a snapshot (its JSON text) the way the host does; `total` is NaN when it never rendered. */
export async function postSnapshot(p: BenchPage, json: string, lastSeq: number): Promise<OpenParts & { total: number }> {
  await p.page.evaluate((j) => (globalThis as any).__bench.stash(j), json);
  return (await p.page.evaluate((s) => (globalThis as any).__bench.open(s), lastSeq)) as OpenParts & { total: number };
}

/** A fresh panel with `json` (a snapshot) posted and rendered. */
export async function openOnce(browser: Browser, server: PanelServer, json: string, lastSeq: number): Promise<BenchPage & { ms: number }> {
  const p = await freshPanel(browser, server);
  const m = await postSnapshot(p, json, lastSeq);
  if (!Number.isFinite(m.total)) throw new Error('the snapshot never rendered');
  return { ms: m.total, ...p };
}

/** One events message (its JSON text) applied and rendered; see `append` in PAGE_HELPERS. */
export interface AppendTiming {
  work: number;
  handler: number;
  frame: number;
  wall: number;
  ok: boolean;
  bottom: boolean;
}

export async function postEvents(p: BenchPage, json: string, lastSeq: number): Promise<AppendTiming> {
  return (await p.page.evaluate(([j, s]) => (globalThis as any).__bench.append(j, s), [json, lastSeq] as const)) as AppendTiming;
}

/** Scrolls to the top or the bottom; ms until the first / last row is painted in view. */
export async function jump(p: BenchPage, where: 'top' | 'bottom'): Promise<number> {
  return (await p.page.evaluate(`window.__bench.jump('${where}')`)) as number;
}

/** Open: a snapshot of N steps posted → the header and the last row painted, on a fresh page per run. */
import type { Browser } from 'playwright-core';
import type { PanelServer } from '../../../test/webview/harness';
import { OPEN_SIZES, RUNS } from './options';
import { freshPanel, memory, postSnapshot, type Memory, type OpenParts } from './page';
import { snapshotOf, trajectory } from './trajectory';

export interface OpenRow {
  steps: number;
  rows: number;
  snapshotMB: number;
  times: number[];
  parts: OpenParts[];
  empty: Memory;
  after: Memory;
}

export async function benchOpen(browser: Browser, server: PanelServer, log: (s: string) => void): Promise<OpenRow[]> {
  const out: OpenRow[] = [];
  for (const steps of OPEN_SIZES) {
    const row = await openSize(browser, server, steps);
    log(`open ${steps}: ${row.times.map((t) => t.toFixed(0)).join(', ')} ms`);
    out.push(row);
  }
  return out;
}

/** RUNS + 1 fresh pages (the first warms the browser's caches); memory is read on the last. */
async function openSize(browser: Browser, server: PanelServer, steps: number): Promise<OpenRow> {
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
    const m = await postSnapshot(p, json, lastSeq);
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
  return { steps, rows, snapshotMB: Buffer.byteLength(json) / 2 ** 20, times, parts, empty: empty!, after: after! };
}

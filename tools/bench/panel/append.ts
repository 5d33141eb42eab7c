/**
 * Append: one step (the events of one tool call and its result) applied and rendered at step ~10 /
 * ~1,000 / ~3,000, the view following the bottom; then jumps to the top / bottom of the longest list.
 */
import type { Browser } from 'playwright-core';
import { Gen, stepBodies, withSeq } from '../../../test/webview/fixtures';
import type { PanelServer } from '../../../test/webview/harness';
import { median, p95 } from '../machine';
import { APPEND_AT, APPENDS, PAGES_PER_LENGTH, STEP_OBS, WARMUP_APPENDS } from './options';
import { cpuMs, jump, memory, openOnce, postEvents, type BenchPage, type Memory } from './page';
import { snapshotOf, trajectory } from './trajectory';

export interface AppendRow {
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

export interface Jumps {
  top: number[];
  bottom: number[];
}

/** One page appending: its length's row, its own generator, the next seq and turn number. */
interface Appender {
  r: AppendRow;
  p: BenchPage;
  g: Gen;
  seq: number;
  turn: number;
}

/**
 * The three lengths run side by side, PAGES_PER_LENGTH pages each, their appends interleaved (10,
 * 1,000, 3,000, 10, …), so a load spike on this shared machine hits every length alike and no length
 * depends on one renderer process. Every page appends the same steps (same generator, turn numbers
 * ≡ mod 3).
 */
export async function benchAppend(
  browser: Browser,
  server: PanelServer,
  log: (s: string) => void,
): Promise<{ rows: AppendRow[]; jumps: Jumps }> {
  const { runs, rows } = await openAppenders(browser, server);
  for (let k = 0; k < APPENDS + WARMUP_APPENDS; k++) {
    for (const x of runs) await appendOne(x, k);
  }
  const jumps: Jumps = { top: [], bottom: [] };
  for (const { r, p } of runs) {
    if (p.errors.length) throw new Error(`page errors: ${p.errors.join('; ')}`);
    const first = !r.after;
    if (first) {
      r.after = await memory(p.page, p.cdp);
      log(
        `append at ${r.at}: CPU median ${median(r.cpu).toFixed(2)} ms; work median ${median(r.work).toFixed(2)} ms, p95 ${p95(r.work).toFixed(2)} ms; wall median ${median(r.wall).toFixed(1)} ms`,
      );
    }
    if (r.at === 3000 && first) await measureJumps(p, jumps, log);
    await p.page.close();
  }
  return { rows, jumps };
}

async function openAppenders(browser: Browser, server: PanelServer): Promise<{ runs: Appender[]; rows: AppendRow[] }> {
  const runs: Appender[] = [];
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
  return { runs, rows: [...byLength.values()] };
}

/** The k-th append on one page; recorded once past the warm-up. */
async function appendOne(x: Appender, k: number): Promise<void> {
  const step = withSeq(stepBodies(x.g, x.turn++, STEP_OBS), x.seq);
  x.seq += step.length;
  const json = JSON.stringify({ type: 'events', events: step });
  const before = await cpuMs(x.p.cdp);
  const m = await postEvents(x.p, json, x.seq - 1);
  const cpu = (await cpuMs(x.p.cdp)) - before;
  if (!m.ok) throw new Error(`append ${k} at ${x.r.at} was not applied`);
  if (k < WARMUP_APPENDS) return; // warm-up: the first appends compile the append paths
  x.r.cpu.push(cpu);
  x.r.work.push(m.work);
  x.r.handler.push(m.handler);
  x.r.frame.push(m.frame);
  x.r.wall.push(m.wall);
  if (!m.bottom) x.r.notBottom++;
}

async function measureJumps(p: BenchPage, jumps: Jumps, log: (s: string) => void): Promise<void> {
  for (let k = 0; k < 10; k++) {
    jumps.top.push(await jump(p, 'top'));
    jumps.bottom.push(await jump(p, 'bottom'));
  }
  log(
    `jumps in 3,000 steps: top ${jumps.top.map((t) => t.toFixed(0)).join(', ')}; bottom ${jumps.bottom.map((t) => t.toFixed(0)).join(', ')}`,
  );
}

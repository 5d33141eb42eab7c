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
 * The parts live in tools/bench/panel/: open.ts, append.ts, bytes.ts (1–4), page.ts (the page and CDP),
 * report.ts (the results file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { buildWebview, launch, startPanelServer } from '../../test/webview/harness';
import { benchAppend } from './panel/append';
import { benchBytes } from './panel/bytes';
import { benchOpen, type OpenRow } from './panel/open';
import { OUT } from './panel/options';
import { renderReport } from './panel/report';

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const load0 = loadavg();
  const started = Date.now();
  const bytes = await benchBytes(log);
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
  const text = renderReport({ open, append, bytes, version: browser.version(), load0, load1, started, finished: Date.now() });
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  process.stdout.write(text);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

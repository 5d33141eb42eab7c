/**
 * The extension in the real host: activation time and the extension host's memory across many long
 * runs. Packs the .vsix the one way it is packed (tools/package.ts), starts a real VS Code
 * (code-server, tools/e2e) against the scripted model (tools/fake-model) and drives it in Chromium:
 * - activation: a keybinding runs "Ask About This Codebase" as the extension's first command; the time
 *   until its input box shows, and the extension's own figure (bundle load to end of activate(), from
 *   the hidden `researchCopilot.diagnostics` command, src/host/diagnostics.ts);
 * - memory: RSS of the `--type=extensionHost` process (/proc/PID/status) and its V8 heap after a
 *   forced full GC (the diagnostics command), idle before activation, after it, and after each run of
 *   --steps tool calls (the model reads workspace files, one call per turn, then answers).
 * Writes bench-results/host.md and prints the table.
 *
 * Run: npm run bench:host [-- --runs 20 --steps 300 --keep-panels --vsix FILE]
 *   --keep-panels leaves every run's panel open (default: closed once the run ends, as a user moves on).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { turnContext } from '../../test/e2e/helpers/scriptedModel';
import { openWorkbench, type Workbench } from '../e2e/driver';
import { startVsCode, type VsCodeHost } from '../e2e/host';
import { startFakeModel, type Step } from '../fake-model/server';
import { buildAndPackage } from '../package';
import { machineLine } from './machine';
import { hostLogLines, readHead, readTail, waitFor } from './hostProbe';

const REPO = resolve(__dirname, '..', '..');
const EXTENSION_ID = 'research-copilot.research-copilot';
/** Keybindings written into the test profile, as VS Code spells them and as Playwright presses them. */
const KEYS = { ask: 'F7', diagnostics: 'F8', closeEditors: 'F9' };
const vsKey = (key: string) => `ctrl+alt+shift+${key.toLowerCase()}`;
const press = (page: Page, key: string) => page.keyboard.press(`Control+Alt+Shift+${key}`);
const FILES = 20;

interface Sample {
  label: string;
  rssMb: number;
  heapUsedMb?: number;
  externalMb?: number;
  runSeconds?: number;
}

/** The model: a thought and one read_file per turn until `steps`, then an answer. */
function script(steps: number): (req: Parameters<typeof turnContext>[0]) => Step {
  return (req) => {
    const { step } = turnContext(req);
    if (step >= steps)
      return { content: `Answer after ${steps} steps: every module exports one value (see src/mod0.ts:1).`, chunkSize: 200 };
    const file = `src/mod${step % FILES}.ts`;
    return {
      content: `Step ${step + 1}: reading ${file} to see what it exports, then the next module in turn.`,
      toolCalls: [{ id: `call_${step}`, name: 'read_file', arguments: JSON.stringify({ path: file }) }],
      chunkSize: 200,
    };
  };
}

function extensionHostPid(host: VsCodeHost): number | undefined {
  return host.alivePids().find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost');
    } catch {
      return false;
    }
  });
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

interface DiagnosticsLine {
  seq: number;
  memory: { rss: number; heapUsed: number; external: number };
  gc: boolean;
  activationMs: number;
}

/** Presses the diagnostics keybinding and reads the figures it logs. */
async function diagnostics(page: Page, host: VsCodeHost, after: number): Promise<DiagnosticsLine> {
  await press(page, KEYS.diagnostics);
  return waitFor('the diagnostics line in the extension log', 30_000, () => {
    const lines = hostLogLines(host.logsDir, /Research Copilot\.log$/, /diagnostics (\{.*\})$/);
    const last = lines.map((json) => JSON.parse(json) as DiagnosticsLine).at(-1);
    return last && last.seq > after ? last : undefined;
  });
}

/** Waits for a new trajectory whose first line holds `tag` to end with run_end; returns its size. */
async function finishedRun(runsDir: string, tag: string, timeoutMs: number): Promise<void> {
  await waitFor(`the trajectory of ${tag} to end`, timeoutMs, () => {
    const names = existsSync(runsDir) ? readdirSync(runsDir).filter((n) => n.endsWith('.jsonl')) : [];
    for (const name of names) {
      const file = join(runsDir, name);
      const head = readHead(file, 4096);
      if (head.includes(tag) && readTail(file, 8192).includes('"type":"run_end"')) return true;
    }
    return undefined;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, steps: { type: 'string' }, 'keep-panels': { type: 'boolean' }, vsix: { type: 'string' } },
  });
  const runs = Number(values.runs ?? 20);
  const steps = Number(values.steps ?? 300);
  const keepPanels = values['keep-panels'] === true;
  const work = mkdtempSync(join(tmpdir(), 'rc-host-bench-'));
  const vsix = values.vsix ? resolve(values.vsix) : await buildAndPackage({ out: join(work, 'research-copilot.vsix') });
  const workspace = join(work, 'workspace');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(join(workspace, `src/mod${i}.ts`), `export const value${i} = ${i};\n`.repeat(1 + (i % 5)));

  const model = await startFakeModel({ script: script(steps) });
  let host: VsCodeHost | undefined;
  let wb: Workbench | undefined;
  try {
    host = await startVsCode({
      vsix,
      workspace,
      env: { RESEARCH_COPILOT_API_KEY: 'sk-bench-0123456789' },
      settings: { 'researchCopilot.baseUrl': model.url, 'researchCopilot.model': 'fake-model', 'researchCopilot.maxTurns': steps + 10 },
    });
    writeFileSync(
      join(host.userDataDir, 'User', 'keybindings.json'),
      JSON.stringify([
        { key: vsKey(KEYS.ask), command: 'researchCopilot.askCodebase' },
        { key: vsKey(KEYS.diagnostics), command: 'researchCopilot.diagnostics', args: { gc: true } },
        { key: vsKey(KEYS.closeEditors), command: 'workbench.action.closeAllEditors' },
      ]),
    );
    wb = await openWorkbench(host.url, workspace);
    const result = await measure(host, wb.page, model, { runs, steps, keepPanels });
    report(result, { runs, steps, keepPanels, vsix });
  } finally {
    await wb?.close();
    await host?.stop();
    await model.close();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Activation {
  /** Key press to the command's input box. */
  uiMs: number;
  /** Key press to VS Code's "activating" line in exthost.log (NaN when not found). */
  toEventMs: number;
  /** That line to the extension's "activated" line in its own log. */
  eventToActivatedMs: number;
}

/** Log lines start with local time, "2026-12-01 14:31:18.225 [info] …". */
function logTime(dir: string, file: RegExp, pattern: string): number {
  const stamp = hostLogLines(dir, file, new RegExp(`^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+) .*${pattern}`))[0];
  return stamp ? new Date(stamp.replace(' ', 'T')).getTime() : NaN;
}

/** The extension's first command (a keybinding for "Ask About This Codebase"), from the key press to its input box. */
async function measureActivation(host: VsCodeHost, page: Page): Promise<Activation> {
  const pressedAt = Date.now();
  const t0 = performance.now();
  await press(page, KEYS.ask);
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: 'Ask About This Codebase' })
    .waitFor({ state: 'visible', timeout: 120_000 });
  const uiMs = performance.now() - t0;
  await page.keyboard.press('Escape');
  const event = logTime(host.logsDir, /exthost\.log$/, `_doActivateExtension ${EXTENSION_ID}`);
  const activated = await waitFor('the activated line', 30_000, () => {
    const t = logTime(host.logsDir, /Research Copilot\.log$/, 'Research Copilot activated');
    return Number.isNaN(t) ? undefined : t;
  });
  return { uiMs, toEventMs: event - pressedAt, eventToActivatedMs: activated - event };
}

interface Measured {
  activation: Activation;
  activationMs: number;
  samples: Sample[];
}

async function measure(
  host: VsCodeHost,
  page: Page,
  model: { requests: unknown[] },
  o: { runs: number; steps: number; keepPanels: boolean },
): Promise<Measured> {
  const pid = await waitFor('the extension host process', 60_000, () => extensionHostPid(host));
  await new Promise((r) => setTimeout(r, 5000)); // let the built-in extensions settle
  const samples: Sample[] = [{ label: 'before activation (idle host)', rssMb: rssMb(pid) }];

  const activation = await measureActivation(host, page);
  let d = await diagnostics(page, host, 0);
  samples.push({
    label: 'after activation',
    rssMb: rssMb(pid),
    heapUsedMb: d.memory.heapUsed / 2 ** 20,
    externalMb: d.memory.external / 2 ** 20,
  });

  const runsDir = join(host.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'runs');
  for (let i = 1; i <= o.runs; i++) {
    const tag = `[bench:run-${i}]`;
    const t = performance.now();
    await press(page, KEYS.ask);
    const box = page.locator('.quick-input-widget input');
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    await box.fill(`Read every module and say what each exports ${tag}`);
    await box.press('Enter');
    await finishedRun(runsDir, tag, Math.max(10 * 60_000, o.steps * 2000));
    const runSeconds = (performance.now() - t) / 1000;
    model.requests.length = 0; // the bench's own copy of every prompt; not the host's memory
    if (!o.keepPanels) await press(page, KEYS.closeEditors);
    d = await diagnostics(page, host, d.seq);
    samples.push({
      label: `after run ${i}`,
      rssMb: rssMb(pid),
      heapUsedMb: d.memory.heapUsed / 2 ** 20,
      externalMb: d.memory.external / 2 ** 20,
      runSeconds,
    });
    console.log(formatRow(samples.at(-1)!));
  }
  return { activation, activationMs: d.activationMs, samples };
}

function formatRow(s: Sample): string {
  const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));
  return `| ${s.label} | ${f(s.rssMb)} | ${f(s.heapUsedMb)} | ${f(s.externalMb)} | ${s.runSeconds === undefined ? '–' : s.runSeconds.toFixed(1)} |`;
}

function activationLine(m: Measured): string {
  const a = m.activation;
  const split =
    a.toEventMs >= 0 && a.eventToActivatedMs >= 0 && a.toEventMs + a.eventToActivatedMs <= a.uiMs
      ? `Of that, ${a.toEventMs.toFixed(0)} ms until VS Code logs that it activates the extension (exthost.log) and ${a.eventToActivatedMs.toFixed(0)} ms from there to the extension's "activated" log line.`
      : `(The log times, ${a.toEventMs.toFixed(0)} ms to VS Code's "activating" line and ${a.eventToActivatedMs.toFixed(0)} ms from there to the extension's "activated" line, do not fit inside that span: log lines are stamped when written, which lags on a loaded machine.)`;
  return (
    `Activation, the extension's first command (a key press for "Ask About This Codebase"): ${a.uiMs.toFixed(0)} ms from the key press to its input box. ${split} ` +
    `The extension's own figure, from the bundle's first line to the end of activate(), is ${m.activationMs.toFixed(0)} ms.`
  );
}

function report(m: Measured, o: { runs: number; steps: number; keepPanels: boolean; vsix: string }): void {
  const lines = [
    '# Extension host benchmark (activation, memory over many runs)',
    '',
    `Machine: ${machineLine()}. Shared with other jobs while measured (load average ${loadavg()[0].toFixed(1)} at the end), so times wander.`,
    `Host: code-server 4.100.3 (VS Code 1.100.3) on the system Node, driven by Chromium; model: tools/fake-model on 127.0.0.1.`,
    `Workload: ${o.runs} runs of ${o.steps} tool calls each (a thought and one read_file per turn, then an answer), one after another in one window; each run's panel ${o.keepPanels ? 'left open' : 'closed when the run ends'}.`,
    '',
    activationLine(m),
    '',
    "Memory of the `--type=extensionHost` process: RSS from /proc/PID/status; V8 heap used and external memory from process.memoryUsage() after a forced full GC (`researchCopilot.diagnostics` with `{ gc: true }`). The host also runs VS Code's built-in extensions.",
    '',
    '| when | host RSS (MB) | heap used after GC (MB) | external (MB) | run time (s) |',
    '|---|---|---|---|---|',
    ...m.samples.map(formatRow),
    '',
    `Run: \`npm run bench:host -- --runs ${o.runs} --steps ${o.steps}${o.keepPanels ? ' --keep-panels' : ''}\`.`,
    '',
  ];
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results', 'host.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(`bench:host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

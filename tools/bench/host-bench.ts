/**
 * The extension in the real host: start-up and the extension host's memory across many long runs.
 * Packs the .vsix the one way it is packed (tools/package.ts), starts a real VS Code (code-server,
 * tools/e2e) against the scripted model (tools/fake-model) and drives it in Chromium:
 * - start-up: the packaged main module's load in plain Node (moduleLoad.ts); VS Code's own activation
 *   figure for the extension (Developer: Show Running Extensions: code loading + activate()); the
 *   extension's own (its bundle's first line to the end of activate(), src/host/diagnostics.ts); a
 *   keybinding for "Ask About This Codebase" as the first command, to its input box; and the runtime
 *   chunk's load at the first run (the extension's log);
 * - memory: RSS of the `--type=extensionHost` process (/proc/PID/status) and its V8 heap after a
 *   forced full GC (the diagnostics command), idle before activation, after it, and after each run of
 *   --steps tool calls (the model reads workspace files, one call per turn, then answers).
 * Writes bench-results/host.md and prints the table.
 *
 * Run: npm run bench:host [-- --runs 20 --steps 300 --keep-panels --vsix FILE]
 *   --keep-panels leaves every run's panel open (default: closed once the run ends, as a user moves on).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { turnContext } from '../../test/e2e/helpers/scriptedModel';
import { openWorkbench, runCommand, type Workbench } from '../e2e/driver';
import { startVsCode, type VsCodeHost } from '../e2e/host';
import { startFakeModel, type Step } from '../fake-model/server';
import { buildAndPackage } from '../package';
import { machineLine } from './machine';
import { hostLogLines, readHead, readTail, waitFor } from './hostProbe';
import { measureModuleLoad, type ModuleLoad } from './moduleLoad';
import { spawnSync } from 'node:child_process';

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
  /** activate() alone (absent before commit 520cd33). */
  activateMs?: number;
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
    options: {
      runs: { type: 'string' },
      steps: { type: 'string' },
      'keep-panels': { type: 'boolean' },
      vsix: { type: 'string' },
      'startup-only': { type: 'boolean' },
    },
  });
  const startupOnly = values['startup-only'] === true;
  const runs = startupOnly ? 1 : Number(values.runs ?? 20);
  const steps = startupOnly ? 2 : Number(values.steps ?? 300);
  const keepPanels = values['keep-panels'] === true;
  const work = mkdtempSync(join(tmpdir(), 'rc-host-bench-'));
  const vsix = values.vsix ? resolve(values.vsix) : await buildAndPackage({ out: join(work, 'research-copilot.vsix') });
  const moduleLoad = packagedModuleLoad(vsix, join(work, 'unpacked'));
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
    report({ ...result, moduleLoad }, { runs, steps, keepPanels, vsix, startupOnly });
  } finally {
    await wb?.close();
    await host?.stop();
    await model.close();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Activation {
  /** Key press to the input box: the command's first, again once active, VS Code's own Go to Line (the floor). */
  uiMs: number;
  warmUiMs: number;
  builtinUiMs: number;
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
  const title = 'Ask About This Codebase';
  const pressedAt = Date.now();
  const uiMs = await timeToQuickInput(page, () => press(page, KEYS.ask), title, 120_000);
  await page.waitForTimeout(500); // the box closed
  const warmUiMs = await timeToQuickInput(page, () => press(page, KEYS.ask), title);
  await page.waitForTimeout(500);
  const builtinUiMs = await timeToQuickInput(page, () => page.keyboard.press('Control+G'));
  const event = logTime(host.logsDir, /exthost\.log$/, `_doActivateExtension ${EXTENSION_ID}`);
  const activated = await waitFor('the activated line', 30_000, () => {
    const t = logTime(host.logsDir, /Research Copilot\.log$/, 'Research Copilot activated');
    return Number.isNaN(t) ? undefined : t;
  });
  return { uiMs, warmUiMs, builtinUiMs, toEventMs: event - pressedAt, eventToActivatedMs: activated - event };
}

/** Key press to a visible quick input (with `title` when given), then Escape. */
async function timeToQuickInput(page: Page, pressKeys: () => Promise<void>, title?: string, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  await pressKeys();
  const box = page.locator('.quick-input-widget');
  await (title ? box.locator('.quick-input-title', { hasText: title }) : box).waitFor({ state: 'visible', timeout: timeoutMs });
  const ms = performance.now() - t0;
  await page.keyboard.press('Escape');
  return ms;
}

interface Measured {
  activation: Activation;
  activationMs: number;
  activateMs: number;
  /** VS Code's own figure (Running Extensions): code loading + activate(). */
  vscodeActivation: { ms: number; startup: boolean };
  /** The runtime chunk's load at the first run (the extension's log). */
  runtimeLoadMs: number;
  samples: Sample[];
  /** The load average when the start-up measurement began, and at the end. */
  load: [number, number];
}

/** The packaged main module (the .vsix unpacked), loaded in fresh Node processes; the load average around it. */
function packagedModuleLoad(vsix: string, dir: string): ModuleLoad & { load: [number, number]; bytes: number } {
  const unzip = spawnSync('unzip', ['-q', '-o', vsix, '-d', dir], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`unzip ${vsix}: ${unzip.stderr}`);
  const before = loadavg()[0];
  const main = join(dir, 'extension', 'dist', 'extension.js');
  const m = measureModuleLoad(main, 15);
  return { ...m, load: [before, loadavg()[0]], bytes: statSync(main).size };
}

/** "Developer: Show Running Extensions": VS Code's activation time for the extension (code loading + activate()). */
async function vscodeActivation(page: Page): Promise<{ ms: number; startup: boolean }> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  await list.waitFor({ timeout: 30_000 });
  // A row names the extension by its display name, or by its id when installed from a .vsix; the list is
  // virtual (only the rows in view exist), so it is scrolled until the row is there.
  const row = page
    .locator('.runtime-extensions-editor .monaco-list-row', { hasText: /Research Copilot|research-copilot\.research-copilot/ })
    .first();
  for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
    await list.hover();
    await page.mouse.wheel(0, 300);
    await new Promise((r) => setTimeout(r, 100));
  }
  const text = await row.locator('.activation-time').innerText({ timeout: 10_000 });
  const m = /(Startup )?Activation: (\d+)\s*ms/.exec(text);
  if (!m) throw new Error(`Running Extensions shows "${text}" for Research Copilot`);
  await press(page, KEYS.closeEditors);
  return { ms: Number(m[2]), startup: m[1] !== undefined };
}

async function measure(
  host: VsCodeHost,
  page: Page,
  model: { requests: unknown[] },
  o: { runs: number; steps: number; keepPanels: boolean },
): Promise<Measured> {
  const pid = await waitFor('the extension host process', 60_000, () => extensionHostPid(host));
  await new Promise((r) => setTimeout(r, 5000)); // let the built-in extensions settle
  const loadAtStart = loadavg()[0];
  const samples: Sample[] = [{ label: 'before activation (idle host)', rssMb: rssMb(pid) }];

  const activation = await measureActivation(host, page);
  const vscode = await vscodeActivation(page);
  let d = await diagnostics(page, host, 0);
  const loadAfterStartup = loadavg()[0];
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
  const runtimeLoadMs = Number(hostLogLines(host.logsDir, /Research Copilot\.log$/, /runtime loaded in (\d+) ms/)[0] ?? NaN);
  const load: [number, number] = [loadAtStart, loadAfterStartup];
  return {
    activation,
    activationMs: d.activationMs,
    activateMs: d.activateMs ?? NaN,
    vscodeActivation: vscode,
    runtimeLoadMs,
    samples,
    load,
  };
}

function formatRow(s: Sample): string {
  const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));
  return `| ${s.label} | ${f(s.rssMb)} | ${f(s.heapUsedMb)} | ${f(s.externalMb)} | ${s.runSeconds === undefined ? '–' : s.runSeconds.toFixed(1)} |`;
}

/**
 * Measured with this bench at commit 549c968 (one 3.4 MB main module), with `--startup-only --vsix` on
 * that commit's .vsix, on this machine on 2026-12-06 (busy: load 10–13); in brackets the figures of
 * bench-results/host.md at that commit.
 */
const BEFORE = {
  mainBytes: 3_417_053,
  moduleLoad: '610.1 ms (min 382.0; load 9.6 → 9.3)',
  vscodeActivation: '1059 ms (load 10–13)',
  ownActivation: '1424 ms (load 10–13; 3278 ms at load 17.1 in the previous host.md)',
  inputBox: '7590 ms (load 10–13; 16702 ms at load 17.1)',
};

function startupTable(m: Measured & { moduleLoad: ModuleLoad & { load: [number, number]; bytes: number } }): string[] {
  const a = m.activation;
  const ms = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(0)} ms`);
  const when =
    a.toEventMs < 0 ? 'already active at the key press (onStartupFinished)' : `activated by the key press, ${ms(a.toEventMs)} after it`;
  return [
    '| start-up | before (549c968: one main module) | now |',
    '|---|---|---|',
    `| packaged main module (dist/extension.js) | ${(BEFORE.mainBytes / 1e6).toFixed(2)} MB | ${(m.moduleLoad.bytes / 1e3).toFixed(1)} kB |`,
    `| its load: \`require\` in plain Node with a stand-in \`vscode\`, median of ${m.moduleLoad.samples.length} fresh processes | ${BEFORE.moduleLoad} | ${m.moduleLoad.medianMs.toFixed(1)} ms (min ${m.moduleLoad.minMs.toFixed(1)}; load ${m.moduleLoad.load.map((l) => l.toFixed(1)).join(' → ')}) |`,
    `| activation as VS Code counts it (Running Extensions: code loading + activate()) | ${BEFORE.vscodeActivation} | ${m.vscodeActivation.ms} ms (${m.vscodeActivation.startup ? 'at start-up' : 'on an event'}) |`,
    `| the extension's own: its bundle's first line to the end of activate() | ${BEFORE.ownActivation} | ${ms(m.activationMs)} |`,
    `| of that, activate() itself (the rest is the host's own work and waiting) | – | ${Number.isNaN(m.activateMs) ? '–' : `${m.activateMs.toFixed(1)} ms`} |`,
    `| key press → the first command's input box ("Ask About This Codebase"; ${when}) | ${BEFORE.inputBox} | ${ms(a.uiMs)} |`,
    `| the same key press again (the extension already active) | – | ${ms(a.warmUiMs)} |`,
    `| VS Code's own input box (Go to Line, Ctrl+G), measured the same way: the floor of this measurement | – | ${ms(a.builtinUiMs)} |`,
    `| the runtime chunk (runs, panels, tools), loaded at the first run | – (in the main module) | ${ms(m.runtimeLoadMs)} |`,
  ];
}

function report(
  m: Measured & { moduleLoad: ModuleLoad & { load: [number, number]; bytes: number } },
  o: { runs: number; steps: number; keepPanels: boolean; vsix: string; startupOnly: boolean },
): void {
  const startup = [
    '## Start-up',
    '',
    'The extension activates in every window (`onStartupFinished`); its main module holds only what must exist at once, and the rest loads on first use (ARCHITECTURE.md, "Start-up and what loads later").',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${o.startupOnly ? ' with `--startup-only`' : ''}; load average ${m.load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end${m.load[1] > 3 ? ': a busy machine, the times are the host waiting for a core as much as the extension' : ''}.`,
    '',
    ...startupTable(m),
    '',
  ];
  const file = join(REPO, 'bench-results', 'host.md');
  if (o.startupOnly) {
    // Only the start-up section of host.md is measured again; the memory table stays as it was.
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const at = before.indexOf('## Start-up');
    const end = before.indexOf('## Memory');
    if (at >= 0 && end > at) writeFileSync(file, before.slice(0, at) + startup.join('\n') + before.slice(end));
    return void console.log(startup.join('\n'));
  }
  const lines = [
    '# Extension host benchmark (start-up, memory over many runs)',
    '',
    `Machine: ${machineLine()}. Shared with other jobs while measured (load average ${loadavg()[0].toFixed(1)} at the end), so times wander.`,
    `Host: code-server 4.100.3 (VS Code 1.100.3) on the system Node, driven by Chromium; model: tools/fake-model on 127.0.0.1.`,
    `Workload: ${o.runs} runs of ${o.steps} tool calls each (a thought and one read_file per turn, then an answer), one after another in one window; each run's panel ${o.keepPanels ? 'left open' : 'closed when the run ends'}.`,
    '',
    ...startup,
    '## Memory',
    '',
    "Memory of the `--type=extensionHost` process: RSS from /proc/PID/status; V8 heap used and external memory from process.memoryUsage() after a forced full GC (`researchCopilot.diagnostics` with `{ gc: true }`). The host also runs VS Code's built-in extensions.",
    '',
    '| when | host RSS (MB) | heap used after GC (MB) | external (MB) | run time (s) |',
    '|---|---|---|---|---|',
    ...m.samples.map(formatRow),
    '',
    `Run: \`npm run bench:host -- --runs ${o.runs} --steps ${o.steps}${o.keepPanels ? ' --keep-panels' : ''}\` (\`--startup-only\` prints the start-up table alone).`,
    '',
  ];
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(file, lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(`bench:host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

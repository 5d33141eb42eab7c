// README's run command on a machine without desktop VS Code, as a new user meets it: `npm start` builds,
// packages and starts the real VS Code the tests use, and then stays up. The test proves what that user
// needs: still alive after a minute, the page loads in Chromium, the workbench shows with the
// extension's commands in the palette, the getting-started walkthrough opens (by itself on the first
// start, and from the palette at its first step), a run without a model says how to connect one and
// does not pretend to be still coming, a second `npm start` says where the first one is and takes
// another port, and SIGINT stops every process npm start started (checked by PID and start time).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  findFrame,
  openWorkbench,
  REPO_ROOT,
  runCommand,
  screenshot,
  typeIntoQuickInput,
  waitForNotification,
  type Workbench,
} from '../../tools/e2e/driver';
import { panelFrame, waitForStatus } from './helpers/panel';
import { envOf, processTree, procsWithEnv, stillAlive, type Proc } from './helpers/processes';
import { until } from './helpers/session';

const MINUTE = 60_000;
/** The palette is slow to list commands on a loaded machine (and right after a reload): generous, not tight. */
const PALETTE_TIMEOUT = 2 * MINUTE;
/** Every command the palette should list (Open Run is internal: hidden from the palette). */
const COMMANDS = [
  'Research This',
  'Ask About This Codebase',
  'Insert Findings',
  'Stop',
  'Show Runs',
  'Set API Key',
  'Set Search API Key',
  'Get Started',
  'Open Settings',
].map((t) => `Research Copilot: ${t}`);

interface NpmStart {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the first match of `re` in the output; rejects if npm exits first or after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: NpmStart[] = [];
const folders: string[] = [];

function npmStart(folder: string): NpmStart {
  const env: NodeJS.ProcessEnv = { ...process.env, RC_NO_DESKTOP: '1' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  // A new user's shell: no model configured.
  for (const k of Object.keys(env)) if (k.startsWith('RESEARCH_COPILOT_')) delete env[k];
  const child = spawn('npm', ['start', '--', folder], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('close', (code, signal) => res({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  const s: NpmStart = {
    child,
    output: () => out,
    exited,
    waitFor: async (re, timeoutMs) =>
      until(
        `${re} in the output of npm start`,
        () => {
          const m = re.exec(out);
          if (m) return m;
          if (done) throw new Error(`npm start exited before printing ${re}:\n${out}`);
          return undefined;
        },
        timeoutMs,
      ),
  };
  started.push(s);
  return s;
}

function workspace(): string {
  const folder = mkdtempSync(join(tmpdir(), 'rc-start-'));
  folders.push(folder);
  mkdirSync(join(folder, 'src'));
  writeFileSync(join(folder, 'README.md'), '# A project\n\nIt greets people.\n');
  writeFileSync(join(folder, 'src', 'greet.ts'), 'export const greet = (name: string) => `Hello, ${name}!`;\n');
  return folder;
}

function healthz(base: string): Promise<number> {
  return new Promise((res) => {
    const req = request(`${base}/healthz`, { timeout: 5000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(0));
    req.end();
  });
}

const alive = (pid: number) => stillAlive(processTree(pid)).some((p) => p.pid === pid);

/** Everything npm start has running now: its process tree plus anything carrying its VS Code host's marker. */
function everythingOf(npm: NpmStart, serverPid: number): { procs: Proc[]; marker: string } {
  const hostId = envOf(serverPid, 'RC_E2E_HOST_ID');
  assert.ok(hostId, 'code-server carries the harness marker');
  const marker = `RC_E2E_HOST_ID=${hostId}`;
  const byPid = new Map<number, Proc>();
  for (const p of [...processTree(npm.child.pid!), ...procsWithEnv(marker)]) byPid.set(p.pid, p);
  return { procs: [...byPid.values()], marker };
}

/** SIGINT to npm (what Ctrl+C sends it), then: npm exits 0 and nothing it started is left. */
async function stopWithSigint(npm: NpmStart, serverPid: number): Promise<number> {
  const { procs, marker } = everythingOf(npm, serverPid);
  assert.ok(procs.length >= 4, `npm, node, code-server and its children: ${procs.map((p) => `${p.pid} ${p.comm}`).join(', ')}`);
  assert.ok(
    procs.some((p) => p.pid === serverPid),
    'code-server is among them',
  );
  npm.child.kill('SIGINT');
  const exit = await Promise.race([
    npm.exited,
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error('npm start did not exit within 60 s of SIGINT')), MINUTE)),
  ]);
  assert.equal(exit.code, 0, `npm start exits 0 after SIGINT:\n${npm.output()}`);
  assert.match(npm.output(), /Stopping \(SIGINT\)/);
  // Let the kernel finish reaping; then nothing of it may be left.
  const left = await until(
    'every process npm start started to be gone',
    () => {
      const l = [...stillAlive(procs), ...procsWithEnv(marker)];
      return l.length === 0 ? [] : undefined;
    },
    15_000,
  ).catch(() => [...stillAlive(procs), ...procsWithEnv(marker)]);
  assert.deepEqual(
    left.map((p) => `${p.pid} ${p.comm}`),
    [],
    'no process left behind',
  );
  return procs.length;
}

/** The titles the palette lists for a query (waits until each of `expected` is there). */
async function paletteTitles(page: Page, query: string, expected: string[]): Promise<string[]> {
  let seen: string[] = [];
  await until(
    `the palette to list ${expected.join(', ')}`,
    async () => {
      if (!(await page.locator('.quick-input-widget .quick-input-box input').isVisible())) await page.keyboard.press('F1');
      const box = page.locator('.quick-input-widget .quick-input-box input');
      await box.fill('>');
      await box.fill(`>${query}`);
      await page.waitForTimeout(300); // the list is filtered asynchronously
      seen = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
      seen = seen.map((t) => t.trim());
      return expected.every((e) => seen.includes(e));
    },
    PALETTE_TIMEOUT,
  ).catch(() => undefined);
  await page.keyboard.press('Escape');
  return seen;
}

const walkthroughStep = (page: Page) => page.locator('.gettingStartedContainer .getting-started-step.expanded');

after(async () => {
  // A failed assertion must not leave a VS Code running: SIGINT, then SIGKILL whatever is left.
  for (const s of started) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) continue;
    const tree = processTree(s.child.pid!);
    s.child.kill('SIGINT');
    await Promise.race([s.exited, new Promise((r) => setTimeout(r, 20_000))]);
    for (const p of stillAlive(tree)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** The walkthrough opened by itself on the first start; then, from the palette, at its first step. */
async function walkthroughFromThePalette(page: Page): Promise<void> {
  // First start after install: the walkthrough opens by itself.
  const title = page.locator('.gettingStartedContainer .category-title', { hasText: /^\s*Research Copilot\s*$/ });
  await title.first().waitFor({ state: 'visible', timeout: MINUTE });
  await screenshot(page, 'start-walkthrough-on-first-start');

  // Every command of the extension is in the palette.
  const listed = await paletteTitles(page, 'Research Copilot: ', COMMANDS);
  for (const c of COMMANDS) assert.ok(listed.includes(c), `the palette lists "${c}" (it listed ${JSON.stringify(listed)})`);
  assert.ok(!listed.includes('Research Copilot: Open Run'), 'the internal Open Run command stays out of the palette');

  // From the palette, the walkthrough opens at its first step, with the buttons that connect a model.
  await runCommand(page, 'View: Close All Editors', PALETTE_TIMEOUT);
  await title.first().waitFor({ state: 'hidden', timeout: 15_000 });
  await runCommand(page, 'Research Copilot: Get Started', PALETTE_TIMEOUT);
  const step = walkthroughStep(page);
  await step.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await step.locator('.step-title').innerText(), /Connect a model/);
  const buttons = (await step.locator('.step-description-container .monaco-button').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(buttons, ['Choose Model', 'Open Settings', 'Set API Key', 'Test Connection']);
  // The step's media (media/walkthrough/connect-model.md) renders in its own webview.
  await findFrame(page, `document.body.innerText.includes('works with any OpenAI-compatible')`, "the first step's media", 30_000);
  await screenshot(page, 'start-walkthrough-first-step');

  // Its button runs the real command: the Settings editor on this extension's settings.
  await step.locator('.step-description-container .monaco-button', { hasText: 'Open Settings' }).click();
  await page.locator('.settings-editor').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.settings-editor .setting-item-contents', { hasText: 'Base Url' }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'start-walkthrough-open-settings');
}

/** Asking without a model: the panel says Failed with the error and nothing spins; the notification offers the walkthrough. */
async function askWithoutAModel(page: Page): Promise<void> {
  await runCommand(page, 'Research Copilot: Ask About This Codebase', PALETTE_TIMEOUT);
  await typeIntoQuickInput(page, 'What does this project do? [e2e:start]');
  const frame = await panelFrame(page, '[e2e:start]');
  await waitForStatus(frame, 'failed');
  assert.match(await frame.locator('.notice-text').innerText(), /No model is configured.*Research Copilot: Get Started/s);
  const empty = frame.locator('.empty');
  await until('the empty area to say the run did not start', async () => /did not start/.test(await empty.innerText()));
  assert.doesNotMatch(await empty.innerText(), /Waiting/);
  assert.equal(await frame.locator('.codicon-modifier-spin').count(), 0, 'no spinner anywhere in the panel');
  const note = await waitForNotification(page, 'No model is configured');
  assert.equal(note.severity, 'error');
  const actions = page
    .locator('.notifications-toasts .notification-list-item', { hasText: 'No model is configured' })
    .locator('.monaco-button');
  assert.deepEqual(
    (await actions.allInnerTexts()).map((t) => t.trim()),
    ['Choose Model', 'Open Settings', 'Set API Key', 'Test Connection', 'Get Started'],
  );
  await screenshot(page, 'start-no-model-failed-run');
}

/** A second npm start while one runs: it says where the first is, takes another port, and stops clean. */
async function secondStart(firstFolder: string, firstBase: string, firstPort: string): Promise<void> {
  const second = npmStart(workspace());
  const printed = await second.waitFor(/Research Copilot is running in VS Code at:\s+(http:\/\/127\.0\.0\.1:(\d+))\//, 8 * MINUTE);
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  assert.match(
    second.output(),
    new RegExp(`already running \\(npm start, pid \\d+\\) for ${escape(firstFolder)} at\\s+${escape(firstBase)}/`),
  );
  assert.notEqual(printed[2], firstPort, 'another port');
  assert.equal(await healthz(printed[1]), 200);
  const server = Number((await second.waitFor(/code-server pid (\d+)/, 5000))[1]);
  await stopWithSigint(second, server);
  assert.equal(await healthz(printed[1]), 0, 'the second URL is gone');
  assert.equal(await healthz(firstBase), 200, 'the first one still serves');
}

test(
  'npm start stays up, serves VS Code with the extension and its walkthrough, and stops everything on SIGINT',
  { timeout: 20 * MINUTE },
  async () => {
    const folder = workspace();
    const first = npmStart(folder);
    const printed = await first.waitFor(
      /Research Copilot is running in VS Code at:\s+(http:\/\/127\.0\.0\.1:(\d+))\/\?folder=(\S+)/,
      8 * MINUTE,
    );
    const upAt = Date.now();
    const [, base, port, encodedFolder] = printed;
    assert.equal(decodeURIComponent(encodedFolder), folder, 'the URL opens the folder');
    const serverPid = Number((await first.waitFor(/code-server pid (\d+)/, 5000))[1]);
    assert.equal(await healthz(base), 200);

    let wb: Workbench | undefined;
    try {
      wb = await openWorkbench(base, folder);
      const page = wb.page;
      await walkthroughFromThePalette(page);
      await askWithoutAModel(page);
      await secondStart(folder, base, port);

      // Still up a minute after it printed its URL, and still serving the workbench.
      const wait = upAt + MINUTE - Date.now();
      if (wait > 0) await page.waitForTimeout(wait); // the ≥60 s the issue asks for, not a timing assertion
      assert.equal(first.child.exitCode, null, 'npm start is still running');
      assert.ok(alive(serverPid), 'code-server is still running');
      assert.equal(await healthz(base), 200);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: MINUTE });
      await runCommand(page, 'Research Copilot: Get Started', PALETTE_TIMEOUT);
      await walkthroughStep(page).waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'start-after-a-minute');
    } finally {
      await wb?.close();
    }

    const count = await stopWithSigint(first, serverPid);
    assert.ok(count >= 4);
    assert.equal(await healthz(base), 0, 'the URL no longer answers');
  },
);

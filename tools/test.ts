/**
 * `npm test`: every check, in order, on a clean clone of a fresh Debian machine (`.ci/run` runs it):
 * Debian packages, type check, lint, one production build packed into one .vsix, unit tests, webview
 * tests, end-to-end tests (the pinned host, code-server 4.100.3, then the smoke subset on the newest).
 *
 * Three things keep it short. Both VS Code hosts install in the background (code-server from npm, the
 * newest on npm's Node 24: downloads and native builds), the pinned one first, beside every step before
 * the end-to-end tests, which wait for their host only if it is still installing; the Debian packages
 * come first and alone (apt holds dpkg's lock). The type check and lint run at once (each keeps one core
 * busy). And the .vsix is built once: every e2e file installs it (RC_E2E_VSIX) instead of building and
 * packing its own. The times of the steps are printed at the end.
 *
 * Run: npm test   (node --import tsx tools/test.ts)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RESULTS_DIR } from './e2e/driver';
import { buildAndPackage } from './package';

const REPO = resolve(__dirname, '..');
const times: { step: string; seconds: number }[] = [];

function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: REPO, env, stdio: 'inherit' });
    child.on('error', fail);
    child.on('close', (code, signal) => (code === 0 ? done() : fail(new Error(`${argv.join(' ')} failed (${code ?? signal})`))));
  });
}

async function step(name: string, body: () => Promise<unknown>): Promise<void> {
  console.log(`\n=== npm test: ${name}`);
  const t0 = performance.now();
  try {
    await body();
  } finally {
    times.push({ step: name, seconds: (performance.now() - t0) / 1000 });
  }
}

/** The newest host's smoke subset: the only e2e file that starts that host. */
const NEWEST_SMOKE = 'test/e2e/newestHost.e2e.test.ts';

/** Every other e2e file: they run on the pinned host. */
function pinnedE2eFiles(): string[] {
  return readdirSync(join(REPO, 'test/e2e'))
    .filter((f) => f.endsWith('.e2e.test.ts'))
    .map((f) => `test/e2e/${f}`)
    .filter((f) => f !== NEWEST_SMOKE)
    .sort();
}

const npmRun = (script: string) => run(['npm', 'run', '--silent', script]);

interface Install {
  child: ChildProcess;
  done: Promise<void>;
  startedAt: number;
  endedAt?: number;
}

/** One host's install (code-server from npm; no apt), in its own process group, its output in a log file. */
function installHost(newest: boolean, log: string): Install {
  const fd = openSync(log, 'w');
  const args = ['--import', 'tsx', 'tools/e2e/install.ts', '--no-apt', ...(newest ? ['--newest'] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', fd, fd], detached: true });
  const what = newest ? 'the newest host' : 'the pinned host';
  const done = new Promise<void>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      install.endedAt = performance.now();
      if (code === 0) ok();
      else fail(new Error(`installing ${what} failed (${code}); see ${log}`));
    });
  });
  done.catch(() => {}); // awaited later; a failure is reported there
  const install: Install = { child, done, startedAt: performance.now() };
  return install;
}

/** Waits for a background install, saying how long it took and how long before it was needed it ended. */
async function waitFor(install: Install): Promise<void> {
  const neededAt = performance.now();
  await install.done;
  const took = ((install.endedAt ?? performance.now()) - install.startedAt) / 1000;
  const slack = (neededAt - (install.endedAt ?? neededAt)) / 1000;
  console.log(
    `installed in ${took.toFixed(0)} s beside the steps above; ${slack > 0 ? `ready ${slack.toFixed(0)} s before it was needed` : 'waited for'}`,
  );
}

async function main(): Promise<void> {
  const t0 = performance.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const vsix = join(RESULTS_DIR, 'research-copilot.vsix');
  const installs: Install[] = [];
  const stopInstalls = () => {
    for (const i of installs) if (i.child.exitCode === null && i.child.pid) process.kill(-i.child.pid, 'SIGTERM');
  };
  process.on('exit', stopInstalls);
  try {
    await step('Debian packages (Chromium, ripgrep, build tools)', () =>
      run([process.execPath, '--import', 'tsx', 'tools/e2e/install.ts', '--apt-only']),
    );
    // The pinned host first (its e2e files come first), then the newest: one native build at a time.
    const pinned = installHost(false, join(RESULTS_DIR, 'pinned-host-install.log'));
    installs.push(pinned);
    const newestStarted = pinned.done.then(() => {
      const i = installHost(true, join(RESULTS_DIR, 'newest-host-install.log'));
      installs.push(i);
      return i;
    });
    newestStarted.catch(() => {});
    await step('type check and lint, at once', () => Promise.all([npmRun('typecheck'), npmRun('lint')]));
    await step('production build and .vsix', () => buildAndPackage({ out: vsix }));
    await step('unit tests', () => npmRun('test:unit'));
    await step('webview tests', () => npmRun('test:webview'));
    const e2e = (files: string[]) =>
      run(['node', 'tools/run-tests.mjs', ...files, '--', '--test-concurrency=1'], { ...process.env, RC_E2E_VSIX: vsix });
    await step('wait for the pinned host (code-server 4.100.3)', () => waitFor(pinned));
    await step('end-to-end tests on the pinned host (code-server 4.100.3)', () => e2e(pinnedE2eFiles()));
    await step('wait for the newest host (code-server 4.139.1)', async () => waitFor(await newestStarted));
    await step('the smoke subset on the newest host', () => e2e([NEWEST_SMOKE]));
  } finally {
    stopInstalls();
    times.push({ step: 'total', seconds: (performance.now() - t0) / 1000 });
    console.log('\nnpm test, seconds per step:');
    for (const t of times) console.log(`  ${t.seconds.toFixed(0).padStart(5)}  ${t.step}`);
  }
}

main().catch((e: unknown) => {
  console.error(`npm test: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

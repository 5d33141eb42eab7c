/**
 * `npm test`: every check, in order, on a clean clone of a fresh Debian machine (`.ci/run` runs it):
 * Debian packages, type check, lint, one production build packed into one .vsix, unit tests, webview
 * tests, end-to-end tests (the pinned host, code-server 4.100.3, then the smoke subset on the newest).
 *
 * Four things keep it short. Both VS Code hosts install in the background (code-server from npm, the
 * newest on npm's Node 24: downloads and native builds), the pinned one first, while the type check,
 * lint and build run; the Debian packages come first and alone (apt holds dpkg's lock). The unit and
 * webview tests run beside the end-to-end tests at a lower priority (nice 10), their output printed
 * whole when they end: the e2e tests spend much of their time waiting on a real VS Code. The type check
 * and lint run at once. And the .vsix is built once: every e2e file installs it (RC_E2E_VSIX). The
 * `npm start` e2e file, which builds dist/ again, runs after the unit tests (their CLI runs read dist/).
 * The times of the steps are printed at the end.
 *
 * Run: npm test   (node --import tsx tools/test.ts)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
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

/** Runs `argv` with its output to `log` (printed later, whole, so two test streams never interleave). */
function runLogged(argv: string[], log: string): Promise<void> {
  const fd = openSync(log, 'w');
  return new Promise<void>((done, fail) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: REPO, stdio: ['ignore', fd, fd] });
    child.on('error', fail);
    child.on('close', (code, signal) => (code === 0 ? done() : fail(new Error(`${argv.join(' ')} failed (${code ?? signal})`))));
  }).finally(() => closeSync(fd));
}

/**
 * The unit and webview tests, started beside the end-to-end tests at a lower priority (nice 10): the e2e
 * tests wait on a real VS Code much of the time and keep the processor first; these take what is left.
 * Their output is printed whole when they end.
 */
function besideE2e(): { done: Promise<void>; print(): void } {
  const logs: string[] = [];
  const lane = async (script: string) => {
    const log = join(RESULTS_DIR, `${script.replace(':', '-')}.log`);
    logs.push(log);
    const t0 = performance.now();
    try {
      await runLogged(['nice', '-n', '10', 'npm', 'run', '--silent', script], log);
    } finally {
      times.push({ step: `${script} (beside the e2e tests, nice 10)`, seconds: (performance.now() - t0) / 1000 });
    }
  };
  const done = lane('test:unit').then(() => lane('test:webview'));
  done.catch(() => {}); // awaited later
  return {
    done,
    print: () => {
      for (const log of logs) console.log(`\n=== npm test: ${log}\n${readFileSync(log, 'utf8')}`);
    },
  };
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

/** `npm start` builds into dist/, which the unit tests' CLI runs read: it runs once they have ended. */
const NPM_START_E2E = 'test/e2e/start.e2e.test.ts';

/** Every other e2e file: they run on the pinned host. */
function pinnedE2eFiles(): string[] {
  return readdirSync(join(REPO, 'test/e2e'))
    .filter((f) => f.endsWith('.e2e.test.ts'))
    .map((f) => `test/e2e/${f}`)
    .filter((f) => f !== NEWEST_SMOKE && f !== NPM_START_E2E)
    .sort();
}

const npmRun = (script: string) => run(['npm', 'run', '--silent', script]);

interface Install {
  child: ChildProcess;
  done: Promise<void>;
  startedAt: number;
}

/** One host's install (code-server from npm; no apt), in its own process group, its output in a log file. */
function installHost(newest: boolean, log: string): Install {
  const fd = openSync(log, 'w');
  const args = [process.execPath, '--import', 'tsx', 'tools/e2e/install.ts', '--no-apt', ...(newest ? ['--newest'] : [])];
  // The newest host is needed last: it installs at a lower priority than the tests running meanwhile.
  const argv = newest ? ['nice', '-n', '10', ...args] : args;
  const child = spawn(argv[0], argv.slice(1), { cwd: REPO, stdio: ['ignore', fd, fd], detached: true });
  const what = newest ? 'the newest host' : 'the pinned host';
  const done = new Promise<void>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`installing ${what} failed (${code}); see ${log}`))));
  });
  done.catch(() => {}); // awaited later; a failure is reported there
  return { child, done, startedAt: performance.now() };
}

/** Waits for a background install, saying how long it took beside the other steps. */
async function waitFor(install: Install): Promise<void> {
  await install.done;
  console.log(`installed in ${((performance.now() - install.startedAt) / 1000).toFixed(0)} s, beside the steps above`);
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
    const checks = besideE2e();
    const e2e = (files: string[]) =>
      run(['node', 'tools/run-tests.mjs', ...files, '--', '--test-concurrency=1'], { ...process.env, RC_E2E_VSIX: vsix });
    try {
      await step('wait for the pinned host (code-server 4.100.3)', () => waitFor(pinned));
      await step('end-to-end tests on the pinned host (code-server 4.100.3)', () => e2e(pinnedE2eFiles()));
      await step('wait for the newest host (code-server 4.139.1)', async () => waitFor(await newestStarted));
      await step('the smoke subset on the newest host', () => e2e([NEWEST_SMOKE]));
    } finally {
      await step('wait for the unit and webview tests', () => checks.done.finally(() => checks.print()));
    }
    await step('npm start on the pinned host (it builds dist/ again)', () => e2e([NPM_START_E2E]));
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

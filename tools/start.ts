/**
 * `npm start [-- FOLDER]`: builds and packages the extension, then gives you the product.
 * - With VS Code's `code` on PATH: installs the .vsix into it and opens FOLDER.
 * - Without: starts the same real VS Code the tests use (code-server) on 127.0.0.1 with the extension
 *   installed, opens FOLDER, prints its URL and runs until Ctrl+C / SIGTERM / SIGHUP, or until the
 *   process that started it (npm, the terminal) goes away; then it stops everything it started.
 * FOLDER defaults to where `npm start` was run. RESEARCH_COPILOT_BASE_URL / _MODEL become the profile's
 * settings; every RESEARCH_COPILOT_* variable (the API key too) reaches the extension's environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ownFirstSignal } from './e2e/exitHooks';
import { startVsCode, stopAllVsCodes, type VsCodeHost } from './e2e/host';
import { buildAndPackage } from './package';
import { registerStart, runningStarts } from './startRegistry';

/** Environment variables that become settings of the VS Code profile npm start creates. */
const SETTING_VARS: Record<string, string> = {
  RESEARCH_COPILOT_BASE_URL: 'researchCopilot.baseUrl',
  RESEARCH_COPILOT_MODEL: 'researchCopilot.model',
  RESEARCH_COPILOT_PROVIDER: 'researchCopilot.provider',
  RESEARCH_COPILOT_PROTOCOL: 'researchCopilot.protocol',
};

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** True while `pid` is a live process (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    try {
      process.kill(pid, 0);
      return process.platform !== 'linux';
    } catch {
      return false;
    }
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

let stopReason: string | undefined;
/** Set once code-server answers: a stop before that is "stopped while starting", not an error. */
let up = false;
/** A stop already under way (a signal while starting); waited for instead of starting another. */
let stopping: Promise<void> | undefined;
let onStop: (why: string) => void = () => undefined;

/** Resolves with why npm start should stop: a signal, code-server gone, or the parent (npm, the shell) gone. */
function untilStopped(host: VsCodeHost): Promise<string> {
  const parent = process.ppid;
  return new Promise((res) => {
    // This interval is also what keeps the process alive: code-server's child process is unref'd.
    const timer = setInterval(() => {
      if (!alive(host.pid)) finish('code-server exited');
      else if (process.ppid !== parent) finish(`the process that started npm start (${parent}) is gone`);
    }, 1000);
    const finish = (why: string): void => {
      clearInterval(timer);
      res(why);
    };
    onStop = finish;
    if (stopReason) finish(stopReason);
  });
}

function modelSettings(): { env: Record<string, string>; settings: Record<string, unknown> } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('RESEARCH_COPILOT_') && v) env[k] = v;
  // npm start's profile is for a person, not a test: let the getting-started walkthrough open once.
  const settings: Record<string, unknown> = { 'workbench.welcomePage.walkthroughs.openOnInstall': true };
  for (const [variable, key] of Object.entries(SETTING_VARS)) if (process.env[variable]) settings[key] = process.env[variable];
  return { env, settings };
}

function installIntoDesktop(code: string, vsix: string, folder: string): void {
  const install = spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('code --install-extension failed');
  spawnSync(code, [folder], { stdio: 'inherit' });
  console.log(`Installed into VS Code and opened ${folder}. Run "Research Copilot: Get Started" from the command palette.`);
}

async function main(): Promise<number> {
  const folder = resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
  if (!existsSync(folder)) throw new Error(`${folder} does not exist`);
  const code = process.env.RC_NO_DESKTOP ? undefined : which('code');
  if (!code) {
    for (const o of runningStarts()) {
      console.log(
        `Note: Research Copilot is already running (npm start, pid ${o.pid}) for ${o.folder} at\n  ${o.url}\n` +
          'This one starts its own VS Code on another port.',
      );
    }
  }
  const vsix = await buildAndPackage({ out: join(mkdtempSync(join(tmpdir(), 'rc-vsix-')), 'research-copilot.vsix') });
  console.log(`packaged ${vsix}`);
  if (code) {
    installIntoDesktop(code, vsix, folder);
    return 0;
  }

  // The first signal stops code-server gracefully (SIGTERM, then SIGKILL after 5 s); a second one kills at once.
  ownFirstSignal((sig) => {
    stopReason = sig;
    onStop(sig);
    // Still starting: stop what is there now instead of waiting for /healthz.
    if (!up) stopping = stopAllVsCodes().catch(() => undefined);
  });
  const { env, settings } = modelSettings();
  const host = await startVsCode({ vsix, workspace: folder, env, settings });
  const url = `${host.url}/?folder=${encodeURIComponent(folder)}`;
  up = true;
  const unregister = registerStart(url, folder);
  try {
    console.log(`\nResearch Copilot is running in VS Code at:\n\n  ${url}\n`);
    console.log(
      `code-server pid ${host.pid}. Open the URL in a browser (an SSH tunnel works: ssh -L ${host.port}:127.0.0.1:${host.port}).`,
    );
    if (!settings['researchCopilot.baseUrl']) {
      console.log('No model endpoint given: the walkthrough that opens shows how to connect one, or restart with');
      console.log('RESEARCH_COPILOT_BASE_URL, RESEARCH_COPILOT_MODEL and RESEARCH_COPILOT_API_KEY set (see README).');
    }
    console.log('Press Ctrl+C to stop.');
    const why = await untilStopped(host);
    console.log(`\nStopping (${why})…`);
    if (why === 'code-server exited') console.error(tail(host.serverLog));
    await stopping;
    await stopAllVsCodes();
    console.log('Stopped: code-server and every process it started are gone.');
    return why === 'code-server exited' ? 1 : 0;
  } finally {
    unregister();
  }
}

main().then(
  (status) => process.exit(status),
  async (e: unknown) => {
    if (stopReason && !up) {
      // Stopped while starting: whatever was started is stopped; the error is only the consequence.
      await stopping;
      await stopAllVsCodes().catch(() => undefined);
      console.log(`Stopped (${stopReason}) before VS Code was up.`);
      process.exit(0);
    }
    console.error(`npm start: ${(e as Error).message}`);
    process.exit(1);
  },
);

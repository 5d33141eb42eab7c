/** Child processes for the installer, each in its own process group when it may have to be stopped whole. */
import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onExitOrSignal } from '../exitHooks';

export type Log = (line: string) => void;

/** Whole milliseconds since `t0` (a performance.now() reading). */
export const msSince = (t0: number): number => Math.round(performance.now() - t0);

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log: Log;
  label: string;
  logFile?: string;
  quiet?: boolean;
  /** Records the child's process group in this lock folder. */
  lockDir?: string;
}

const activeGroups = new Set<number>();
function killActiveGroups(): void {
  for (const g of activeGroups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  activeGroups.clear();
}

/** Runs a command; resolves with its stdout; rejects with the tail of its output. */
export function run(argv: string[], o: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const verbose = process.env.RC_E2E_VERBOSE === '1';
    // Own process group, so an interrupted install can be stopped whole (npm → postinstall → nested npm
    // → node-gyp → make): on our exit/SIGINT/SIGTERM, or by the next install taking over a stale lock.
    // (Only for the npm install, never for apt-get: SIGKILLing dpkg half-way is worse than waiting.)
    const group = !!o.lockDir;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: o.cwd,
      env: o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
    });
    const pgid = group ? child.pid : undefined;
    if (pgid) {
      activeGroups.add(pgid);
      onExitOrSignal(killActiveGroups);
      if (o.lockDir) writeFileSync(join(o.lockDir, 'pgid'), String(pgid));
    }
    const file = o.logFile ? createWriteStream(o.logFile, { flags: 'a' }) : undefined;
    let stdout = '';
    let tail = '';
    const onData = (isOut: boolean) => (b: Buffer) => {
      const s = b.toString();
      if (isOut) stdout += s;
      tail = (tail + s).slice(-8000);
      file?.write(b);
      if (verbose && !o.quiet) process.stderr.write(s);
    };
    child.stdout.on('data', onData(true));
    child.stderr.on('data', onData(false));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pgid) activeGroups.delete(pgid);
      file?.end();
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${o.label} failed (${code ?? signal})${o.logFile ? `, log: ${o.logFile}` : ''}\n${tail}`));
    });
  });
}

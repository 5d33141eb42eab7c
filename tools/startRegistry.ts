/**
 * Which `npm start` instances are running on this machine, so a second one can say where the first is.
 * One small JSON file per running instance, named by its PID, in a folder under the runtime dir; an
 * entry whose process is gone (or is no longer a start script: PIDs are reused) is stale and removed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartEntry {
  pid: number;
  url: string;
  folder: string;
  startedAt: string;
}

export function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_RUNTIME_DIR || tmpdir(), 'research-copilot-start');
}

/** True when `pid` is alive and runs this project's start script. */
function isStartProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts');
  } catch {
    // No /proc (macOS): trust the PID check.
    return process.platform !== 'linux';
  }
}

function parseEntry(text: string): StartEntry | undefined {
  try {
    const e = JSON.parse(text) as Partial<StartEntry>;
    if (typeof e.pid === 'number' && typeof e.url === 'string' && typeof e.folder === 'string' && typeof e.startedAt === 'string')
      return { pid: e.pid, url: e.url, folder: e.folder, startedAt: e.startedAt };
  } catch {
    /* a half-written or foreign file: treated as stale */
  }
  return undefined;
}

/** The instances running now (other than this process); stale entries are deleted on the way. */
export function runningStarts(dir = registryDir()): StartEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const out: StartEntry[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let entry: StartEntry | undefined;
    try {
      entry = parseEntry(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (entry && entry.pid === process.pid) continue;
    if (entry && String(entry.pid) === name.replace(/\.json$/, '') && isStartProcess(entry.pid)) out.push(entry);
    else rmSync(file, { force: true });
  }
  return out;
}

/** Records this process as running at `url`; returns the function that removes the record. */
export function registerStart(url: string, folder: string, dir = registryDir()): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}.json`);
  const entry: StartEntry = { pid: process.pid, url, folder, startedAt: new Date().toISOString() };
  writeFileSync(file, JSON.stringify(entry));
  return () => rmSync(file, { force: true });
}

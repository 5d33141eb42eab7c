// A host's processes: finding every one of them (descendants, process group, the marker in their
// environment), stopping them for good, and the registry of live hosts the exit hooks clean up.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/** Marker put into the environment of every process of a host (so a setsid() child is still found). */
export const HOST_ID_VAR = 'RC_E2E_HOST_ID';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface HostState {
  pid: number;
  hostId: string;
  child: ChildProcess;
  watchdog?: ChildProcess;
  root: string;
  stopped: boolean;
}

/** The hosts this process started and has not stopped yet. */
export const live = new Set<HostState>();

interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) });
    } catch {
      /* gone */
    }
  }
  return out;
}

function hasMarker(pid: number, hostId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${HOST_ID_VAR}=${hostId}`);
  } catch {
    return false;
  }
}

/**
 * Every live (non-zombie) process of a host: the one started, its descendants, its process group, and
 * anything carrying the host's marker in its environment (which catches a child that called setsid(),
 * like the pty host's shells, even after its parent died and it was re-parented).
 */
export function hostPids(pid: number, hostId: string): number[] {
  const procs = readProcs().filter((p) => p.state !== 'Z' && p.state !== 'X' && p.pid !== process.pid);
  const found = new Set<number>();
  const children = new Map<number, number[]>();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid)!.push(p.pid);
    if (p.pid === pid || p.pgrp === pid || hasMarker(p.pid, hostId)) found.add(p.pid);
  }
  const stack = [...found];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!found.has(c)) {
        found.add(c);
        stack.push(c);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

function signalAll(pid: number, pids: number[], sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* group gone */
  }
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone */
    }
  }
}

export async function stopHost(s: HostState): Promise<void> {
  if (s.stopped) return;
  s.stopped = true;
  // Collect before signalling: once the parent dies, its children are re-parented.
  let pids = hostPids(s.pid, s.hostId);
  signalAll(s.pid, pids, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (pids = hostPids(s.pid, s.hostId)).length) await sleep(100);
  if (pids.length) {
    signalAll(s.pid, pids, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (Date.now() < hard && (pids = hostPids(s.pid, s.hostId)).length) {
      signalAll(s.pid, pids, 'SIGKILL');
      await sleep(100);
    }
  }
  if (s.child.exitCode === null && s.child.signalCode === null) {
    await Promise.race([new Promise((r) => s.child.once('exit', r)), sleep(2000)]);
  }
  if (s.watchdog?.pid) {
    try {
      process.kill(s.watchdog.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.delete(s);
  const left = hostPids(s.pid, s.hostId);
  if (process.env.RC_E2E_KEEP !== '1') rmSync(s.root, { recursive: true, force: true });
  if (left.length) throw new Error(`processes of VS Code host ${s.pid} still alive after SIGKILL: ${left.join(' ')}`);
}

export function stopAllSync(): void {
  for (const s of live) {
    if (s.stopped) continue;
    s.stopped = true;
    signalAll(s.pid, hostPids(s.pid, s.hostId), 'SIGKILL');
    if (s.watchdog?.pid) {
      try {
        process.kill(s.watchdog.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (process.env.RC_E2E_KEEP !== '1') {
      try {
        rmSync(s.root, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  }
  live.clear();
}

/** Stops every host this process started (for an `after()` hook). */
export async function stopAllVsCodes(): Promise<void> {
  await Promise.all([...live].map((s) => stopHost(s)));
}

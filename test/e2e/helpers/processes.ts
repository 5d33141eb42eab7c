/**
 * Processes as the kernel sees them (/proc), to check that something stopped everything it started:
 * identified by PID *and* start time, so a PID the kernel reused for an unrelated process never counts.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface Proc {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  start: string;
  state: string;
  comm: string;
}

export function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    return { pid, comm: stat.slice(stat.indexOf('(') + 1, close), state: rest[0], ppid: Number(rest[1]), start: rest[19] };
  } catch {
    return undefined;
  }
}

export function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => readProc(Number(n)))
    .filter((p): p is Proc => !!p);
}

/** `root` and every live descendant of it now. */
export function processTree(root: number): Proc[] {
  const procs = allProcs();
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const first = procs.find((p) => p.pid === root);
  const out: Proc[] = first ? [first] : [];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i].pid) ?? []));
  return out.filter((p) => p.state !== 'Z' && p.state !== 'X');
}

/** Live processes whose environment holds `NAME=value` exactly. */
export function procsWithEnv(entry: string): Proc[] {
  return allProcs().filter((p) => {
    if (p.state === 'Z' || p.state === 'X') return false;
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'latin1').split('\0').includes(entry);
    } catch {
      return false;
    }
  });
}

/** The value of one variable in a live process's environment. */
export function envOf(pid: number, name: string): string | undefined {
  try {
    const hit = readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .find((e) => e.startsWith(`${name}=`));
    return hit?.slice(name.length + 1);
  } catch {
    return undefined;
  }
}

/** Which of `procs` are still alive: the same PID with the same start time, not a zombie. */
export function stillAlive(procs: Proc[]): Proc[] {
  return procs.filter((p) => {
    const now = readProc(p.pid);
    return !!now && now.start === p.start && now.state !== 'Z' && now.state !== 'X';
  });
}

/**
 * A runs folder that stays bounded: the CLI's and the extension's default folders of trajectories
 * keep their newest N runs (by last write); older ones are deleted when a run starts. Never deleted:
 * the run being written, the runs the caller names (open in a panel, running, resumed), and any run
 * written in the last ACTIVE_MS (another window or process may still be writing it). Only `*.jsonl`
 * files directly in the folder are runs; nothing else in it, and nothing outside it, is touched.
 */
import { readdirSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A run written this recently may belong to another process that is still running it. */
export const ACTIVE_MS = 10 * 60_000;

export interface RunFile {
  path: string;
  /** Last write (ms since the epoch). */
  mtimeMs: number;
  /** Bytes on disk. */
  size: number;
}

export interface PruneRequest {
  /** Runs to keep, newest first, counting the run about to start (`starting`) when it is not written yet. */
  keep: number;
  /** The trajectory of the run about to start, if it goes into this folder. */
  starting?: string;
  /** Runs that must stay whatever their age. */
  protect?: Iterable<string>;
  /** Now, in ms (a test's clock). */
  now?: number;
}

export interface PrunePlan {
  remove: RunFile[];
  /** Bytes the removal frees. */
  bytes: number;
}

/** The runs of a folder, newest first; none when the folder does not exist. */
export function listRunFiles(folder: string): RunFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const runs: RunFile[] = [];
  for (const name of names) {
    if (!name.endsWith('.jsonl')) continue;
    const path = join(folder, name);
    try {
      const stats = statSync(path);
      if (stats.isFile()) runs.push({ path, mtimeMs: stats.mtimeMs, size: onDisk(stats) });
    } catch {
      // vanished since the listing
    }
  }
  return runs.sort(newestFirst);
}

/** Bytes a file takes on disk (its blocks), else its length. */
function onDisk(stats: Stats): number {
  return stats.blocks !== undefined ? stats.blocks * 512 : stats.size;
}

function newestFirst(a: RunFile, b: RunFile): number {
  return b.mtimeMs - a.mtimeMs || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0);
}

/** Which runs go: all but the newest `keep` (a slot kept for `starting`), less the protected and the active. */
export function planPrune(runs: readonly RunFile[], request: PruneRequest): PrunePlan {
  const now = request.now ?? Date.now();
  const starting = request.starting === undefined ? undefined : resolve(request.starting);
  const safe = new Set([...(request.protect ?? [])].map((p) => resolve(p)));
  if (starting) safe.add(starting);
  const startingWritten = starting !== undefined && runs.some((r) => resolve(r.path) === starting);
  const room = Math.max(0, request.keep - (starting && !startingWritten ? 1 : 0));
  const remove = [...runs]
    .sort(newestFirst)
    .slice(room)
    .filter((r) => !safe.has(resolve(r.path)) && now - r.mtimeMs >= ACTIVE_MS);
  return { remove, bytes: remove.reduce((sum, r) => sum + r.size, 0) };
}

/** Deletes the planned runs; returns the ones actually deleted (a file already gone is skipped). */
export function removeRuns(plan: PrunePlan): PrunePlan {
  const removed: RunFile[] = [];
  for (const run of plan.remove) {
    try {
      unlinkSync(run.path);
      removed.push(run);
    } catch {
      // gone already, or not ours to delete: left alone
    }
  }
  return { remove: removed, bytes: removed.reduce((sum, r) => sum + r.size, 0) };
}

/** Deletes one run's trajectory; the bytes freed, or undefined when it was not there to delete. */
export function deleteRunFile(path: string): number | undefined {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return undefined;
    unlinkSync(path);
    return onDisk(stats);
  } catch {
    return undefined;
  }
}

/** Prunes `folder` for a run about to start; what went. A `starting` run elsewhere needs no room here. */
export function pruneRuns(folder: string, request: PruneRequest): PrunePlan {
  const here = request.starting !== undefined && resolve(dirname(request.starting)) === resolve(folder);
  return removeRuns(planPrune(listRunFiles(folder), here ? request : { ...request, starting: undefined }));
}

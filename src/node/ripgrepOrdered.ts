/**
 * Runs the groups of a search plan (ripgrepPlan.ts), several `rg --sort path --json` processes at
 * once, and puts their lines one group after the other. Everything stops as soon as the groups
 * that are done, and the one after them, already hold the first `need` lines of the tree: a common
 * word is answered from the first files in path order, and the processes still reading later
 * groups are killed. Every process has exited when this returns or throws.
 */
import type { SearchMatch } from '../tools/workspace/port';
import { join } from 'node:path';
import { readJsonFiles } from './ripgrepJson';
import { runRipgrep } from './ripgrepProcess';
import { walkCutOf } from './search/fileScan';

export interface OrderedSearch {
  rgPath: string;
  root: string;
  /** Everything before `--`: output format, order, file selection and pattern. */
  flags: string[];
  groups: string[][];
  /** How many lines are wanted, in path order. */
  need: number;
  /** How many groups are searched at once. */
  concurrency: number;
  /** A second check of each file that matched (the include glob); files it refuses count for nothing. */
  keep?: (rel: string) => Promise<boolean>;
  signal?: AbortSignal;
}

export interface OrderedResult {
  /** The first `need` lines (fewer when fewer exist), in path order. */
  matches: SearchMatch[];
  /** Exit statuses of the processes that ran to their end (killed ones are left out). */
  statuses: number[];
  /** Milliseconds each group's rg ran, when every one ran to its end (none was stopped early). */
  durations?: number[];
}

interface Group {
  matches: SearchMatch[];
  done: boolean;
  stop: AbortController;
}

export async function searchInOrder(q: OrderedSearch): Promise<OrderedResult> {
  const walkCut = (rel: string): number | undefined => walkCutOf(join(q.root, rel));
  const groups: Group[] = q.groups.map(() => ({ matches: [], done: false, stop: new AbortController() }));
  const statuses: number[] = [];
  const durations: Array<number | undefined> = q.groups.map(() => undefined);
  let next = 0;
  let finished = false;

  /** Stops what can no longer change the first `need` lines. */
  const settle = (): void => {
    // A group never gives more than `need` lines, whatever the groups before it hold.
    for (const group of groups) if (group.matches.length >= q.need) group.stop.abort();
    let total = 0;
    for (const [i, group] of groups.entries()) {
      total += group.matches.length;
      if (total >= q.need) {
        finished = true;
        for (const later of groups.slice(i)) later.stop.abort();
        return;
      }
      if (!group.done) return;
    }
  };

  const runGroup = async (i: number): Promise<void> => {
    const group = groups[i] as Group;
    const signal = q.signal ? AbortSignal.any([q.signal, group.stop.signal]) : group.stop.signal;
    const args = [...q.flags, '--', ...(q.groups[i] as string[])];
    const started = performance.now();
    try {
      const exit = await runRipgrep(q.rgPath, q.root, args, signal, (stdout) =>
        readJsonFiles(
          stdout,
          relativePath,
          async (matches) => {
            const first = matches[0];
            if (!first || (q.keep && !(await q.keep(first.path)))) return;
            group.matches.push(...matches);
            settle();
          },
          walkCut,
        ),
      );
      if (exit.code !== null) statuses.push(exit.code);
      if (!group.stop.signal.aborted) durations[i] = performance.now() - started;
    } catch (error) {
      // A group stopped because enough lines were found earlier is not a failure; an abort from the caller is.
      if (!group.stop.signal.aborted || q.signal?.aborted) throw error;
    } finally {
      group.done = true;
      settle();
    }
  };

  const worker = async (): Promise<void> => {
    while (!finished && next < groups.length) await runGroup(next++);
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(q.concurrency, groups.length)) }, async () => {
      try {
        await worker();
      } catch (error) {
        // One failed process (rg missing, the caller's abort) ends the search: stop the others too.
        finished = true;
        for (const group of groups) group.stop.abort();
        throw error;
      }
    }),
  );
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
  const matches = groups.flatMap((g) => g.matches).slice(0, q.need);
  const whole = durations.every((d): d is number => d !== undefined);
  return { matches, statuses, ...(whole ? { durations } : {}) };
}

/** The workspace-relative POSIX path of a path rg printed (it prints them as handed over: "./a/b"). */
function relativePath(printed: string): string {
  const rel = printed.replace(/^\.[/\\]/, '');
  return process.platform === 'win32' ? rel.split('\\').join('/') : rel;
}

/**
 * The unit of work: one task at one tool-call cap, one sample. Cells are listed in one fixed order
 * (task, then cap, then sample), so a shard is the same slice on every machine. (results.jsonl keeps
 * its recorded field names: a line's `budget` is the cap, its `attempt` the sample.)
 */
import type { EvalTask } from './datasets';

export interface Cell {
  task: EvalTask;
  /** Position of the task in the dataset (the report's order). */
  taskIndex: number;
  /** The tool-call cap: the run's turn cap. */
  cap: number;
  /** Which sample of the task at this cap, 1-based. */
  sample: number;
}

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

export function cellKey(taskId: string, cap: number, sample: number): string {
  return `${taskId}__b${cap}__a${sample}`;
}

export function listCells(tasks: readonly EvalTask[], caps: readonly number[], samples: number): Cell[] {
  const cells: Cell[] = [];
  tasks.forEach((task, taskIndex) => {
    for (const cap of caps) for (let sample = 1; sample <= samples; sample++) cells.push({ task, taskIndex, cap, sample });
  });
  return cells;
}

/** Round-robin over the fixed order: shards get near-equal shares of every cap. */
export function shardCells(cells: readonly Cell[], shard: Shard | undefined): Cell[] {
  if (!shard || shard.count === 1) return [...cells];
  return cells.filter((_, i) => i % shard.count === shard.index);
}

export class ShardError extends Error {}

/**
 * `--shard i/n` (0-based i), else the index a scheduler gives every worker of an array job:
 * JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based) or SLURM_ARRAY_TASK_ID (offset by
 * SLURM_ARRAY_TASK_MIN, so arrays numbered 1-8 work too), with the count from `--shard-count`,
 * RESEARCH_COPILOT_EVAL_SHARDS or SLURM_ARRAY_TASK_COUNT.
 */
export function resolveShard(flag: string | undefined, countFlag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flag.trim());
    if (!m) throw new ShardError(`--shard must look like i/n (0-based, e.g. 0/4), got "${flag}"`);
    return check(Number(m[1]), Number(m[2]), '--shard');
  }
  const count = countFlag ?? env.RESEARCH_COPILOT_EVAL_SHARDS ?? env.SLURM_ARRAY_TASK_COUNT;
  let index: number | undefined;
  let source = '';
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    index = int(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
    source = 'JOB_COMPLETION_INDEX';
  } else if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    index = int(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID') - int(env.SLURM_ARRAY_TASK_MIN ?? '0', 'SLURM_ARRAY_TASK_MIN');
    source = 'SLURM_ARRAY_TASK_ID';
  }
  if (index === undefined) {
    if (countFlag !== undefined)
      throw new ShardError('--shard-count needs an index: --shard i/n, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID');
    return undefined;
  }
  if (count === undefined)
    throw new ShardError(`${source} is set but the number of shards is not: pass --shard-count N or set RESEARCH_COPILOT_EVAL_SHARDS`);
  return check(index, int(count, 'the shard count'), source);
}

function int(raw: string, what: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new ShardError(`${what} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function check(index: number, count: number, source: string): Shard {
  if (count < 1) throw new ShardError(`${source}: the number of shards must be at least 1`);
  if (index < 0 || index >= count) throw new ShardError(`${source}: shard index ${index} is not in 0..${count - 1}`);
  return { index, count };
}

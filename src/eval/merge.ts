/**
 * `eval merge DIR… --out DIR`: the shards' results.jsonl joined into one, their trajectories copied
 * beside it, and the report written from the joined lines: the same report an unsharded run gives.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { cellKey } from './cells';
import { writeReport, type Report } from './report';
import { incompatible, readMeta, readResults, ResultsError, sortResults, type EvalMeta, type ResultLine } from './results';

export interface MergeOutcome {
  meta: EvalMeta;
  results: ResultLine[];
  report: Report;
  /** Cells the shards should have run but did not finish. */
  missing: number;
}

export function mergeResults(dirs: readonly string[], out: string): MergeOutcome {
  if (dirs.length === 0) throw new ResultsError('eval merge needs at least one results folder');
  const metas = dirs.map((d) => {
    const m = readMeta(d);
    if (!m) throw new ResultsError(`${d}: no meta.json (not an evaluation results folder)`);
    return m;
  });
  const { shard: _ignored, ...base } = metas[0];
  for (const [i, m] of metas.entries()) {
    const why = incompatible({ ...m, shard: undefined }, { ...base, shard: undefined } as EvalMeta);
    if (why) throw new ResultsError(`${dirs[i]} is not part of the same evaluation as ${dirs[0]}: ${why}`);
  }
  mkdirSync(join(out, 'trajectories'), { recursive: true });
  const byKey = new Map<string, ResultLine>();
  for (const dir of dirs) {
    for (const r of readResults(dir)) {
      const key = cellKey(r.task_id, r.budget, r.attempt);
      byKey.set(key, { ...r, trajectory: copyTrajectory(dir, out, r.trajectory) });
    }
  }
  const meta: EvalMeta = base;
  const results = sortResults([...byKey.values()], meta.dataset.tasks);
  writeFileSync(join(out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(out, 'results.jsonl'), results.map((r) => JSON.stringify(r) + '\n').join(''));
  const report = writeReport(out, meta, results);
  return { meta, results, report, missing: report.summary.cells_total - results.length };
}

/** A trajectory inside a shard's folder is copied to the same relative place in the merged one. */
function copyTrajectory(dir: string, out: string, trajectory: string): string {
  if (isAbsolute(trajectory)) return trajectory;
  const from = join(dir, trajectory);
  if (existsSync(from)) {
    mkdirSync(dirname(join(out, trajectory)), { recursive: true });
    copyFileSync(from, join(out, trajectory));
  }
  return trajectory;
}

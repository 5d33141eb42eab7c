/**
 * The results folder: meta.json (what is being evaluated), results.jsonl (one line per finished
 * cell, appended with a synchronous write the moment the cell ends, so a kill loses only cells in
 * flight) and the trajectories. A rerun reads results.jsonl and skips every finished cell.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StopReason } from '../agent/events';
import type { AnswerSource } from './answer';
import { cellKey, type Shard } from './cells';
import type { Dataset, DatasetFormat } from './datasets';

/** One line of results.jsonl as recorded: `budget` is the cell's tool-call cap, `attempt` its sample. */
export interface ResultLine {
  task_id: string;
  budget: number;
  attempt: number;
  /** The extracted answer; null when the run gave none. */
  answer: string | null;
  answer_source: AnswerSource;
  expected: string;
  /** GAIA's scorer. */
  correct: boolean;
  /** The LLM judge's verdict, when one ran. */
  judge_correct?: boolean;
  judge_error?: string;
  tool_calls: number;
  turns: number;
  /** Prompt + completion tokens (server-reported where the server reports usage). */
  tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  stop_reason: StopReason | 'error';
  seconds: number;
  /** Trajectory file, relative to the results folder when inside it. */
  trajectory: string;
  run_id: string;
  error?: string;
}

/** meta.json as recorded: `budgets` are the tool-call caps, `attempts` the samples per task and cap. */
export interface EvalMeta {
  version: 1;
  dataset: { name: string; sha256: string; format: DatasetFormat; tasks: string[] };
  budgets: number[];
  attempts: number;
  model: string;
  judge_model?: string;
  shard?: Shard;
}

export class ResultsError extends Error {}

/** Stop reasons that mean "the cell did not really run": a rerun tries them again. */
const RETRY_ON_RERUN = new Set<ResultLine['stop_reason']>(['model_error', 'error']);

export function metaFor(dataset: Dataset, caps: number[], samples: number, model: string, judgeModel?: string, shard?: Shard): EvalMeta {
  return {
    version: 1,
    dataset: { name: dataset.name, sha256: dataset.sha256, format: dataset.format, tasks: dataset.tasks.map((t) => t.id) },
    budgets: [...caps],
    attempts: samples,
    model,
    ...(judgeModel ? { judge_model: judgeModel } : {}),
    ...(shard && shard.count > 1 ? { shard } : {}),
  };
}

export function readMeta(dir: string): EvalMeta | undefined {
  const path = join(dir, 'meta.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EvalMeta;
  } catch (e) {
    throw new ResultsError(`${path}: unreadable (${(e as Error).message})`);
  }
}

/** Creates the folder, or checks that what it holds belongs to the same evaluation. */
export function openResultsDir(dir: string, meta: EvalMeta): void {
  mkdirSync(dir, { recursive: true });
  const prior = readMeta(dir);
  if (prior) {
    const why = incompatible(prior, meta);
    if (why)
      throw new ResultsError(`${dir} holds another evaluation (${why}); choose a new --out folder, or delete this one to start over`);
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
}

export function incompatible(a: EvalMeta, b: EvalMeta): string | undefined {
  if (a.dataset.sha256 !== b.dataset.sha256) return `dataset ${a.dataset.name} ≠ ${b.dataset.name}, or the file changed`;
  if (a.attempts !== b.attempts) return `--attempts ${a.attempts} ≠ ${b.attempts}`;
  if (a.budgets.join(',') !== b.budgets.join(',')) return `--budgets ${a.budgets.join(',')} ≠ ${b.budgets.join(',')}`;
  if (a.model !== b.model) return `model ${a.model} ≠ ${b.model}`;
  if ((a.judge_model ?? '') !== (b.judge_model ?? '')) return `judge ${a.judge_model ?? 'none'} ≠ ${b.judge_model ?? 'none'}`;
  const sa = a.shard ? `${a.shard.index}/${a.shard.count}` : 'none';
  const sb = b.shard ? `${b.shard.index}/${b.shard.count}` : 'none';
  if (sa !== sb) return `shard ${sa} ≠ ${sb}`;
  return undefined;
}

/** Every line of results.jsonl, the last line of a cell winning; a torn last line (a kill mid-write) is skipped. */
export function readResults(dir: string): ResultLine[] {
  const path = join(dir, 'results.jsonl');
  if (!existsSync(path)) return [];
  const byKey = new Map<string, ResultLine>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as ResultLine;
      if (typeof r.task_id === 'string' && typeof r.budget === 'number' && typeof r.attempt === 'number')
        byKey.set(cellKey(r.task_id, r.budget, r.attempt), r);
    } catch {
      // a torn line
    }
  }
  return [...byKey.values()];
}

/** Keys of the cells a rerun can skip. */
export function finishedKeys(results: readonly ResultLine[]): Set<string> {
  return new Set(results.filter((r) => !RETRY_ON_RERUN.has(r.stop_reason)).map((r) => cellKey(r.task_id, r.budget, r.attempt)));
}

export class ResultsWriter {
  private readonly path: string;
  constructor(dir: string) {
    this.path = join(dir, 'results.jsonl');
    // A line torn by a kill must not glue itself to the next one.
    if (existsSync(this.path)) {
      const text = readFileSync(this.path, 'utf8');
      if (text && !text.endsWith('\n')) appendFileSync(this.path, '\n');
    }
  }
  append(line: ResultLine): void {
    appendFileSync(this.path, JSON.stringify(line) + '\n');
  }
}

/** The canonical order of a report: dataset order, then budget, then attempt. */
export function sortResults(results: readonly ResultLine[], taskOrder: readonly string[]): ResultLine[] {
  const pos = new Map(taskOrder.map((id, i) => [id, i]));
  return [...results].sort(
    (a, b) => (pos.get(a.task_id) ?? Infinity) - (pos.get(b.task_id) ?? Infinity) || a.budget - b.budget || a.attempt - b.attempt,
  );
}

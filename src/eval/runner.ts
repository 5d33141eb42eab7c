/**
 * Runs an evaluation: every task × cap × sample cell not yet in results.jsonl, C at a time, each
 * in its own workspace folder with its own trajectory, all through one shared rate limiter. A cell's
 * line is appended the moment it ends; a cancelled cell is not recorded, so the next run redoes it.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { RunFigures } from '../agent/figures';
import type { AgentEvent } from '../agent/events';
import { extractAnswer } from './answer';
import { cellKey, listCells, shardCells, type Cell, type Shard } from './cells';
import type { Dataset } from './datasets';
import type { Judge } from './judge';
import { LimitedModel, SharedLimiter } from './limiter';
import { finishedKeys, metaFor, openResultsDir, readResults, ResultsWriter, type EvalMeta, type ResultLine } from './results';
import { runEvalTask, type EvalRunRequest, type EvalRunSettings } from './runTask';
import { questionScorer } from './scorer';

export interface EvalProgress {
  done: number;
  total: number;
  /** Cells skipped because an earlier run finished them. */
  skipped: number;
  correct: number;
  tokens: number;
  elapsedMs: number;
  running: number;
  last?: ResultLine;
}

export interface EvalOptions {
  dataset: Dataset;
  out: string;
  /** Tool-call caps each task runs at. */
  caps: number[];
  /** Runs per task and cap. */
  samples: number;
  concurrency: number;
  shard?: Shard;
  run: EvalRunSettings;
  judge?: Judge;
  signal?: AbortSignal;
  onProgress?: (p: EvalProgress) => void;
  /** Where a cell's trajectory goes (default: OUT/trajectories/KEY.jsonl) and its run id. */
  trajectoryFor?: (cell: Cell, key: string) => { path: string; runId: string };
  /** Replaces runEvalTask (the seam the run factory plugs into). */
  runTask?: (settings: EvalRunSettings, req: EvalRunRequest) => Promise<RunFigures>;
  onEvent?: (cell: Cell, event: AgentEvent) => void;
}

export interface EvalOutcome {
  meta: EvalMeta;
  results: ResultLine[];
  cancelled: boolean;
  limiter: SharedLimiter['stats'];
}

export async function runEvaluation(o: EvalOptions): Promise<EvalOutcome> {
  const meta = metaFor(o.dataset, o.caps, o.samples, o.run.model.model, o.judge?.model, o.shard);
  openResultsDir(o.out, meta);
  const done = finishedKeys(readResults(o.out));
  const mine = shardCells(listCells(o.dataset.tasks, o.caps, o.samples), o.shard);
  const pending = mine.filter((c) => !done.has(cellKey(c.task.id, c.cap, c.sample)));
  const writer = new ResultsWriter(o.out);
  const limiter = new SharedLimiter();
  const settings: EvalRunSettings = { ...o.run, model: new LimitedModel(o.run.model, limiter) };
  const judge = o.judge;
  const signal = o.signal ?? new AbortController().signal;
  // Each cell in flight links one listener to the evaluation's signal (see runCell).
  setMaxListeners(o.concurrency + 10, signal);
  const started = Date.now();
  const progress: EvalProgress = {
    done: 0,
    total: pending.length,
    skipped: mine.length - pending.length,
    correct: 0,
    tokens: 0,
    elapsedMs: 0,
    running: 0,
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length && !signal.aborted) {
      const cell = pending[next++];
      progress.running++;
      const line = await runCell(o, settings, judge, cell, signal);
      progress.running--;
      if (!line) continue; // cancelled: not recorded, redone next time
      writer.append(line);
      progress.done++;
      if (line.correct) progress.correct++;
      progress.tokens += line.tokens;
      progress.elapsedMs = Date.now() - started;
      progress.last = line;
      o.onProgress?.({ ...progress });
    }
  };
  o.onProgress?.({ ...progress });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, pending.length || 1)) }, worker));
  return { meta, results: readResults(o.out), cancelled: signal.aborted, limiter: { ...limiter.stats } };
}

/** One cell under its own AbortController, linked to the evaluation's: what a run hangs on its signal goes when the cell ends. */
async function runCell(o: EvalOptions, settings: EvalRunSettings, judge: Judge | undefined, cell: Cell, parent: AbortSignal) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (parent.aborted) return undefined;
  parent.addEventListener('abort', abort, { once: true });
  try {
    return await runLinkedCell(o, settings, judge, cell, controller.signal);
  } finally {
    parent.removeEventListener('abort', abort);
  }
}

async function runLinkedCell(o: EvalOptions, settings: EvalRunSettings, judge: Judge | undefined, cell: Cell, signal: AbortSignal) {
  const key = cellKey(cell.task.id, cell.cap, cell.sample);
  const where = o.trajectoryFor?.(cell, key) ?? { path: join(o.out, 'trajectories', `${key}.jsonl`), runId: randomUUID() };
  // A trajectory left by a killed run of this cell starts over.
  rmSync(where.path, { force: true });
  const fresh = cell.task.workspace ? undefined : join(o.out, 'workspaces', key);
  const started = Date.now();
  let result: RunFigures | undefined;
  let error: string | undefined;
  try {
    const workspace = cell.task.workspace ?? prepareWorkspace(fresh!, cell.task.attachment);
    result = await (o.runTask ?? runEvalTask)(settings, {
      question: questionWithAttachment(cell.task.question, cell.task.attachment),
      workspace,
      cap: cell.cap,
      trajectoryPath: where.path,
      runId: where.runId,
      signal,
      ...(o.onEvent ? { onEvent: (e: AgentEvent) => o.onEvent!(cell, e) } : {}),
    });
  } catch (e) {
    error = (e as Error)?.message ?? String(e);
  } finally {
    if (fresh) rmSync(fresh, { recursive: true, force: true });
  }
  if (result?.stopReason === 'cancelled' || (signal.aborted && !result)) return undefined;
  return lineFor(o, cell, where, started, result, error, judge, signal);
}

async function lineFor(
  o: EvalOptions,
  cell: Cell,
  where: { path: string; runId: string },
  started: number,
  result: RunFigures | undefined,
  error: string | undefined,
  judge: Judge | undefined,
  signal: AbortSignal,
): Promise<ResultLine> {
  const extracted = extractAnswer(result?.answer);
  const correct = questionScorer(extracted.answer, cell.task.answer);
  const line: ResultLine = {
    task_id: cell.task.id,
    budget: cell.cap,
    attempt: cell.sample,
    answer: extracted.answer ?? null,
    answer_source: extracted.source,
    expected: cell.task.answer,
    correct,
    tool_calls: result?.toolCalls ?? 0,
    turns: result?.turns ?? 0,
    tokens: (result?.usage.promptTokens ?? 0) + (result?.usage.completionTokens ?? 0),
    prompt_tokens: result?.usage.promptTokens ?? 0,
    completion_tokens: result?.usage.completionTokens ?? 0,
    stop_reason: result?.stopReason ?? 'error',
    seconds: Math.round((Date.now() - started) / 100) / 10,
    trajectory: where.path.startsWith(o.out + '/') ? relative(o.out, where.path) : where.path,
    run_id: where.runId,
    ...(error || result?.error ? { error: error ?? result?.error } : {}),
  };
  if (judge && extracted.answer !== undefined) {
    try {
      line.judge_correct = await judge.judge(cell.task.question, cell.task.answer, result?.answer ?? extracted.answer, signal);
    } catch (e) {
      line.judge_error = (e as Error)?.message ?? String(e);
    }
  } else if (judge) line.judge_correct = false;
  return line;
}

function prepareWorkspace(folder: string, attachment: string | undefined): string {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  if (attachment) copyFileSync(attachment, join(folder, basename(attachment)));
  return folder;
}

/** GAIA's attachments are named in the question, as its own harness does. */
function questionWithAttachment(question: string, attachment: string | undefined): string {
  return attachment
    ? `${question}\n\nThe file attached to this task is in the workspace: ${basename(attachment)} (read it with the workspace tools).`
    : question;
}

/**
 * summary.json: per budget, accuracy as the mean over attempts of each attempt's accuracy, its
 * standard deviation over attempts (population, as numpy's std), and pass@N (a task counts when any of
 * its N attempts is right). Computed only from results.jsonl and meta.json, in one canonical order, so
 * merged shards give exactly what one unsharded run gives.
 */
import type { EvalMeta, ResultLine } from './results';
import { sortResults } from './results';

export interface BudgetSummary {
  budget: number;
  /** Tasks with at least one finished attempt at this budget. */
  tasks: number;
  cells: number;
  accuracy: number;
  std: number;
  pass_at_n: number;
  /** Accuracy of each attempt (1-based order). */
  attempt_accuracy: number[];
  /** With a judge: correct by the scorer or, failing that, by the judge (MiroThinker's order). */
  accuracy_with_judge?: number;
  judge_accuracy?: number;
  mean_tool_calls: number;
  no_answer: number;
  stop_reasons: Record<string, number>;
}

export interface Summary {
  dataset: string;
  format: string;
  model: string;
  judge_model?: string;
  attempts: number;
  n: number;
  cells_done: number;
  cells_total: number;
  budgets: BudgetSummary[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const popStd = (xs: number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

export function summarize(meta: EvalMeta, all: readonly ResultLine[]): Summary {
  const results = sortResults(all, meta.dataset.tasks);
  const budgets = meta.budgets.map((budget) =>
    summarizeBudget(
      budget,
      meta.attempts,
      results.filter((r) => r.budget === budget),
    ),
  );
  return {
    dataset: meta.dataset.name,
    format: meta.dataset.format,
    model: meta.model,
    ...(meta.judge_model ? { judge_model: meta.judge_model } : {}),
    attempts: meta.attempts,
    n: meta.attempts,
    cells_done: results.length,
    cells_total: meta.dataset.tasks.length * meta.budgets.length * meta.attempts,
    budgets,
  };
}

function summarizeBudget(budget: number, attempts: number, rows: ResultLine[]): BudgetSummary {
  const tasks = [...new Set(rows.map((r) => r.task_id))];
  const attemptAccuracy: number[] = [];
  for (let a = 1; a <= attempts; a++) {
    const of = rows.filter((r) => r.attempt === a);
    if (of.length) attemptAccuracy.push(of.filter((r) => r.correct).length / of.length);
  }
  const passed = new Set(rows.filter((r) => r.correct).map((r) => r.task_id)).size;
  const judged = rows.filter((r) => r.judge_correct !== undefined);
  const stopReasons: Record<string, number> = {};
  for (const r of rows) stopReasons[r.stop_reason] = (stopReasons[r.stop_reason] ?? 0) + 1;
  return {
    budget,
    tasks: tasks.length,
    cells: rows.length,
    accuracy: round(mean(attemptAccuracy)),
    std: round(popStd(attemptAccuracy)),
    pass_at_n: round(tasks.length ? passed / tasks.length : 0),
    attempt_accuracy: attemptAccuracy.map(round),
    ...(judged.length
      ? {
          judge_accuracy: round(judged.filter((r) => r.judge_correct).length / judged.length),
          accuracy_with_judge: round(rows.filter((r) => r.correct || r.judge_correct === true).length / rows.length),
        }
      : {}),
    mean_tool_calls: round(mean(rows.map((r) => r.tool_calls))),
    no_answer: rows.filter((r) => r.answer === null).length,
    stop_reasons: Object.fromEntries(Object.entries(stopReasons).sort(([a], [b]) => a.localeCompare(b))),
  };
}

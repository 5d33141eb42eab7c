/**
 * `research-copilot eval [options] DATASET` and `research-copilot eval merge DIR… --out DIR`: their flag
 * tables. eval takes the ask command's model and tool flags as rows of its own table (the same rows, so
 * the two commands can never disagree about them) less those that do not apply, plus its own.
 */
import { DEFAULTS } from '../agent/defaults';
import { ASK_FLAGS, askArgs, type AskArgs } from './args';
import { flag, httpUrl, parseLine, read, UsageError, type CommandSpec, type ReadContext } from './flags';

/** eval's own flags (the ask flags it takes fill an AskArgs). */
export interface EvalOwn {
  out: string;
  /** Tool-call caps each task runs at (--budgets). */
  caps: number[];
  /** Runs per task and budget (samples: mean, std and pass@N). */
  samples: number;
  concurrency: number;
  shard?: string;
  shardCount?: string;
  judgeModel?: string;
  judgeBaseUrl?: string;
}

export interface EvalArgs extends EvalOwn {
  command: 'eval';
  dataset: string;
  /** The model and tool options, as `ask` reads them. */
  ask: AskArgs;
}

export interface EvalMergeArgs {
  command: 'eval-merge';
  dirs: string[];
  out: string;
}

type EvalLine = EvalOwn & AskArgs;
const f = flag<EvalLine>();

const EVAL_OWN_FLAGS = [
  f({ name: '--out', kind: 'value', value: 'DIR', help: 'results folder', default: './eval-results', key: 'out', read: read.text }),
  f({
    name: '--budgets',
    kind: 'value',
    value: 'LIST',
    help: 'tool-call caps, comma-separated',
    default: DEFAULTS.eval.caps.join(','),
    key: 'caps',
    read: capsOf,
  }),
  f({
    name: '--attempts',
    kind: 'value',
    value: 'N',
    help: 'runs per task and budget: mean, std and pass@N',
    default: DEFAULTS.eval.samples,
    key: 'samples',
    read: positiveInts,
  }),
  f({
    name: '--concurrency',
    kind: 'value',
    value: 'C',
    help: 'runs at once, sharing one rate limiter',
    default: DEFAULTS.eval.concurrency,
    key: 'concurrency',
    read: positiveInts,
  }),
  f({
    name: '--shard',
    kind: 'value',
    value: 'i/n',
    help: 'run the i-th (0-based) of n slices; also from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID with --shard-count N (or RESEARCH_COPILOT_EVAL_SHARDS); results go to OUT/shard-i-of-n',
    key: 'shard',
    read: read.text,
  }),
  f({
    name: '--shard-count',
    kind: 'value',
    value: 'N',
    help: 'the number of slices when the index comes from the environment',
    key: 'shardCount',
    read: read.text,
  }),
  f({
    name: '--judge-model',
    kind: 'value',
    value: 'NAME',
    help: 'also ask an LLM judge whether each answer is equivalent to the truth',
    key: 'judgeModel',
    read: read.text,
  }),
  f({
    name: '--judge-base-url',
    kind: 'value',
    value: 'URL',
    help: "the judge's endpoint",
    default: '--base-url',
    key: 'judgeBaseUrl',
    read: (given, c) => (given.length ? httpUrl(c.flag, given.at(-1)!) : undefined),
  }),
];

/** Ask flags eval does not take, and why. */
const NOT_FOR_EVAL = [
  '--trajectory',
  '--resume',
  '--continue',
  '--record-budget',
  '--allow-writes',
  '--json',
  '--workspace',
  '--max-turns',
  '--no-instructions',
];
const OWN = new Set(EVAL_OWN_FLAGS.map((x) => x.name as string));

export const EVAL: CommandSpec<EvalLine> = {
  name: 'eval',
  synopsis: '[options] DATASET',
  about: [
    'Runs the agent on every task of DATASET (JSONL: GAIA metadata.jsonl, BrowseComp-style {problem, answer},',
    "or {id, question, answer, workspace?}) at each tool-call budget, scores the answers with GAIA's scorer",
    'and writes results.jsonl, summary.json, report.md and report.html to --out. Rerunning with the same',
    '--out skips finished runs. "eval merge" joins the folders of sharded runs into one report.',
  ].join('\n'),
  optionsHeading: 'Options (plus the model and tool options of "ask", below them):',
  flags: [...EVAL_OWN_FLAGS, ...ASK_FLAGS.filter((x) => !NOT_FOR_EVAL.includes(x.name) && !OWN.has(x.name))],
  refused: {
    names: NOT_FOR_EVAL,
    reason:
      "the caps set the turn cap; each run has its own trajectory (no sessions); writes are always denied; a task's folder has no project instructions",
  },
};

const m = flag<EvalMergeArgs>();
export const EVAL_MERGE: CommandSpec<EvalMergeArgs> = {
  name: 'eval merge',
  synopsis: 'DIR... --out DIR',
  about: 'Joins the results folders of sharded evaluation runs into one report.',
  flags: [m({ name: '--out', kind: 'value', value: 'DIR', help: 'the joined results folder', key: 'out', read: read.text })],
};

/** The command line after `eval`: a run, or `merge …`. */
export function parseEvalArgs(rest: readonly string[], env: NodeJS.ProcessEnv, cwd: string): EvalArgs | EvalMergeArgs {
  return rest[0] === 'merge' ? parseEvalMergeArgs(rest.slice(1), env, cwd) : parseEvalRunArgs(rest, env, cwd);
}

export function parseEvalRunArgs(rest: readonly string[], env: NodeJS.ProcessEnv, cwd: string): EvalArgs {
  const { fields, positional } = parseLine(EVAL, rest, env, cwd);
  if (positional.length !== 1)
    throw new UsageError(`eval takes one DATASET file, got ${positional.length}: Usage: research-copilot eval ${EVAL.synopsis}`);
  const caps = fields.caps ?? [...DEFAULTS.eval.caps];
  return {
    command: 'eval',
    dataset: positional[0],
    out: fields.out ?? 'eval-results',
    caps: [...caps].sort((a, b) => a - b),
    samples: fields.samples ?? DEFAULTS.eval.samples,
    concurrency: fields.concurrency ?? DEFAULTS.eval.concurrency,
    ...(fields.shard !== undefined ? { shard: fields.shard } : {}),
    ...(fields.shardCount !== undefined ? { shardCount: fields.shardCount } : {}),
    ...(fields.judgeModel !== undefined ? { judgeModel: fields.judgeModel } : {}),
    ...(fields.judgeBaseUrl ? { judgeBaseUrl: fields.judgeBaseUrl } : {}),
    ask: askArgs(fields, 'eval', cwd),
  };
}

export function parseEvalMergeArgs(rest: readonly string[], env: NodeJS.ProcessEnv, cwd: string): EvalMergeArgs {
  const { fields, positional } = parseLine(EVAL_MERGE, rest, env, cwd);
  if (!fields.out) throw new UsageError('eval merge needs --out DIR');
  if (positional.length === 0) throw new UsageError('eval merge needs the results folders to join: eval merge DIR... --out DIR');
  return { command: 'eval-merge', dirs: positional, out: fields.out };
}

function positiveInts(given: readonly string[], c: ReadContext): number | undefined {
  const raw = given.at(-1);
  return raw === undefined ? undefined : positiveInt(raw, c.flag);
}

function capsOf(given: readonly string[], c: ReadContext): number[] | undefined {
  const raw = given.at(-1);
  if (raw === undefined) return undefined;
  const budgets = raw.split(',').map((b) => positiveInt(b.trim(), c.flag));
  if (new Set(budgets).size !== budgets.length) throw new UsageError('--budgets lists a budget twice');
  return budgets;
}

function positiveInt(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${flag} takes whole numbers of at least 1, got "${raw}"`);
  return Number(raw);
}

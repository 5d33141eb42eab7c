/**
 * `research-copilot eval [options] DATASET` and `research-copilot eval merge DIR… --out DIR`.
 * The model and tool options are the ask command's own, parsed and checked by parseArgs, so the two
 * commands can never disagree about them; only the evaluation's flags are parsed here.
 */
import { FLAGS, parseArgs, UsageError, type AskArgs } from './args';
import { EVAL_USAGE } from './evalUsage';
import { DEFAULTS } from '../agent/defaults';

export interface EvalArgs {
  command: 'eval';
  dataset: string;
  out: string;
  budgets: number[];
  attempts: number;
  concurrency: number;
  shard?: string;
  shardCount?: string;
  judgeModel?: string;
  judgeBaseUrl?: string;
  /** The model and tool options, as `ask` reads them. */
  ask: AskArgs;
}

export interface EvalMergeArgs {
  command: 'eval-merge';
  dirs: string[];
  out: string;
}

const EVAL_VALUES = new Set([
  '--out',
  '--budgets',
  '--attempts',
  '--concurrency',
  '--shard',
  '--shard-count',
  '--judge-model',
  '--judge-base-url',
]);
const NOT_FOR_EVAL = new Set(['--trajectory', '--resume', '--allow-writes', '--json', '--workspace', '--max-turns']);

export function parseEvalArgs(rest: readonly string[], env: NodeJS.ProcessEnv, cwd: string): EvalArgs | EvalMergeArgs {
  if (rest[0] === 'merge') return parseMerge(rest.slice(1));
  const own = new Map<string, string>();
  const passOn: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (NOT_FOR_EVAL.has(name))
      throw new UsageError(
        `${name} does not apply to eval (budgets set the turn cap; each run has its own trajectory; writes are always denied)`,
      );
    if (EVAL_VALUES.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      own.set(name, value);
    } else if (arg.startsWith('-')) {
      passOn.push(arg);
      // The ask flag table says which flags take a value (switches such as --allow-egress do not swallow the
      // DATASET after them); parseArgs reports unknown flags.
      if (eq < 0 && FLAGS[name] !== 'switch' && i + 1 < rest.length) passOn.push(rest[++i]);
    } else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(`eval takes one DATASET file, got ${positional.length}: ${EVAL_USAGE.split('\n')[0]}`);
  const ask = parseArgs(['ask', ...passOn, '--', 'eval'], env, cwd);
  if (ask.command !== 'ask') throw new UsageError(EVAL_USAGE);
  const budgets = (own.get('--budgets') ?? DEFAULTS.eval.budgets.join(',')).split(',').map((b) => positiveInt(b.trim(), '--budgets'));
  if (new Set(budgets).size !== budgets.length) throw new UsageError('--budgets lists a budget twice');
  const judgeBaseUrl = own.get('--judge-base-url');
  if (judgeBaseUrl !== undefined && !/^https?:\/\/\S+$/i.test(judgeBaseUrl))
    throw new UsageError('--judge-base-url must be an http(s) URL');
  return {
    command: 'eval',
    dataset: positional[0],
    out: own.get('--out') ?? 'eval-results',
    budgets: [...budgets].sort((a, b) => a - b),
    attempts: positiveInt(own.get('--attempts') ?? String(DEFAULTS.eval.attempts), '--attempts'),
    concurrency: positiveInt(own.get('--concurrency') ?? String(DEFAULTS.eval.concurrency), '--concurrency'),
    ...(own.has('--shard') ? { shard: own.get('--shard') } : {}),
    ...(own.has('--shard-count') ? { shardCount: own.get('--shard-count') } : {}),
    ...(own.has('--judge-model') ? { judgeModel: own.get('--judge-model') } : {}),
    ...(judgeBaseUrl ? { judgeBaseUrl } : {}),
    ask,
  };
}

function parseMerge(rest: readonly string[]): EvalMergeArgs {
  const dirs: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--out') out = rest[++i];
    else if (rest[i].startsWith('--out=')) out = rest[i].slice(6);
    else if (rest[i].startsWith('-')) throw new UsageError(`unknown option ${rest[i]} for eval merge`);
    else dirs.push(rest[i]);
  }
  if (!out) throw new UsageError('eval merge needs --out DIR');
  if (dirs.length === 0) throw new UsageError('eval merge needs the results folders to join: eval merge DIR... --out DIR');
  return { command: 'eval-merge', dirs, out };
}

function positiveInt(raw: string, flag: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${flag} takes whole numbers of at least 1, got "${raw}"`);
  return Number(raw);
}

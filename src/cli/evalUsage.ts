import { DEFAULTS } from '../agent/defaults';

/** The eval command's help text (its own file: args.ts and evalArgs.ts both show it). */
export const EVAL_USAGE = `Usage: research-copilot eval [options] DATASET
       research-copilot eval merge DIR... --out DIR

Runs the agent on every task of DATASET (JSONL: GAIA metadata.jsonl, BrowseComp-style {problem, answer},
or {id, question, answer, workspace?}) at each tool-call budget, scores the answers with GAIA's scorer
and writes results.jsonl, summary.json, report.md and report.html to --out. Rerunning with the same
--out skips finished runs. "eval merge" joins the folders of sharded runs into one report.

Options (plus the model and tool options of "ask": --base-url, --model, --protocol, --keep-tool-results,
--max-tool-result-chars, --context-window, --max-attempts, --search-*, --mcp-config, --js-engine, ...):
  --out DIR                results folder (default: ./eval-results)
  --budgets LIST           tool-call caps, comma-separated (default ${DEFAULTS.eval.budgets.join(',')})
  --attempts N             runs per task and budget: mean, std and pass@N (default ${DEFAULTS.eval.attempts})
  --concurrency C          runs at once, sharing one rate limiter (default ${DEFAULTS.eval.concurrency})
  --shard i/n              run the i-th (0-based) of n slices; also from JOB_COMPLETION_INDEX or
                           SLURM_ARRAY_TASK_ID with --shard-count N (or RESEARCH_COPILOT_EVAL_SHARDS);
                           results go to OUT/shard-i-of-n
  --shard-count N          the number of slices when the index comes from the environment
  --judge-model NAME       also ask an LLM judge whether each answer is equivalent to the truth
  --judge-base-url URL     the judge's endpoint (default: --base-url)`;

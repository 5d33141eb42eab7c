/** `research-copilot eval` and `eval merge`: the evaluation runner on the command line. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OpenAIModel } from '../node/model/openaiModel';
import { defaultProtocolFor } from '../agent/model/protocols';
import { resolveShard, ShardError, type Shard } from '../eval/cells';
import { DatasetError, loadDataset, type Dataset } from '../eval/datasets';
import { createJudge } from '../eval/judge';
import { mergeResults } from '../eval/merge';
import { progressPrinter } from '../eval/progressBar';
import { writeReport } from '../eval/report';
import { ResultsError } from '../eval/results';
import { runEvaluation } from '../eval/runner';
import type { EvalRunSettings } from '../eval/runTask';
import type { Summary } from '../eval/summary';
import type { EvalArgs, EvalMergeArgs } from './evalArgs';

const EXIT = { ok: 0, usage: 2, cancelled: 130 } as const;

export async function evalCommand(args: EvalArgs, env: NodeJS.ProcessEnv): Promise<number> {
  let dataset: Dataset;
  let shard: Shard | undefined;
  try {
    dataset = loadDataset(args.dataset);
    shard = resolveShard(args.shard, args.shardCount, env);
  } catch (e) {
    if (e instanceof DatasetError || e instanceof ShardError) return fail(EXIT.usage, e.message);
    throw e;
  }
  const a = args.ask;
  if (a.mcpConfig && !existsSync(a.mcpConfig)) return fail(EXIT.usage, `--mcp-config ${a.mcpConfig}: no such file`);
  const out = resolve(shard ? join(args.out, `shard-${shard.index}-of-${shard.count}`) : args.out);
  const apiKey = env.RESEARCH_COPILOT_API_KEY ?? env.OPENAI_API_KEY ?? '';
  const settings: EvalRunSettings = {
    model: new OpenAIModel({ baseUrl: a.baseUrl, apiKey, model: a.model }),
    protocol: a.protocol ?? defaultProtocolFor(a.model),
    ...(a.keepToolResults !== undefined ? { keepToolResults: a.keepToolResults } : {}),
    ...(a.maxToolResultChars !== undefined ? { maxToolResultChars: a.maxToolResultChars } : {}),
    ...(a.contextWindow !== undefined ? { contextWindow: a.contextWindow } : {}),
    ...(a.maxTries !== undefined ? { maxTries: a.maxTries } : {}),
    tools: {
      sandbox: {
        ...(a.jsEngine ? { jsEngine: a.jsEngine } : {}),
        ...(a.codeTimeoutMs ? { timeoutMs: a.codeTimeoutMs } : {}),
        ...(a.codeMemoryMb ? { memoryMb: a.codeMemoryMb } : {}),
      },
      search: { ...(a.searchProvider ? { provider: a.searchProvider } : {}), ...(a.searchUrl ? { url: a.searchUrl } : {}), env },
      allowPrivateNetwork: a.allowPrivateNetwork,
      ...(a.mcpConfig ? { mcpConfigFile: resolve(a.mcpConfig) } : {}),
    },
    secrets: [apiKey],
  };
  const judge = args.judgeModel
    ? createJudge(new OpenAIModel({ baseUrl: args.judgeBaseUrl ?? a.baseUrl, apiKey, model: args.judgeModel }))
    : undefined;
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nstopping: runs in flight are abandoned and redone next time; finished runs are kept\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.stderr.write(
    `[eval] ${dataset.name}: ${dataset.tasks.length} tasks (${dataset.format}) × caps ${args.caps.join(',')} × ${args.samples} sample(s)` +
      `${shard ? `, shard ${shard.index}/${shard.count}` : ''} → ${out}\n`,
  );
  try {
    const outcome = await runEvaluation({
      dataset,
      out,
      caps: args.caps,
      samples: args.samples,
      concurrency: args.concurrency,
      ...(shard ? { shard } : {}),
      run: settings,
      ...(judge ? { judge } : {}),
      signal: controller.signal,
      onProgress: progressPrinter(process.stderr),
    });
    const report = writeReport(out, outcome.meta, outcome.results);
    if (outcome.limiter.rateLimited)
      process.stderr.write(
        `[eval] rate limited ${outcome.limiter.rateLimited} time(s); paused ${(outcome.limiter.pausedMs / 1000).toFixed(1)} s in all\n`,
      );
    process.stdout.write(summaryText(report.summary, out));
    return outcome.cancelled ? EXIT.cancelled : EXIT.ok;
  } catch (e) {
    if (e instanceof ResultsError) return fail(EXIT.usage, e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function mergeCommand(args: EvalMergeArgs): number {
  try {
    const merged = mergeResults(
      args.dirs.map((d) => resolve(d)),
      resolve(args.out),
    );
    if (merged.missing)
      process.stderr.write(`[eval] ${merged.missing} run(s) are in no shard's results yet: the report covers what finished\n`);
    process.stdout.write(summaryText(merged.report.summary, resolve(args.out)));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ResultsError) return fail(EXIT.usage, e.message);
    throw e;
  }
}

function summaryText(s: Summary, out: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = s.budgets.map(
    (b) =>
      `budget ${String(b.budget).padStart(4)}: accuracy ${pct(b.accuracy)} ± ${pct(b.std)}, pass@${s.n} ${pct(b.pass_at_n)}` +
      `${b.accuracy_with_judge !== undefined ? `, with judge ${pct(b.accuracy_with_judge)}` : ''}, ${b.tasks} tasks, ${b.mean_tool_calls.toFixed(1)} tool calls on average`,
  );
  return `${lines.join('\n')}\n${s.cells_done}/${s.cells_total} runs; report: ${join(out, 'report.html')}\n`;
}

function fail(code: number, message: string): number {
  process.stderr.write(`research-copilot: ${message}\n`);
  return code;
}

/**
 * The evaluation runner at scale: 1,000 tasks at concurrency 16 against instant models.
 *   node --expose-gc --import tsx tools/bench/eval-bench.ts [--tasks 1000] [--concurrency 16] [--out bench-results/eval.md]
 * Three set-ups:
 *   runner only      runTask replaced by one that returns at once: the runner's own cost per task
 *                    (cell bookkeeping, answer extraction, scoring, the synchronous results.jsonl append)
 *   in-process model each task a real run (createRunTools, runAgent, trajectory file, fresh workspace
 *                    folder) against a model that answers in no time: one list_directory call, then \boxed{}
 *   HTTP model       the same against the scripted model over real HTTP on 127.0.0.1
 * Memory: heap (after a forced GC) and RSS every 100 finished tasks, to show it stays flat.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelClient, ModelRequest, ModelTurn } from '../../src/agent/modelClient';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { loadDataset } from '../../src/eval/datasets';
import { runEvaluation, type EvalOptions } from '../../src/eval/runner';
import { writeReport } from '../../src/eval/report';
import { startFakeModel, type RecordedRequest, type Step } from '../../tools/fake-model/server';
import { machineLine } from './machine';

const argv = process.argv.slice(2);
const arg = (name: string, def: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const TASKS = Number(arg('--tasks', '1000'));
const CONCURRENCY = Number(arg('--concurrency', '16'));
const OUT = arg('--out', 'bench-results/eval.md');

class InstantModel implements ModelClient {
  readonly model = 'instant';
  async complete(request: ModelRequest): Promise<ModelTurn> {
    const seen = request.messages.filter((m) => m.role === 'tool').length;
    if (seen === 0 && request.tools?.length)
      return {
        text: '',
        reasoning: '',
        toolCalls: [{ id: 'c1', name: 'list_directory', arguments: '{"path":"."}' }],
        finishReason: 'tool_calls',
        usage: { promptTokens: 100, completionTokens: 10 },
      };
    return {
      text: 'Found. \\boxed{42}',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 120, completionTokens: 10 },
    };
  }
}

interface Sample {
  done: number;
  heapMb: number;
  rssMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

interface Measured {
  name: string;
  wallMs: number;
  perTaskMs: number;
  samples: Sample[];
  results: number;
}

async function measure(name: string, opts: Omit<EvalOptions, 'onProgress'>, onEach?: () => void): Promise<Measured> {
  const samples: Sample[] = [];
  gc?.();
  samples.push({ done: 0, heapMb: mb(process.memoryUsage().heapUsed), rssMb: mb(process.memoryUsage().rss) });
  const started = performance.now();
  const outcome = await runEvaluation({
    ...opts,
    onProgress: (p) => {
      onEach?.();
      if (p.done > 0 && p.done % 100 === 0) {
        gc?.();
        samples.push({ done: p.done, heapMb: mb(process.memoryUsage().heapUsed), rssMb: mb(process.memoryUsage().rss) });
      }
    },
  });
  const wallMs = performance.now() - started;
  writeReport(opts.out, outcome.meta, outcome.results);
  process.stderr.write(`${name}: ${outcome.results.length} tasks in ${(wallMs / 1000).toFixed(1)} s\n`);
  return { name, wallMs, perTaskMs: wallMs / outcome.results.length, samples, results: outcome.results.length };
}

/** TASKS plain-form tasks, each answered "42". */
function writeDataset(tmp: string): string {
  const file = join(tmp, 'tasks.jsonl');
  const tasks = Array.from({ length: TASKS }, (_, i) =>
    JSON.stringify({ id: `t${i}`, question: `Task ${i}: what is the answer?`, answer: '42' }),
  );
  writeFileSync(file, tasks.join('\n') + '\n');
  return file;
}

/** The scripted model's side of the HTTP set-up: one list_directory call, then the answer. */
function httpScript(req: RecordedRequest): Step {
  const body = req.body as { messages: { role: string }[]; tools?: unknown[] };
  const seen = body.messages.filter((m) => m.role === 'tool').length;
  return seen === 0 && body.tools?.length
    ? { toolCalls: [{ name: 'list_directory', arguments: '{"path":"."}' }], usage: { prompt_tokens: 100, completion_tokens: 10 } }
    : { content: 'Found. \\boxed{42}', usage: { prompt_tokens: 120, completion_tokens: 10 } };
}

/** The three set-ups of the header, one after the other, each with its own results folder. */
async function measureAll(tmp: string, dataset: ReturnType<typeof loadDataset>): Promise<Measured[]> {
  const base = { dataset, caps: [5], samples: 1, concurrency: CONCURRENCY };
  const runs: Measured[] = [];
  mkdirSync(join(tmp, 'a'));
  runs.push(
    await measure('runner only (runTask returns at once)', {
      ...base,
      out: join(tmp, 'a'),
      run: { model: new InstantModel(), protocol: 'openai-tools' },
      runTask: async (_s, req) => ({
        runId: req.runId,
        answer: '\\boxed{42}',
        stopReason: 'answered',
        turns: 1,
        toolCalls: 0,
        usage: { promptTokens: 1, completionTokens: 1, estimated: false },
        elapsedMs: 0,
      }),
    }),
  );
  runs.push(
    await measure('real runs, in-process instant model', {
      ...base,
      out: join(tmp, 'b'),
      run: { model: new InstantModel(), protocol: 'openai-tools' },
    }),
  );
  const fake = await startFakeModel({ script: httpScript });
  try {
    runs.push(
      await measure(
        'real runs, scripted model over HTTP',
        {
          ...base,
          out: join(tmp, 'c'),
          run: { model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'instant' }), protocol: 'openai-tools' },
        },
        // The scripted server records every request it gets; that log is the test double's, not the runner's.
        () => (fake.requests.length = 0),
      ),
    );
  } finally {
    await fake.close();
  }
  return runs;
}

function report(runs: Measured[], loadBefore: number): string[] {
  return [
    '# Evaluation runner benchmark',
    '',
    `Machine: ${machineLine()}`,
    '',
    `Load average (1 min) when it started / ended: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} (the machine is shared; wall times scale with it).`,
    '',
    `Command: \`node --expose-gc --import tsx tools/bench/eval-bench.ts --tasks ${TASKS} --concurrency ${CONCURRENCY}\``,
    '',
    `${TASKS} tasks (plain form, a fresh workspace folder each), one budget, concurrency ${CONCURRENCY}. "Real runs" are`,
    'whole agent runs: createRunTools, runAgent with one list_directory call and an answer, a trajectory file, the',
    'results line; the model answers in no time, so what is measured is everything around the model.',
    '',
    '| set-up | tasks | wall | per task (wall / tasks) | throughput |',
    '|---|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${r.name} | ${r.results} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.perTaskMs.toFixed(2)} ms | ${(1000 / r.perTaskMs).toFixed(0)} tasks/s |`,
    ),
    '',
    '## Memory over the run (heap after a forced GC, RSS), every 100 tasks',
    '',
    '| finished | ' + runs.map((r) => `${r.name}: heap / RSS MB`).join(' | ') + ' |',
    '|---:|' + runs.map(() => '---:').join('|') + '|',
    ...runs[0].samples.map(
      (_, i) =>
        `| ${runs[0].samples[i].done} | ` +
        runs.map((r) => (r.samples[i] ? `${r.samples[i].heapMb} / ${r.samples[i].rssMb}` : '')).join(' | ') +
        ' |',
    ),
    '',
  ];
}

async function main() {
  const loadBefore = loadavg()[0];
  const tmp = mkdtempSync(join(tmpdir(), 'rc-eval-bench-'));
  let runs: Measured[];
  try {
    runs = await measureAll(tmp, loadDataset(writeDataset(tmp)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const lines = report(runs, loadBefore);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(OUT, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

void main();

/**
 * The agent loop at depth: 600 tool calls against an instant model, on a real folder of code.
 *   node --import tsx tools/bench/loop-bench.ts [--steps 600] [--out bench-results/loop.md]
 * Two model set-ups: in-process (isolates the loop's own overhead) and the scripted model over real
 * HTTP on 127.0.0.1 in a child process (wall time per step as a user would see it).
 * Reports: wall time per step, the loop's own overhead per step (wall − model − tool), early vs late
 * steps, heap and RSS over the run, and the prompt size at the last step.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAgent } from '../../src/agent/loop/loop';
import { runContext } from '../../src/agent/run/runFactory';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { ModelClient, ModelRequest, ModelTurn } from '../../src/agent/modelClient';
import type { AgentEvent, Protocol } from '../../src/agent/events';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { codeFiles, deepCall } from '../../test/helpers/deepScript';
import { machineLine, median, p95 } from './machine';

const argv = process.argv.slice(2);
const STEPS = Number(argv[argv.indexOf('--steps') + 1]) || 600;
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/loop.md';
const ROOT = resolve(__dirname, '../../node_modules/openai');
const files = codeFiles(ROOT);

function xml(name: string, args: unknown): string {
  return `<use_mcp_tool>\n<server_name>workspace</server_name>\n<tool_name>${name}</tool_name>\n<arguments>\n${JSON.stringify(args)}\n</arguments>\n</use_mcp_tool>`;
}

/** Answers instantly from the same script the tests use; counts results in the prompt it is given. */
class InstantModel implements ModelClient {
  readonly model = 'instant';
  promptChars = 0;
  constructor(private readonly protocol: Protocol) {}
  async complete(request: ModelRequest): Promise<ModelTurn> {
    const done = this.protocol === 'openai-tools' ? countRole(request.messages, 'tool') : countRole(request.messages, 'user') - 1;
    this.promptChars = JSON.stringify(request.messages).length;
    if (done >= STEPS) return { text: 'done', reasoning: '', toolCalls: [], finishReason: 'stop' };
    const c = deepCall(done, files);
    return this.protocol === 'openai-tools'
      ? {
          text: '',
          reasoning: '',
          toolCalls: [{ id: `c${done}`, name: c.name, arguments: JSON.stringify(c.args) }],
          finishReason: 'tool_calls',
        }
      : { text: xml(c.name, c.args), reasoning: '', toolCalls: [], finishReason: 'stop' };
  }
}

function countRole(messages: readonly { role: string }[], role: string): number {
  let n = 0;
  for (const m of messages) if (m.role === role) n++;
  return n;
}

/** Times each model call, so loop overhead = step wall − model − tool. */
class Timed implements ModelClient {
  readonly model: string;
  times: number[] = [];
  constructor(private readonly inner: ModelClient) {
    this.model = inner.model;
  }
  async complete(request: ModelRequest, options: Parameters<ModelClient['complete']>[1]): Promise<ModelTurn> {
    const t0 = performance.now();
    try {
      return await this.inner.complete(request, options);
    } finally {
      this.times.push(performance.now() - t0);
    }
  }
}

interface Row {
  setup: string;
  protocol: Protocol;
  wallPerStep: number;
  overheadMedian: number;
  overheadP95: number;
  overheadEarly: number;
  overheadLate: number;
  toolMedian: number;
  modelMedian: number;
  heapStartMB: number;
  heapEndMB: number;
  rssPeakMB: number;
  lastPromptChars: number;
  lastPromptTokens: number;
  totalSeconds: number;
}

async function measure(setup: 'in-process' | 'http', protocol: Protocol, url?: string): Promise<Row> {
  const instant = new InstantModel(protocol);
  const model = new Timed(setup === 'http' ? new OpenAIModel({ baseUrl: url!, apiKey: 'bench', model: 'fake-model' }) : instant);
  const stepStart: number[] = [];
  const toolTime = new Map<number, number>();
  let lastPromptTokens = 0;
  let rssPeak = 0;
  const heap: number[] = [];
  globalThis.gc?.();
  const t0 = performance.now();
  const onEvent = (e: AgentEvent) => {
    if (e.type === 'turn_start') {
      stepStart[e.turn] = performance.now();
      lastPromptTokens = e.promptTokensEstimate;
      if (e.turn % 50 === 0) {
        globalThis.gc?.(); // retained memory, not garbage waiting for collection
        const m = process.memoryUsage();
        heap.push(m.heapUsed);
        rssPeak = Math.max(rssPeak, m.rss);
      }
    } else if (e.type === 'tool_result') toolTime.set(e.turn, (toolTime.get(e.turn) ?? 0) + e.durationMs);
  };
  const ctx = runContext({
    model,
    protocol,
    tools: createWorkspaceTools(new NodeWorkspace(ROOT)),
    approve: async () => false,
    settings: { maxTurns: STEPS + 5, keepToolResults: 5, contextWindow: 262_144 },
    sinks: [onEvent],
  });
  const result = await runAgent(ctx, { question: 'Walk this code base.' });
  const total = performance.now() - t0;
  if (result.toolCalls !== STEPS)
    throw new Error(`expected ${STEPS} tool calls, got ${result.toolCalls} (${result.stopReason} ${result.error ?? ''})`);
  const overhead: number[] = [];
  const walls: number[] = [];
  for (let turn = 1; turn <= STEPS; turn++) {
    const wall = stepStart[turn + 1] - stepStart[turn];
    walls.push(wall);
    overhead.push(wall - model.times[turn - 1] - (toolTime.get(turn) ?? 0));
  }
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    setup,
    protocol,
    wallPerStep: median(walls),
    overheadMedian: median(overhead),
    overheadP95: p95(overhead),
    overheadEarly: median(overhead.slice(0, 50)),
    overheadLate: median(overhead.slice(-50)),
    toolMedian: median([...toolTime.values()]),
    modelMedian: median(model.times),
    heapStartMB: mb(heap[0] ?? 0),
    heapEndMB: mb(heap.at(-1) ?? 0),
    rssPeakMB: mb(rssPeak),
    lastPromptChars: setup === 'in-process' ? instant.promptChars : NaN,
    lastPromptTokens,
    totalSeconds: total / 1000,
  };
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const script = resolve(__dirname, 'deep-model-script.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../fake-model/cli.ts'), '--script', script], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, DEEP_STEPS: String(STEPS) },
  });
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /FAKE_MODEL_URL=(\S+)/.exec(buf);
      if (m) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`fake model exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const protocol of ['openai-tools', 'mirothinker-xml'] as Protocol[]) rows.push(await measure('in-process', protocol));
  const server = await startServer();
  try {
    for (const protocol of ['openai-tools', 'mirothinker-xml'] as Protocol[]) rows.push(await measure('http', protocol, server.url));
  } finally {
    server.stop();
  }
  const f = (n: number, d = 2) => (Number.isNaN(n) ? '–' : n.toFixed(d));
  const table = [
    '| model | protocol | wall/step ms (median) | loop overhead/step ms (median / p95) | overhead steps 1–50 vs 551–600 ms | tool ms (median) | model ms (median) | heap MB after GC, step 50 → 600 | RSS peak MB | last prompt chars | last prompt tokens (est.) | total s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.protocol} | ${f(r.wallPerStep)} | ${f(r.overheadMedian, 3)} / ${f(r.overheadP95, 3)} | ${f(r.overheadEarly, 3)} vs ${f(r.overheadLate, 3)} | ${f(r.toolMedian)} | ${f(r.modelMedian)} | ${r.heapStartMB} → ${r.heapEndMB} | ${r.rssPeakMB} | ${Number.isNaN(r.lastPromptChars) ? '–' : r.lastPromptChars.toLocaleString('en-US')} | ${r.lastPromptTokens.toLocaleString('en-US')} | ${f(r.totalSeconds, 1)} |`,
    ),
  ].join('\n');
  const text =
    `# Agent loop benchmark\n\n${STEPS} tool calls per run over node_modules/openai (${files.length} code files), keep 5 results, instant scripted model.\n\n` +
    `Machine: ${machineLine()}\n\nCommand: \`npm run bench\` (\`node --expose-gc --import tsx tools/bench/loop-bench.ts\`)\n\n${table}\n\n` +
    `Loop overhead = step wall time − model call time − tool time: the loop's own bookkeeping, event emission and prompt assembly (for HTTP it also includes the SDK's request building).\n`;
  mkdirSync(join(OUT, '..'), { recursive: true });
  writeFileSync(OUT, text);
  process.stdout.write(text);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});

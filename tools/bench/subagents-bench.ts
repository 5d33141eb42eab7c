/**
 * Subagents at depth: one parent turn starts 3 research_subtask children that each make 200 tool calls
 * on a real folder of code, against an instant in-process model (so the figures are the loop's own).
 *   node --expose-gc --import tsx tools/bench/subagents-bench.ts [--steps 200] [--out bench-results/subagents.md]
 * Compared with one run making the same 600 calls alone. Reports wall time, CPU per tool call (the
 * loop's overhead: no model time, tools measured apart), heap and RSS peaks, and the event stream's size.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRun } from '../../src/agent/run/runFactory';
import type { ModelClient, ModelRequest, ModelTurn } from '../../src/agent/modelClient';
import type { AgentEvent } from '../../src/agent/events';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import type { Tool } from '../../src/agent/tool';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { codeFiles, deepCall } from '../../test/helpers/deepScript';
import { machineLine } from './machine';

const argv = process.argv.slice(2);
const STEPS = Number(argv[argv.indexOf('--steps') + 1]) || 200;
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/subagents.md';
const ROOT = resolve(__dirname, '../../node_modules/openai');
const files = codeFiles(ROOT);
const CHILDREN = 3;

/** Children walk the folder for STEPS calls; the parent hands out CHILDREN subtasks (or walks 3×STEPS itself). */
class InstantModel implements ModelClient {
  readonly model = 'instant';
  constructor(private readonly parentSteps: number) {}
  async complete(request: ModelRequest): Promise<ModelTurn> {
    const question = request.messages.find((m) => m.role === 'user')?.content ?? '';
    const done = request.messages.filter((m) => m.role === 'tool').length;
    const child = /^part (\d+)/.exec(question);
    const limit = child ? STEPS : this.parentSteps;
    if (!child && this.parentSteps === 0) {
      if (done > 0) return turn('done', []);
      return turn(
        '',
        [...Array(CHILDREN).keys()].map((k) => ({
          id: `s${k}`,
          name: SUBTASK_TOOL,
          arguments: JSON.stringify({ question: `part ${k}`, max_tool_calls: STEPS + 5 }),
        })),
      );
    }
    if (done >= limit) return turn(`walked ${done}`, []);
    const offset = child ? Number(child[1]) * 1000 : 0;
    const c = deepCall(done + offset, files);
    return turn('', [{ id: `c${done}`, name: c.name, arguments: JSON.stringify(c.args) }]);
  }
}

function turn(text: string, toolCalls: ModelTurn['toolCalls']): ModelTurn {
  return { text, reasoning: '', toolCalls, finishReason: toolCalls.length ? 'tool_calls' : 'stop' };
}

interface Figures {
  setup: string;
  toolCalls: number;
  wallMs: number;
  toolMs: number;
  cpuPerCallUs: number;
  heapPeakMb: number;
  rssPeakMb: number;
  events: number;
  eventMb: number;
}

/** The workspace tools under the same names, answering instantly from memory: isolates the loop's own cost. */
function instantTools(): Tool[] {
  const text = 'x'.repeat(60).concat('\n').repeat(32);
  return createWorkspaceTools(new NodeWorkspace(ROOT)).map((t) => ({ ...t, execute: async () => ({ content: text }) }));
}

async function measure(setup: string, parentSteps: number, real: boolean): Promise<Figures> {
  (globalThis as { gc?: () => void }).gc?.();
  const events: AgentEvent[] = [];
  let heapPeak = 0;
  let rssPeak = 0;
  const sampleNow = () => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  };
  // Instant runs never yield to timers: sample from the event stream too.
  const sample = setInterval(sampleNow, 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const running = startRun({
    question: 'Walk the folder.',
    model: new InstantModel(parentSteps),
    protocol: 'openai-tools',
    settings: { maxTurns: 3 * STEPS + 10, maxParallelSubtasks: CHILDREN },
    tools: { tools: real ? createWorkspaceTools(new NodeWorkspace(ROOT)) : instantTools(), problems: [], dispose: async () => {} },
    approve: async () => false,
    sinks: [(e) => events.push(e) % 25 === 0 && sampleNow()],
  });
  const result = await running.result;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sample);
  const all = events.flatMap((e) => (e.type === 'subtask_event' ? [e.event] : [e]));
  const results = all.filter((e) => e.type === 'tool_result' && e.name !== SUBTASK_TOOL);
  const toolMs = results.reduce((n, e) => n + (e.type === 'tool_result' ? e.durationMs : 0), 0);
  if (results.length !== 3 * STEPS) throw new Error(`${setup}: ${results.length} tool calls, ${result.stopReason} ${result.error ?? ''}`);
  // With instant tools and an instant model, the process's CPU time is the loop's own (events, history, protocol).
  const cpuUs = cpu.user + cpu.system;
  return {
    setup,
    toolCalls: results.length,
    wallMs,
    toolMs,
    cpuPerCallUs: cpuUs / results.length,
    heapPeakMb: heapPeak / 2 ** 20,
    rssPeakMb: rssPeak / 2 ** 20,
    events: events.length,
    eventMb: Buffer.byteLength(events.map((e) => JSON.stringify(e)).join('\n')) / 2 ** 20,
  };
}

async function main(): Promise<void> {
  await measure('warm-up', 0, false);
  const rows: Figures[] = [];
  for (let i = 0; i < 2; i++) {
    rows.push(await measure(`instant tools: one run, ${3 * STEPS} calls in a row`, 3 * STEPS, false));
    rows.push(await measure(`instant tools: parent + ${CHILDREN} parallel children × ${STEPS} calls`, 0, false));
  }
  rows.push(await measure(`real tools: one run, ${3 * STEPS} calls in a row`, 3 * STEPS, true));
  rows.push(await measure(`real tools: parent + ${CHILDREN} parallel children × ${STEPS} calls`, 0, true));
  const f = (n: number, d = 1) => n.toFixed(d);
  const table = [
    '| set-up | tool calls | wall (ms) | tools, summed (ms) | CPU per call (µs) | heap peak (MB) | RSS peak (MB) | events | events (MB) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.toolCalls} | ${f(r.wallMs, 0)} | ${f(r.toolMs, 0)} | ${f(r.cpuPerCallUs, 0)} | ${f(r.heapPeakMb)} | ${f(r.rssPeakMb)} | ${r.events} | ${f(r.eventMb, 2)} |`,
    ),
  ].join('\n');
  const md =
    `# Subagents benchmark\n\nMachine: ${machineLine()} (shared with other jobs; load varies).\n\n` +
    `Command: \`node --expose-gc --import tsx tools/bench/subagents-bench.ts --steps ${STEPS}\`\n\n` +
    `An instant in-process model (no model time), the real workspace tools on node_modules/openai (${files.length} files), ` +
    `keep 5 tool results. With "instant tools" the workspace tools answer a fixed 2 KB from memory, so the process's CPU time ` +
    `per call is the loop's own overhead (events, history, protocol, the subtask layer); those set-ups ran twice after a warm-up. ` +
    `"Real tools" read and search the folder (ripgrep), and show what parallel children do to wall time; their CPU figure ` +
    `includes the tools' own work. Tools' time is summed over calls (parallel children overlap).\n\n${table}\n`;
  mkdirSync(join(OUT, '..'), { recursive: true });
  writeFileSync(OUT, md);
  process.stdout.write(md);
}

void main();

/**
 * Citation check at depth: an answer with 50 citations over a 600-step trajectory recorded from the
 * real workspace tools on a real folder (node_modules/openai), checked against that folder on disk.
 *   node --import tsx tools/bench/citations-bench.ts [--steps 600] [--citations 50] [--out bench-results/citations.md]
 * Reports: the whole check from scratch (fold the events, extract, verify with real file reads), and
 * the part the loop waits for at the end of a run (the events were folded while the run went on).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAgent } from '../../src/agent/loop/loop';
import { runContext } from '../../src/agent/run/runFactory';
import type { ModelClient, ModelRequest, ModelTurn } from '../../src/agent/modelClient';
import type { AgentEvent } from '../../src/agent/events';
import { Evidence } from '../../src/agent/citations/evidence';
import { extractCitations } from '../../src/agent/citations/extract';
import { verifyCitations } from '../../src/agent/citations/verify';
import { CitationReviewer } from '../../src/agent/citations/review';
import { summarizeStatuses } from '../../src/agent/citations/report';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { citationFiles } from '../../src/tools/citationFiles';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { codeFiles, deepCall } from '../../test/helpers/deepScript';
import { machineLine, median, p95 } from './machine';

const argv = process.argv.slice(2);
const opt = (flag: string, fallback: number) => Number(argv[argv.indexOf(flag) + 1]) || fallback;
const STEPS = argv.includes('--steps') ? opt('--steps', 600) : 600;
const CITATIONS = argv.includes('--citations') ? opt('--citations', 50) : 50;
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/citations.md';
const ROOT = resolve(__dirname, '../../node_modules/openai');
const files = codeFiles(ROOT);

class InstantModel implements ModelClient {
  readonly model = 'instant';
  async complete(request: ModelRequest): Promise<ModelTurn> {
    const done = request.messages.filter((m) => m.role === 'tool').length;
    if (done >= STEPS) return { text: 'done', reasoning: '', toolCalls: [], finishReason: 'stop' };
    const c = deepCall(done, files);
    return {
      text: '',
      reasoning: '',
      toolCalls: [{ id: `c${done}`, name: c.name, arguments: JSON.stringify(c.args) }],
      finishReason: 'tool_calls',
    };
  }
}

/** 50 citations of every kind: lines seen (some with a quote), lines never shown, files never opened, files that do not exist, URLs. */
function answerFor(events: AgentEvent[]): string {
  const reads = events.filter((e) => e.type === 'tool_result' && e.name === 'read_file' && !e.isError);
  const parts: string[] = [];
  for (let i = 0; parts.length < CITATIONS; i++) {
    const e = reads[i % reads.length];
    const path = (e.type === 'tool_result' && typeof e.details?.path === 'string' && e.details.path) || files[0];
    const line = e.type === 'tool_result' ? /^ *(\d+)\| (.*)$/m.exec(e.content.split('\n').slice(5).join('\n')) : null;
    switch (i % 5) {
      case 0:
        parts.push(`- ${path}:${line?.[1] ?? 1}`);
        break;
      case 1:
        parts.push(`- \`${(line?.[2] ?? 'x').trim().slice(0, 40) || 'export'}\` in ${path}:${line?.[1] ?? 1}`);
        break;
      case 2:
        parts.push(`- ${path}:900-905`);
        break;
      case 3:
        parts.push(`- src/nowhere/file${i}.ts:3`);
        break;
      default:
        parts.push(i % 10 === 4 ? `- [a page](https://example.org/doc/${i})` : `- ${files[(i * 13) % files.length]}`);
    }
  }
  return `Findings:\n${parts.slice(0, CITATIONS).join('\n')}\n`;
}

async function main(): Promise<void> {
  const ws = new NodeWorkspace(ROOT);
  const events: AgentEvent[] = [];
  const reviewer = new CitationReviewer({ mode: 'report', files: citationFiles(ws), workspaceRoot: ROOT });
  let foldMs = 0;
  const ctx = runContext({
    model: new InstantModel(),
    protocol: 'openai-tools',
    tools: createWorkspaceTools(ws),
    approve: async () => false,
    settings: { maxTurns: STEPS + 5, keepToolResults: 5 },
    sinks: [
      (e) => {
        events.push(e);
        const t = performance.now();
        reviewer.observe(e);
        foldMs += performance.now() - t;
      },
    ],
  });
  await runAgent(ctx, { question: 'bench' });
  const toolCalls = events.filter((e) => e.type === 'tool_result').length;
  const answer = answerFor(events);
  const files$ = citationFiles(ws);
  const scratch: number[] = [];
  const atEnd: number[] = [];
  let summary = '';
  let count = 0;
  for (let i = 0; i < 25; i++) {
    let t = performance.now();
    const checked = await verifyCitations(extractCitations(answer, { workspaceRoot: ROOT }), Evidence.from(events, ROOT), files$);
    scratch.push(performance.now() - t);
    t = performance.now();
    await reviewer.review(answer, false);
    atEnd.push(performance.now() - t);
    summary = summarizeStatuses(checked);
    count = checked.length;
  }
  const fmt = (n: number) => n.toFixed(1);
  const lines = [
    '# Citation check benchmark',
    '',
    `Machine: ${machineLine()}`,
    '',
    `Command: \`node --import tsx tools/bench/citations-bench.ts --steps ${STEPS} --citations ${CITATIONS}\``,
    '',
    `A ${toolCalls}-tool-call trajectory (${events.length} events) recorded from the real workspace tools over node_modules/openai;`,
    `an answer with ${count} citations (${summary}), each file read from disk through the Workspace port. 25 repetitions.`,
    '',
    '| what | median ms | p95 ms |',
    '|---|---:|---:|',
    `| whole check from scratch (fold ${events.length} events + extract + verify) | ${fmt(median(scratch))} | ${fmt(p95(scratch))} |`,
    `| check at the end of a run (events already folded as they came) | ${fmt(median(atEnd))} | ${fmt(p95(atEnd))} |`,
    '',
    `Folding the events while the run went on cost ${fmt(foldMs)} ms in total (${fmt((foldMs / Math.max(1, toolCalls)) * 1000)} µs per tool call).`,
    `Goal: under 50 ms for the check. ${median(scratch) < 50 ? 'Met' : 'Not met'} from scratch; ${median(atEnd) < 50 ? 'met' : 'not met'} at the end of a run.`,
    '',
  ];
  mkdirSync(join(OUT, '..'), { recursive: true });
  writeFileSync(OUT, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

void main();

/**
 * A long research session, headless: a first question and N follow-ups, each making `calls` read_file
 * calls whose results are about 8 KB (real files, the real tool), then an answer citing lines it read.
 * The model answers in-process and at once, so what is measured is the agent's own work: the loop, the
 * tools, the trajectory file, the citation check, and before each follow-up reading the session back
 * from disk and building its record (folding the oldest turns when it outgrows its budget). Each turn
 * is asked as the CLI and the panel ask it: the session read from its file, the turn appended to it.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../../src/agent/events';
import type { ModelClient, ModelRequest, ModelTurn } from '../../../src/agent/modelClient';
import { startRun, type RunRequest } from '../../../src/agent/run/runFactory';
import { askFollowUp } from '../../../src/agent/session/session';
import { FOLD_SYSTEM } from '../../../src/agent/session/prompt';
import { CitationReviewer } from '../../../src/agent/citations/review';
import { makeRedactor } from '../../../src/agent/consent/redact';
import { CHARS_PER_TOKEN } from '../../../src/agent/loop/context';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { TrajectoryWriter, readTrajectory } from '../../../src/node/trajectoryFile';
import { citationFiles } from '../../../src/tools/citationFiles';
import { createWorkspaceTools } from '../../../src/tools/workspace/index';
import { Consent } from '../../../src/agent/consent/consent';

export interface TurnFigures {
  turn: number;
  /** The first request of the turn's loop: characters of its messages, and tokens estimated from them. */
  firstRequestChars: number;
  firstRequestTokens: number;
  /** The record it carried (run_start's figures). */
  recordTokens: number;
  foldedThrough: number;
  folded: boolean;
  /** From session_turn to run_start: reading nothing more, building the record (and the fold's model call, here instant). */
  prepMs: number;
  cpuMsPerCall: number;
  wallSeconds: number;
  heapMb: number;
  fileMb: number;
}

export interface SessionBenchOptions {
  followUps: number;
  calls: number;
  recordBudget: number;
  /** Put in every question, so that the session can be found (and routed) later. */
  tag: string;
}

const FILES = 12;
const LINE = 'const value = compute(alpha, beta, gamma); // the line carries about eighty characters';

/** Answers at once: read_file until the turn has `calls` results, then an answer citing what it read; folds get a summary. */
class SessionModel implements ModelClient {
  readonly model = 'instant-session';
  firstRequest: { chars: number } | undefined;

  constructor(private readonly calls: number) {}

  async complete(request: ModelRequest): Promise<ModelTurn> {
    if (request.messages[0]?.content === FOLD_SYSTEM) return reply(foldSummary());
    const results = request.messages.filter((m) => m.role === 'tool').length;
    if (results === 0) this.firstRequest = { chars: JSON.stringify(request.messages).length + JSON.stringify(request.tools ?? []).length };
    if (results >= this.calls) return reply(answer(results));
    const file = `src/file${results % FILES}.ts`;
    return {
      text: '',
      reasoning: '',
      toolCalls: [{ id: `call_${results}`, name: 'read_file', arguments: JSON.stringify({ path: file }) }],
      finishReason: 'tool_calls',
    };
  }
}

function reply(text: string): ModelTurn {
  return { text, reasoning: '', toolCalls: [], finishReason: 'stop' };
}

/** About 3,500 characters, citing three ranges it read (so the record carries their lines). */
function answer(n: number): string {
  const cites = [0, 1, 2].map((k) => `src/file${(n + k) % FILES}.ts:${10 + k * 20}-${14 + k * 20}`);
  const body = Array.from(
    { length: 28 },
    (_, i) => `Finding ${i + 1}: the value at step ${n} is computed the same way in each module.`,
  ).join(' ');
  return `After ${n} reads: ${body}\n\nSee ${cites.join(', ')}.`;
}

function foldSummary(): string {
  return Array.from({ length: 40 }, (_, i) => `- Established fact ${i + 1}: computed in src/file${i % FILES}.ts:${10 + i}.`).join('\n');
}

/** Runs the session; `onTurn` gets each turn's figures as it ends. Returns the trajectory's path (kept for the panel part). */
export async function runHeadlessSession(
  o: SessionBenchOptions,
  onTurn: (f: TurnFigures) => void,
): Promise<{ file: string; workspace: string }> {
  const root = mkdtempSync(join(tmpdir(), 'rc-session-bench-'));
  const workspace = join(root, 'workspace');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(join(workspace, 'src', `file${i}.ts`), `${LINE}\n`.repeat(90));
  const file = join(root, 'session-bench-0001.jsonl');
  const tools = createWorkspaceTools(new NodeWorkspace(workspace));
  for (let turn = 1; turn <= o.followUps + 1; turn++) {
    const model = new SessionModel(o.calls);
    const session = turn === 1 ? [] : readTrajectory(file);
    const writer = new TrajectoryWriter(file, makeRedactor([]));
    const own: AgentEvent[] = [];
    const request: RunRequest = {
      question: `Question ${turn}: how is the value computed in this part of the code? ${o.tag}`,
      model,
      protocol: 'openai-tools',
      tools: { tools, problems: [], dispose: async () => {} },
      approve: async () => false,
      sinks: [writer.write, (e) => own.push(e)],
      settings: { maxTurns: o.calls + 10 },
      citations: new CitationReviewer({ mode: 'report', files: citationFiles(new NodeWorkspace(workspace)), workspaceRoot: workspace }),
      workspace,
      runId: 'session-bench-0001',
    };
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await (turn === 1 ? startRun(request) : askFollowUp({ ...request, session, recordBudget: o.recordBudget })).result;
    const used = process.cpuUsage(cpu);
    const wallSeconds = (performance.now() - started) / 1000;
    writer.close();
    if (result.toolCalls !== o.calls)
      throw new Error(`turn ${turn}: ${result.toolCalls} tool calls (${result.stopReason} ${result.error ?? ''})`);
    onTurn(figuresOf(turn, own, model, (used.user + used.system) / 1000 / o.calls, wallSeconds, file));
  }
  return { file, workspace: root };
}

function figuresOf(
  turn: number,
  own: AgentEvent[],
  model: SessionModel,
  cpuMsPerCall: number,
  wallSeconds: number,
  file: string,
): TurnFigures {
  (globalThis as { gc?: () => void }).gc?.();
  const start = own.find((e) => e.type === 'run_start');
  const opened = own.find((e) => e.type === 'session_turn');
  const s = start?.type === 'run_start' ? start.session : undefined;
  const chars = model.firstRequest?.chars ?? 0;
  return {
    turn,
    firstRequestChars: chars,
    firstRequestTokens: Math.ceil(chars / CHARS_PER_TOKEN),
    recordTokens: s?.recordTokens ?? 0,
    foldedThrough: s?.foldedThrough ?? 0,
    folded: own.some((e) => e.type === 'session_folded'),
    prepMs: start && opened ? start.t - opened.t : 0,
    cpuMsPerCall,
    wallSeconds,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    fileMb: statSync(file).size / 2 ** 20,
  };
}

/** What the egress guard's first check costs in a follow-up of the whole session: indexing every earlier result (deferred till then). */
export interface GuardPrime {
  results: number;
  resultMb: number;
  ms: number;
}

export function timeGuardPrime(file: string, workspace: string): GuardPrime {
  const events = readTrajectory(file);
  const results = events.filter((e) => e.type === 'tool_result');
  const consent = new Consent(
    async () => false,
    {},
    'Where else is it computed?',
    () => undefined,
  );
  consent.rememberReads(events, createWorkspaceTools(new NodeWorkspace(join(workspace, 'workspace'))));
  const started = performance.now();
  consent.guard.check({ tool: 'web_search', server: 'web', mcp: false, openWorld: true }, { query: 'how is the value computed' });
  const ms = performance.now() - started;
  const chars = results.reduce((n, e) => n + (e.type === 'tool_result' ? e.content.length : 0), 0);
  return { results: results.length, resultMb: chars / 2 ** 20, ms };
}

export function removeBenchFolder(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

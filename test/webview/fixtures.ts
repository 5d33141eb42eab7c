/** Realistic trajectories for the panel tests and the benchmark: deterministic, any length. */
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the agent reads config file search results function module request response cache latency token budget retry ' +
  'handler parser stream buffer index query answer source evidence paper benchmark throughput memory error ' +
  'timeout schema protocol server client test coverage dataset model context window trajectory step observation'
).split(' ');
const FILES = [
  'src/agent/loop/loop.ts',
  'src/agent/loop/context.ts',
  'src/tools/readFile.ts',
  'src/node/ripgrep.ts',
  'README.md',
  'docs/design.md',
  'test/unit/loop.test.ts',
];
const TOOLS = ['read_file', 'search_text', 'find_files', 'list_directory', 'web_search', 'fetch_url'];

export class Gen {
  private readonly r: () => number;
  constructor(seed = 1) {
    this.r = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }
  /** Text of about `chars` characters with line breaks, file references and URLs, like tool output. */
  observation(chars: number): string {
    const lines: string[] = [];
    let len = 0;
    while (len < chars) {
      const k = this.int(0, 9);
      const line =
        k === 0
          ? `${this.pick(FILES)}:${this.int(1, 400)}: ${this.words(this.int(3, 10))}`
          : k === 1
            ? `see https://example.org/${this.pick(WORDS)}/${this.int(1, 999)} for ${this.words(4)}`
            : `${this.int(1, 500)}\t${this.words(this.int(4, 14))}`;
      lines.push(line);
      len += line.length + 1;
    }
    return lines.join('\n').slice(0, chars);
  }
}

export interface TrajectoryOptions {
  steps: number;
  seed?: number;
  /** Observation sizes (chars). */
  obsMin?: number;
  obsMax?: number;
  /** End with a final answer and run_end. */
  finished?: boolean;
  t0?: number;
}

/** One tool step (a turn with thinking, one call and its result), as event bodies. */
export function stepBodies(g: Gen, turn: number, opts: { obsMin?: number; obsMax?: number; deltas?: number } = {}): AgentEventBody[] {
  const name = g.pick(TOOLS);
  const args =
    name === 'read_file'
      ? { path: g.pick(FILES), startLine: g.int(1, 200), endLine: g.int(201, 400) }
      : name === 'web_search' || name === 'search_text'
        ? { query: g.words(g.int(2, 6)) }
        : name === 'fetch_url'
          ? { url: `https://example.org/${g.pick(WORDS)}` }
          : { path: g.pick(['src', 'src/agent', 'test', 'docs']) };
  const text = `Step ${turn}: ${g.words(g.int(25, 90))}. Next I will check \`${g.pick(FILES)}:${g.int(1, 300)}\`.`;
  const reasoning = turn % 3 === 0 ? g.words(g.int(30, 120)) : '';
  const id = `call_${turn}`;
  const out: AgentEventBody[] = [{ type: 'turn_start', turn, final: false, promptTokensEstimate: 1000 + turn * 900 }];
  const deltas = opts.deltas ?? 0;
  for (let d = 0; d < deltas; d++) {
    const piece = text.slice(Math.floor((d * text.length) / deltas), Math.floor(((d + 1) * text.length) / deltas));
    out.push({ type: 'text_delta', turn, kind: 'text', text: piece });
  }
  const call = { id, name, arguments: JSON.stringify(args) };
  out.push(
    {
      type: 'assistant_message',
      turn,
      text,
      ...(reasoning ? { reasoning } : {}),
      toolCalls: [call],
      usage: { promptTokens: 1000 + turn * 900, completionTokens: g.int(80, 400), estimated: false },
    },
    { type: 'tool_call', turn, call, args },
  );
  const isError = g.int(0, 19) === 0;
  out.push({
    type: 'tool_result',
    turn,
    callId: id,
    name,
    content: isError
      ? `Error: ${g.words(8)} (${g.pick(FILES)}:${g.int(1, 99)})`
      : g.observation(g.int(opts.obsMin ?? 200, opts.obsMax ?? 3000)),
    isError,
    durationMs: g.int(3, 2500),
    cutChars: 0,
    repeatOf: 0,
  });
  return out;
}

/** A whole run: run_start, `steps` tool turns (with a retry and context trims now and then), optionally the answer. */
export function makeTrajectory(o: TrajectoryOptions): AgentEvent[] {
  const g = new Gen(o.seed ?? 1);
  let seq = 0;
  let t = o.t0 ?? Date.UTC(2025, 0, 1, 12, 0, 0);
  const out: AgentEvent[] = [];
  const push = (b: AgentEventBody): void => {
    t += 37;
    out.push({ ...b, seq: seq++, t });
  };
  push({
    type: 'run_start',
    runId: 'run-0001',
    question: 'How does the agent loop retain tool results when the context window fills up, and where is that configured?',
    model: 'gpt-test',
    protocol: 'openai-tools',
    settings: { maxTurns: Math.max(200, o.steps + 10), keepToolResults: 10, maxToolResultChars: 20_000, contextWindow: 128_000 },
    tools: TOOLS,
  });
  for (let turn = 1; turn <= o.steps; turn++) {
    const bodies = stepBodies(g, turn, o);
    if (turn % 97 === 5) {
      // A retry before the turn's text.
      push(bodies[0]);
      push({ type: 'retry', turn, attempt: 1, delayMs: 1000, reason: 'HTTP 503 from the endpoint' });
      bodies.shift();
    }
    for (const b of bodies) push(b);
    if (turn > 10 && turn % 20 === 0) push({ type: 'context_trimmed', turn, callIds: [`call_${turn - 10}`], keptResults: 10 });
  }
  if (o.finished !== false) {
    const turn = o.steps + 1;
    const answer = finalAnswer(o.steps);
    push({ type: 'turn_start', turn, final: false, promptTokensEstimate: 90_000 });
    push({
      type: 'assistant_message',
      turn,
      text: answer,
      toolCalls: [],
      usage: { promptTokens: 90_000, completionTokens: 700, estimated: false },
    });
    push({ type: 'final_answer', turn, text: answer });
    push({
      type: 'run_end',
      stopReason: 'answered',
      answered: true,
      turns: turn,
      toolCalls: o.steps,
      usage: { promptTokens: 4_500_000, completionTokens: 250_000, estimated: false },
      elapsedMs: 754_000,
    });
  }
  return out;
}

export function finalAnswer(steps: number): string {
  return [
    '## Findings',
    '',
    `After ${steps} steps: tool results are kept in full for the last **10** calls; older ones become one-line placeholders.`,
    '',
    '1. Retention lives in `src/agent/loop/context.ts:42` (`pushResult`).',
    '2. The limit comes from the `keepToolResults` setting, see [the docs](https://example.org/docs/settings).',
    '3. When the next turn would not fit, *everything* is trimmed and a final turn asks for the answer.',
    '',
    '> Results are trimmed oldest first.',
    '',
    '```ts',
    'const trimmed = history.pushResult(msg, call.id, placeholder);',
    '```',
  ].join('\n');
}

/** Re-numbers event bodies from `seq`, `t` onwards. */
export function withSeq(bodies: AgentEventBody[], seq: number, t = Date.UTC(2025, 0, 1, 13)): AgentEvent[] {
  return bodies.map((b, k) => ({ ...b, seq: seq + k, t: t + k }));
}

/** The events of one follow-up: session_turn, its run (its run_start says what its record carries), `steps` tool turns, the answer. */
export function followUpBodies(g: Gen, turn: number, steps: number, o: { folded?: number } = {}): AgentEventBody[] {
  const question = `Follow-up ${turn}: and where does ${g.words(4)} happen?`;
  const out: AgentEventBody[] = [{ type: 'session_turn', turn, question, recordBudget: 16384 }];
  if (o.folded)
    out.push({
      type: 'session_folded',
      turn,
      through: o.folded,
      summary: `Summary of questions 1–${o.folded}.`,
      usage: { promptTokens: 9000, completionTokens: 400, estimated: false },
    });
  out.push({
    type: 'run_start',
    runId: 'run-0001',
    question,
    model: 'gpt-test',
    protocol: 'openai-tools',
    settings: { maxTurns: 200, keepToolResults: 10, maxToolResultChars: 20_000, contextWindow: 128_000 },
    tools: TOOLS,
    session: {
      turn,
      recordTokens: 2100 + turn * 300,
      recordBudget: 16384,
      wholeTurns: turn - 1 - (o.folded ?? 0),
      foldedThrough: o.folded ?? 0,
      excerpts: 2,
    },
  });
  for (let s = 1; s <= steps; s++) out.push(...stepBodies(g, s, { obsMin: 200, obsMax: 800 }));
  const answer = `Answer ${turn}: it happens in \`src/agent/loop/context.ts:${40 + turn}\`.`;
  out.push(
    {
      type: 'assistant_message',
      turn: steps + 1,
      text: answer,
      toolCalls: [],
      usage: { promptTokens: 5000, completionTokens: 200, estimated: false },
    },
    { type: 'final_answer', turn: steps + 1, text: answer },
    {
      type: 'run_end',
      stopReason: 'answered',
      answered: true,
      turns: steps + 1,
      toolCalls: steps,
      usage: { promptTokens: 5000 * (steps + 1), completionTokens: 900, estimated: false },
      elapsedMs: 30_000,
    },
  );
  return out;
}

/** A research session: a finished run of `steps` steps, then `turns - 1` follow-ups of `followUpSteps` steps each. */
export function makeSession(o: { turns: number; steps: number; followUpSteps: number; seed?: number; foldAt?: number }): AgentEvent[] {
  const g = new Gen((o.seed ?? 1) + 1000);
  const first = makeTrajectory({ steps: o.steps, seed: o.seed });
  const bodies: AgentEventBody[] = [];
  for (let turn = 2; turn <= o.turns; turn++) {
    const folded = o.foldAt !== undefined && turn >= o.foldAt ? turn - 3 : undefined;
    bodies.push(...followUpBodies(g, turn, o.followUpSteps, folded ? { folded } : {}));
  }
  return [...first, ...withSeq(bodies, first.length, first.at(-1)!.t + 1000)];
}

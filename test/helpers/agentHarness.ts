/** Shared set-up for loop tests: a scripted model over real HTTP, small tools, and an event log. */
import { runAgent, type LoopTask } from '../../src/agent/loop/loop';
import { runContext, type ContextRequest, type SettingsRequest, type SpendingRequest } from '../../src/agent/run/runFactory';
import type { RunFigures } from '../../src/agent/figures';
import type { EventListener } from '../../src/agent/events';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { AgentEvent } from '../../src/agent/events';
import type { Tool } from '../../src/agent/tool';
import { startFakeModel, type FakeModel, type Script } from '../../tools/fake-model/server';

export const API_KEY = 'sk-test-secret-key-0123456789';

export function echoTool(): Tool & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    name: 'echo',
    server: 'test',
    description: 'Echoes its text argument.',
    schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    async execute(input) {
      calls.push(input);
      return { content: `echo: ${String((input as { text?: unknown }).text)}` };
    },
  };
}

export function bigTool(chars: number): Tool {
  return {
    name: 'big',
    server: 'test',
    description: 'Returns a large text.',
    schema: { type: 'object', properties: {} },
    async execute() {
      return { content: 'x'.repeat(chars) };
    },
  };
}

export function throwingTool(): Tool {
  return {
    name: 'explode',
    server: 'test',
    description: 'Always throws.',
    schema: { type: 'object', properties: {} },
    async execute() {
      throw new Error('kaboom');
    },
  };
}

export function slowTool(ms: number): Tool {
  return {
    name: 'slow',
    server: 'test',
    description: 'Waits, honouring its signal.',
    schema: { type: 'object', properties: {} },
    execute: (_input, ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve({ content: 'done' }), ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      }),
  };
}

/** One loop's inputs in one flat bag, as a test writes them: the run context's parts, its settings and spending, the loop task. */
export type LoopOptions = Omit<ContextRequest, 'settings' | 'spending' | 'sinks'> &
  SettingsRequest &
  SpendingRequest &
  LoopTask & { onEvent: EventListener };

/** One loop (runAgent) with the context startRun would build from these options. */
export function runLoop(o: LoopOptions): Promise<RunFigures> {
  const { question, resume, sharedConsent, finalTurn, onEvent, budget, prices, onBudget, ...rest } = o;
  const ctx = runContext({
    ...rest,
    settings: rest,
    spending: { budget, prices, onBudget },
    sinks: [onEvent],
    resume,
  });
  return runAgent(ctx, { question, resume, finalTurn, sharedConsent });
}

export interface Harness {
  fake: FakeModel;
  events: AgentEvent[];
  run(options?: Partial<LoopOptions>): Promise<RunFigures>;
  close(): Promise<void>;
}

export async function harness(script: Script, tools: Tool[], base: Partial<LoopOptions> = {}): Promise<Harness> {
  const fake = await startFakeModel({ script });
  const events: AgentEvent[] = [];
  return {
    fake,
    events,
    run: (options = {}) =>
      runLoop({
        question: 'What is the answer?',
        model: new OpenAIModel({ baseUrl: fake.url, apiKey: API_KEY, model: 'fake-model', stallTimeoutMs: 2_000 }),
        protocol: 'openai-tools',
        tools,
        approve: async () => false,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        onEvent: (e) => events.push(e),
        ...base,
        ...options,
      }),
    close: () => fake.close(),
  };
}

export function call(name: string, args: unknown): { toolCalls: { name: string; arguments: string }[] } {
  return { toolCalls: [{ name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }] };
}

export function xmlCall(server: string, tool: string, args: unknown): string {
  return `Let me check.\n<use_mcp_tool>\n<server_name>${server}</server_name>\n<tool_name>${tool}</tool_name>\n<arguments>\n${JSON.stringify(args)}\n</arguments>\n</use_mcp_tool>`;
}

export function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
}

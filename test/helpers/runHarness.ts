/** startRun (the one run factory) against the scripted model over real HTTP, collecting every event. */
import { startRun, type RunRequest } from '../../src/agent/run/runFactory';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { AgentEvent } from '../../src/agent/events';
import type { RunFigures } from '../../src/agent/figures';
import type { Tool } from '../../src/agent/tool';
import { startFakeModel, type RecordedRequest, type Script } from '../../tools/fake-model/server';
import { API_KEY } from './agentHarness';

export interface Ran {
  result: RunFigures;
  events: AgentEvent[];
  requests: RecordedRequest[];
  ms: number;
}

export async function runFactoryWith(
  script: Script,
  tools: Tool[],
  opts: Partial<Omit<RunRequest, 'tools' | 'model' | 'sinks'>> & { onEvent?: (e: AgentEvent) => void } = {},
): Promise<Ran> {
  const fake = await startFakeModel({ script });
  const events: AgentEvent[] = [];
  const { onEvent, ...rest } = opts;
  const started = performance.now();
  try {
    const running = startRun({
      question: 'What does echo say?',
      protocol: 'openai-tools',
      approve: async () => false,
      runId: 'run-1',
      ...rest,
      settings: { retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...rest.settings },
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: API_KEY, model: 'fake-model', stallTimeoutMs: 30_000 }),
      tools: { tools, problems: [], dispose: async () => {} },
      sinks: [(e) => events.push(e), ...(onEvent ? [onEvent] : [])],
    });
    const result = await running.result;
    return { result, events, requests: fake.requests.filter((r) => r.index >= 0), ms: performance.now() - started };
  } finally {
    await fake.close();
  }
}

/** The user question a request is about (the child's sub-question, or the parent's question). */
export const questionOf = (req: RecordedRequest): string =>
  String(req.body.messages.find((m: { role: string }) => m.role === 'user')?.content ?? '');

/** Tool results a request carries back (native protocol: `tool` messages). */
export const resultsIn = (req: RecordedRequest): number => req.body.messages.filter((m: { role: string }) => m.role === 'tool').length;

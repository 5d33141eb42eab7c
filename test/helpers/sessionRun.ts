/**
 * A research session against the scripted model over real HTTP: the first question through startRun,
 * each follow-up through askFollowUp, with the real workspace tools over a temporary folder and the
 * real citation check. Each turn gets its own list of replies; the session's events pile up as in its
 * trajectory file.
 */
import { rmSync } from 'node:fs';
import type { AgentEvent } from '../../src/agent/events';
import type { RunFigures } from '../../src/agent/figures';
import type { Tool } from '../../src/agent/tool';
import { startRun, type RunRequest } from '../../src/agent/run/runFactory';
import { askFollowUp, resumeSession } from '../../src/agent/session/session';
import { CitationReviewer } from '../../src/agent/citations/review';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { citationFiles } from '../../src/tools/citationFiles';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startFakeModel, type FakeModel, type RecordedRequest, type Step } from '../../tools/fake-model/server';
import { API_KEY } from './agentHarness';
import { makeWorkspace } from './citationRun';
import { FOLD_SYSTEM } from '../../src/agent/session/prompt';

export interface TurnRun {
  result: RunFigures;
  /** The chat requests this turn made, in order. */
  requests: RecordedRequest[];
  /** This turn's events. */
  events: AgentEvent[];
}

export interface AskOptions {
  recordBudget?: number;
  /** Extra tools next to the workspace tools. */
  tools?: Tool[];
  /** The session's events to continue from (default: everything asked so far). */
  session?: AgentEvent[];
  /** Resume the session's last turn instead of asking. */
  resume?: boolean;
  settings?: RunRequest['settings'];
  signal?: AbortSignal;
}

export interface SessionRun {
  root: string;
  fake: FakeModel;
  /** Every event of the session, as its trajectory holds them. */
  events: AgentEvent[];
  ask(question: string, replies: Step[], o?: AskOptions): Promise<TurnRun>;
  close(): Promise<void>;
}

/** A request that folds old turns (session/fold.ts), not a turn of the loop. */
export function isFold(request: RecordedRequest): boolean {
  const first = (request.body.messages as { role: string; content: unknown }[])[0];
  return first?.role === 'system' && first.content === FOLD_SYSTEM;
}

/** `fold` answers the requests that fold old turns (default: a short summary naming how much it read). */
export async function sessionRun(
  root = makeWorkspace(),
  fold: (request: RecordedRequest) => Step = (r) => ({ content: `FOLDED ${requestText(r).length} chars` }),
): Promise<SessionRun> {
  let queue: Step[] = [];
  const fake = await startFakeModel({
    script: (request) => (isFold(request) ? fold(request) : (queue.shift() ?? { fault: 'http', status: 500, message: 'script exhausted' })),
  });
  const events: AgentEvent[] = [];
  const ask = async (question: string, replies: Step[], o: AskOptions = {}): Promise<TurnRun> => {
    queue = [...replies];
    const from = fake.requests.length;
    const own: AgentEvent[] = [];
    const session = o.session ?? [...events];
    const request: RunRequest = {
      question,
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: API_KEY, model: 'fake-model', stallTimeoutMs: 10_000 }),
      protocol: 'openai-tools',
      tools: { tools: [...createWorkspaceTools(new NodeWorkspace(root)), ...(o.tools ?? [])], problems: [], dispose: async () => {} },
      approve: async () => false,
      sinks: [(e) => events.push(e), (e) => own.push(e)],
      settings: { retry: { baseDelayMs: 5, maxDelayMs: 20, maxTries: 2 }, ...o.settings },
      citations: new CitationReviewer({ mode: 'report', files: citationFiles(new NodeWorkspace(root)), workspaceRoot: root }),
      workspace: root,
      signal: o.signal,
    };
    const running = o.resume
      ? resumeSession({ ...request, session })
      : session.length === 0
        ? startRun({ ...request, runId: 'session-0001' })
        : askFollowUp({ ...request, session, recordBudget: o.recordBudget });
    const result = await running.result;
    return { result, requests: fake.requests.slice(from).filter((r) => r.index >= 0), events: own };
  };
  return {
    root,
    fake,
    events,
    ask,
    close: async () => {
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The text of a request's first user message (the task the loop was given). */
export function taskOf(request: RecordedRequest): string {
  const user = (request.body.messages as { role: string; content: unknown }[]).find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

/** Every message of a request, as one text (to measure it, or to look for something in it). */
export function requestText(request: RecordedRequest): string {
  return JSON.stringify(request.body.messages);
}

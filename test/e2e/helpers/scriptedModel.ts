/**
 * One scripted model for a whole end-to-end session: each test's question carries a tag `[e2e:NAME]`,
 * and the reply to every request is chosen by that tag and by how many assistant turns the
 * conversation already has. Served over real HTTP by tools/fake-model (the `openai` package in the
 * extension host talks to it as it would to any endpoint).
 */
import type { FakeModel, RecordedRequest, Script, ScriptedReply, Step } from '../../../tools/fake-model/server';
import { startFakeModel } from '../../../tools/fake-model/server';

export interface TurnContext {
  /** 0 for the first request of a run, then one more per assistant message already in the prompt. */
  step: number;
  question: string;
  /** Text of the most recent tool observation (native `tool` message or XML-protocol user message). */
  lastObservation: string;
  request: RecordedRequest;
}

export type Scenario = (turn: TurnContext) => Step;

const TAG = /\[e2e:([\w-]+)\]/;

interface Msg {
  role: string;
  content?: unknown;
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

export function turnContext(request: RecordedRequest): TurnContext {
  const messages: Msg[] = Array.isArray(request.body?.messages) ? request.body.messages : [];
  const users = messages.filter((m) => m.role === 'user');
  const question = text(users[0]?.content);
  const step = messages.filter((m) => m.role === 'assistant').length;
  const last = messages.at(-1);
  const lastObservation = last && last.role !== 'system' && step > 0 ? text(last.content) : '';
  return { step, question, lastObservation, request };
}

/** A script that routes each request to the scenario named in its question. */
export function scenarioScript(scenarios: Record<string, Scenario>): Script {
  return (request) => {
    const turn = turnContext(request);
    const name = TAG.exec(turn.question)?.[1];
    const scenario = name ? scenarios[name] : undefined;
    if (!scenario) return { content: `No scenario for this question (tag ${name ?? 'missing'}).` };
    return scenario(turn);
  };
}

export function startScenarioModel(scenarios: Record<string, Scenario>): Promise<FakeModel> {
  return startFakeModel({ script: scenarioScript(scenarios) });
}

/** Tool call step helper. */
export function call(name: string, args: Record<string, unknown>, extra: Partial<ScriptedReply> = {}): ScriptedReply {
  return { toolCalls: [{ name, arguments: JSON.stringify(args) }], ...extra };
}

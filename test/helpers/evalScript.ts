/**
 * A scripted model for evaluations, stateless across tasks so any number run at once against one
 * server. The task's question says what to do:
 *   [needs K]   the right answer is known only after K tool results (list_directory calls)
 *   [answer X]  the right answer
 *   [flaky]     right only on every second final answer to this question (attempt 1 wrong, 2 right …)
 *   [slow MS]   every reply streams MS late (a run that is still in flight when killed)
 * A final turn (sent without tools, after the budget ran out) answers \boxed{X} when K results were
 * read and \boxed{unknown} otherwise: the task is right exactly when the budget allows K tool calls.
 * Usage is fixed per reply, so token counts do not depend on paths or timing.
 */
import type { RecordedRequest, Step } from '../../tools/fake-model/server';

interface Msg {
  role: string;
  content: string | null;
}

const finals = new Map<string, number>();

export function evalStep(req: RecordedRequest): Step {
  const body = req.body as { messages: Msg[]; tools?: unknown[] };
  const question = body.messages.find((m) => m.role === 'user')?.content ?? '';
  const needs = Number(/\[needs (\d+)\]/.exec(question)?.[1] ?? 0);
  const answer = /\[answer ([^\]]+)\]/.exec(question)?.[1] ?? 'none';
  const delayMs = Number(/\[slow (\d+)\]/.exec(question)?.[1] ?? 0);
  const results = body.messages.filter((m) => m.role === 'tool').length;
  const usage = { prompt_tokens: 100, completion_tokens: 10 };
  const canCall = Array.isArray(body.tools) && body.tools.length > 0;
  if (results < needs && canCall)
    return { toolCalls: [{ name: 'list_directory', arguments: '{"path":"."}' }], usage, ...(delayMs ? { delayMs, chunkSize: 8 } : {}) };
  let right = results >= needs;
  if (right && question.includes('[flaky]')) {
    const n = finals.get(question) ?? 0;
    finals.set(question, n + 1);
    right = n % 2 === 1;
  }
  return {
    content: right ? `It is \\boxed{${answer}}.` : 'I could not find it: \\boxed{unknown}',
    usage,
    ...(delayMs ? { delayMs, chunkSize: 8 } : {}),
  };
}

export default evalStep;

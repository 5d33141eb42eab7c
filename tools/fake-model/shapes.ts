// The JSON the fake model sends, shaped as OpenAI's Chat Completions API sends it: error bodies, a whole
// completion, and a stream's list of SSE events (framed per server by wire.ts).
import { wireChoices, wireExtras } from './wire';
import type { ScriptedReply, Step } from './types';

const FILLER: ScriptedReply = { content: 'This is a scripted reply from the fake model; it streams in several small chunks.' };
const ERROR_KINDS: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
};

export function errorBody(status: number, message: string): string {
  const [type, code] = ERROR_KINDS[status] ?? ['server_error', null];
  return JSON.stringify({ error: { message, type, param: null, code } });
}

const estimate = (chars: number) => Math.max(1, Math.ceil(chars / 4));

function toolCallsOf(reply: ScriptedReply) {
  return (reply.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i}_${Math.random().toString(36).slice(2, 10)}`,
    type: 'function' as const,
    function: { name: c.name, arguments: c.arguments },
  }));
}

function usageOf(reply: ScriptedReply, rawBody: string) {
  if (reply.usage === null) return undefined;
  const u = reply.usage ?? {
    prompt_tokens: estimate(rawBody.length),
    completion_tokens: estimate(
      (reply.content ?? '').length +
        (reply.reasoning ?? '').length +
        (reply.toolCalls ?? []).reduce((n, c) => n + c.name.length + c.arguments.length, 0),
    ),
  };
  return { ...u, total_tokens: u.prompt_tokens + u.completion_tokens };
}

/** What a step streams: the reply itself, or for cut / stall / no-finish their `reply` (default filler text). */
export const replyOf = (step: Step): ScriptedReply => ('fault' in step ? ('reply' in step && step.reply) || FILLER : step);
const finishOf = (reply: ScriptedReply) => reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
/** One word for the request log. */
export const describe = (step: Step) =>
  'fault' in step ? `fault:${step.fault}` : `reply${step.toolCalls?.length ? ` tools=${step.toolCalls.length}` : ''}`;

/** Index of the first assistant message with tool calls but no `reasoning_content`, or -1. */
export function missingReasoning(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.findIndex(
    (m) => m?.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length && typeof m.reasoning_content !== 'string',
  );
}

/** Every `data:` event of a streamed reply, `[DONE]` aside; a no-finish step loses its finish chunk. */
export function sseEvents(body: any, rawBody: string, step: Step): string[] {
  const reply = replyOf(step);
  const includeUsage = body?.stream_options?.include_usage === true;
  const base = {
    id: `chatcmpl-fake${Date.now().toString(36)}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'fake-model',
    system_fingerprint: null,
  };
  const chunk = (choices: unknown[], usage?: unknown) =>
    `data: ${JSON.stringify({ ...base, choices, ...(includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
  const choices = wireChoices({
    content: reply.content,
    reasoning: reply.reasoning,
    calls: toolCallsOf(reply).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
    finishReason: finishOf(reply),
    chunkSize: Math.max(1, reply.chunkSize ?? 16),
    wire: reply.wire,
  });
  if ('fault' in step && step.fault === 'no-finish') choices.pop();
  const extras = wireExtras(reply.wire);
  const raw = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const events = [
    ...extras.first.map(raw),
    chunk([choices[0]]),
    ...extras.afterRole.map(raw),
    ...choices.slice(1).map((c) => chunk([c])),
    ...extras.last.map(raw),
  ];
  const usage = usageOf(reply, rawBody);
  if ((includeUsage || reply.wire?.alwaysUsage) && usage) events.push(chunk([], usage));
  return events;
}

/** The `chat.completion` object of a non-streamed reply; a no-finish step has `finish_reason: null`. */
export function completionJson(body: any, rawBody: string, step: Step): string {
  const reply = replyOf(step);
  const calls = toolCallsOf(reply);
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content ?? (calls.length ? null : ''), refusal: null };
  if (calls.length) message.tool_calls = calls;
  if (reply.reasoning !== undefined) message.reasoning_content = reply.reasoning;
  const noFinish = 'fault' in step && step.fault === 'no-finish';
  const usage = usageOf(reply, rawBody);
  return JSON.stringify({
    id: `chatcmpl-fake${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'fake-model',
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: noFinish ? null : finishOf(reply) }],
    ...(usage ? { usage } : {}),
  });
}

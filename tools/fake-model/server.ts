// A scripted, OpenAI-compatible Chat Completions server for tests, benchmarks and the e2e harness.
// Speaks enough of the real protocol (SSE chunks, tool-call deltas, usage chunk, errors) that the
// official `openai` package works against it unmodified. See README.md in this folder.
import http from 'node:http';
import type { Socket } from 'node:net';
import { wireChoices, wireExtras, type WireQuirks } from './wire';

export type { WireQuirks } from './wire';

export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: string; /* raw, may be invalid JSON on purpose */
}
export interface ScriptedReply {
  content?: string;
  reasoning?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  finishReason?: string;
  chunkSize?: number;
  delayMs?: number;
  /** Frame the stream the way a particular server does (see wire.ts). */
  wire?: WireQuirks;
}
/** `reply` (optional, an extension) is what cut / no-finish / stall stream before misbehaving. */
export type Fault =
  | { fault: 'http'; status: number; retryAfter?: string; body?: string; message?: string }
  | { fault: 'cut'; afterChunks: number; reply?: ScriptedReply }
  | { fault: 'no-finish'; reply?: ScriptedReply }
  | { fault: 'stall'; afterChunks: number; ms?: number; reply?: ScriptedReply }
  | { fault: 'garbage'; body: string }
  | { fault: 'reset' };
export type Step = ScriptedReply | Fault;
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  index: number;
  /** For streamed replies: whether every chunk was sent, or the client hung up first. */
  streamEnd?: 'complete' | 'client-closed';
}
export type Script = Step[] | ((req: RecordedRequest, index: number) => Step | Promise<Step>);
export interface FakeModel {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}
export interface FakeModelOptions {
  script: Script;
  port?: number;
  host?: string;
  onExhausted?: Step;
  /** Called with one compact line per request (the CLI prints these to stderr). */
  log?: (line: string) => void;
  /**
   * Answer like DeepSeek's thinking mode: a 400 when an assistant message with tool calls comes back
   * without its `reasoning_content` (abhigyanpatwari/GitNexus#43).
   */
  requireReasoningBack?: boolean;
  /** Refuse every request whose bearer token is not this key, as OpenAI does (401 invalid_api_key). */
  apiKey?: string;
  /** The `/v1/models` list (default: one `fake-model`); extra fields such as vLLM's `max_model_len` pass through. */
  models?: Record<string, unknown>[];
}

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
const replyOf = (step: Step): ScriptedReply => ('fault' in step ? ('reply' in step && step.reply) || FILLER : step);
const finishOf = (reply: ScriptedReply) => reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
const describe = (step: Step) =>
  'fault' in step ? `fault:${step.fault}` : `reply${step.toolCalls?.length ? ` tools=${step.toolCalls.length}` : ''}`;

/** Index of the first assistant message with tool calls but no `reasoning_content`, or -1. */
function missingReasoning(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.findIndex(
    (m) => m?.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length && typeof m.reasoning_content !== 'string',
  );
}

export function startFakeModel(opts: FakeModelOptions): Promise<FakeModel> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let chatCount = 0;
  let closed = false;
  const exhausted: Step = opts.onExhausted ?? { fault: 'http', status: 500, message: 'script exhausted' };

  /** Waits ms, or less if the client goes away first; close() cancels every pending wait. */
  const sleep = (ms: number, res: http.ServerResponse) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(t);
        timers.delete(t);
        res.off('close', finish);
        resolve();
      };
      const t = setTimeout(finish, ms);
      timers.add(t);
      res.once('close', finish);
    });
  const write = (res: http.ServerResponse, data: string) =>
    new Promise<void>((resolve) => (res.destroyed ? resolve() : res.write(data, () => resolve())));

  async function nextStep(rec: RecordedRequest): Promise<Step> {
    if (typeof opts.script === 'function') return opts.script(rec, rec.index);
    return opts.script[rec.index] ?? exhausted;
  }

  function sendJson(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${requests.length}`, ...extra });
    res.end(body);
  }

  async function stream(res: http.ServerResponse, rec: RecordedRequest, rawBody: string, step: Step) {
    const body = rec.body;
    const reply = replyOf(step);
    const limit = 'fault' in step && (step.fault === 'cut' || step.fault === 'stall') ? step.afterChunks : Infinity;
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

    // A stall or cut before the first chunk sends no headers at all (the SDK's `timeout` covers only that wait).
    if (limit > 0) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': `req_fake_${requests.length}`,
      });
      res.flushHeaders();
    }
    for (let i = 0; i < events.length; i++) {
      if (i === limit) break;
      if (i > 0 && reply.delayMs) await sleep(reply.delayMs, res);
      if (res.destroyed || closed) return void (rec.streamEnd = 'client-closed');
      await write(res, events[i]);
    }
    rec.streamEnd = 'complete';
    if ('fault' in step && step.fault === 'cut') return void res.socket?.destroy();
    if ('fault' in step && step.fault === 'stall') {
      await sleep(step.ms ?? 60000, res);
      return void (res.headersSent ? res.end() : res.socket?.destroy());
    }
    await write(res, 'data: [DONE]\n\n');
    res.end();
  }

  function complete(res: http.ServerResponse, body: any, rawBody: string, step: Step) {
    const reply = replyOf(step);
    const calls = toolCallsOf(reply);
    const message: Record<string, unknown> = { role: 'assistant', content: reply.content ?? (calls.length ? null : ''), refusal: null };
    if (calls.length) message.tool_calls = calls;
    if (reply.reasoning !== undefined) message.reasoning_content = reply.reasoning;
    const noFinish = 'fault' in step && step.fault === 'no-finish';
    const usage = usageOf(reply, rawBody);
    const json = JSON.stringify({
      id: `chatcmpl-fake${Date.now().toString(36)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body?.model ?? 'fake-model',
      system_fingerprint: null,
      choices: [{ index: 0, message, logprobs: null, finish_reason: noFinish ? null : finishOf(reply) }],
      ...(usage ? { usage } : {}),
    });
    if ('fault' in step && step.fault === 'cut') {
      // Promise the whole body, deliver half of it, then hang up.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      return void res.write(json.slice(0, json.length >> 1), () => res.socket?.destroy());
    }
    if ('fault' in step && step.fault === 'stall') {
      // Never answers: no headers, then the socket is dropped after `ms`.
      return void sleep(step.ms ?? 60000, res).then(() => res.socket?.destroy());
    }
    sendJson(res, 200, json);
  }

  async function chat(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest, rawBody: string) {
    const missing = opts.requireReasoningBack ? missingReasoning(rec.body) : -1;
    if (missing !== -1) {
      opts.log?.(`#${rec.index} -> 400 reasoning_content missing at message ${missing}`);
      return sendJson(
        res,
        400,
        errorBody(
          400,
          `Missing \`reasoning_content\` field in the assistant message at message index ${missing}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`,
        ),
      );
    }
    const step = await nextStep(rec);
    opts.log?.(
      `#${rec.index} ${rec.method} ${rec.path} stream=${rec.body?.stream === true} messages=${rec.body?.messages?.length ?? 0} -> ${describe(step)}`,
    );
    if (!('fault' in step) || step.fault === 'cut' || step.fault === 'stall' || step.fault === 'no-finish') {
      return rec.body?.stream === true ? stream(res, rec, rawBody, step) : complete(res, rec.body, rawBody, step);
    }
    switch (step.fault) {
      case 'reset':
        return void req.socket.destroy();
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        return void res.end(step.body);
      case 'http':
        return sendJson(
          res,
          step.status,
          step.body ?? errorBody(step.status, step.message ?? `fake model: HTTP ${step.status}`),
          step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {},
        );
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const isChat = req.method === 'POST' && path === '/v1/chat/completions';
    let body: any = rawBody;
    let badJson = false;
    try {
      if (rawBody) body = JSON.parse(rawBody);
    } catch {
      badJson = true;
    }
    if (!rawBody && isChat) badJson = true;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
      index: isChat && !badJson ? chatCount++ : -1,
    };
    requests.push(rec);

    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      opts.log?.(`#- ${rec.method} ${path} -> 401 bad key`);
      return sendJson(
        res,
        401,
        errorBody(401, 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'),
      );
    }
    if (isChat && badJson) {
      opts.log?.(`#- ${rec.method} ${path} -> 400 bad json`);
      return sendJson(res, 400, errorBody(400, 'We could not parse the JSON body of your request.'));
    }
    if (isChat) return chat(req, res, rec, rawBody);
    opts.log?.(`#- ${rec.method} ${path}`);
    if (req.method === 'GET' && path === '/v1/models') {
      // The shape OpenAI documents and vLLM sends: {object:"list",data:[{id,object:"model",created,owned_by}]},
      // `created` a Unix time in seconds (vLLM: the time of the request, vllm/entrypoints/openai/protocol.py
      // ModelCard/ModelList). vLLM adds root, parent, max_model_len, permission: pass them in `models`.
      const created = Math.floor(Date.now() / 1000);
      return sendJson(
        res,
        200,
        JSON.stringify({
          object: 'list',
          data: (opts.models ?? [{ id: 'fake-model' }]).map((m) => ({ id: m.id, object: 'model', created, owned_by: 'fake-model', ...m })),
        }),
      );
    }
    sendJson(res, 404, errorBody(404, `Unknown request URL: ${req.method} ${path}`));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.log?.(`error: ${String(err)}`);
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake model error: ${String(err)}`));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const host = opts.host ?? '127.0.0.1';
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${urlHost}:${port}/v1`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            closed = true;
            for (const t of timers) clearTimeout(t);
            timers.clear();
            for (const s of sockets) s.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

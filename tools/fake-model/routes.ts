// The fake model's request routing: every request recorded, then the key check, a bad JSON body, the chat
// endpoint (the script's next step: a reply or a fault), /v1/models, and a 404 for anything else.
import type http from 'node:http';
import { describe, errorBody, missingReasoning } from './shapes';
import type { Responses } from './sse';
import type { FakeModelOptions, RecordedRequest, Step } from './types';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export function createRouter(opts: FakeModelOptions, requests: RecordedRequest[], out: Responses): Handler {
  const router = new Router(opts, requests, out);
  return (req, res) => router.handle(req, res);
}

class Router {
  private chatCount = 0;
  private readonly exhausted: Step;

  constructor(
    private readonly opts: FakeModelOptions,
    private readonly requests: RecordedRequest[],
    private readonly out: Responses,
  ) {
    this.exhausted = opts.onExhausted ?? { fault: 'http', status: 500, message: 'script exhausted' };
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { opts, out } = this;
    const { rec, rawBody, isChat, badJson } = await this.record(req);
    const path = rec.path;
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      opts.log?.(`#- ${rec.method} ${path} -> 401 bad key`);
      return out.sendJson(
        res,
        401,
        errorBody(401, 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'),
      );
    }
    if (isChat && badJson) {
      opts.log?.(`#- ${rec.method} ${path} -> 400 bad json`);
      return out.sendJson(res, 400, errorBody(400, 'We could not parse the JSON body of your request.'));
    }
    if (isChat) return this.chat(req, res, rec, rawBody);
    opts.log?.(`#- ${rec.method} ${path}`);
    if (req.method === 'GET' && path === '/v1/models') {
      // The shape OpenAI documents and vLLM sends: {object:"list",data:[{id,object:"model",created,owned_by}]},
      // `created` a Unix time in seconds (vLLM: the time of the request, vllm/entrypoints/openai/protocol.py
      // ModelCard/ModelList). vLLM adds root, parent, max_model_len, permission: pass them in `models`.
      const created = Math.floor(Date.now() / 1000);
      return out.sendJson(
        res,
        200,
        JSON.stringify({
          object: 'list',
          data: (opts.models ?? [{ id: 'fake-model' }]).map((m) => ({ id: m.id, object: 'model', created, owned_by: 'fake-model', ...m })),
        }),
      );
    }
    out.sendJson(res, 404, errorBody(404, `Unknown request URL: ${req.method} ${path}`));
  }

  /** Reads and records a request; `index` counts well-formed chat requests only. */
  private async record(req: http.IncomingMessage): Promise<{ rec: RecordedRequest; rawBody: string; isChat: boolean; badJson: boolean }> {
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
      index: isChat && !badJson ? this.chatCount++ : -1,
    };
    this.requests.push(rec);
    return { rec, rawBody, isChat, badJson };
  }

  private async nextStep(rec: RecordedRequest): Promise<Step> {
    if (typeof this.opts.script === 'function') return this.opts.script(rec, rec.index);
    return this.opts.script[rec.index] ?? this.exhausted;
  }

  private async chat(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest, rawBody: string): Promise<void> {
    const { opts, out } = this;
    const missing = opts.requireReasoningBack ? missingReasoning(rec.body) : -1;
    if (missing !== -1) {
      opts.log?.(`#${rec.index} -> 400 reasoning_content missing at message ${missing}`);
      return out.sendJson(
        res,
        400,
        errorBody(
          400,
          `Missing \`reasoning_content\` field in the assistant message at message index ${missing}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`,
        ),
      );
    }
    const step = await this.nextStep(rec);
    opts.log?.(
      `#${rec.index} ${rec.method} ${rec.path} stream=${rec.body?.stream === true} messages=${rec.body?.messages?.length ?? 0} -> ${describe(step)}`,
    );
    if (!('fault' in step) || step.fault === 'cut' || step.fault === 'stall' || step.fault === 'no-finish') {
      return rec.body?.stream === true ? out.stream(res, rec, rawBody, step) : out.complete(res, rec.body, rawBody, step);
    }
    switch (step.fault) {
      case 'reset':
        return void req.socket.destroy();
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        return void res.end(step.body);
      case 'http':
        return out.sendJson(
          res,
          step.status,
          step.body ?? errorBody(step.status, step.message ?? `fake model: HTTP ${step.status}`),
          step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {},
        );
    }
  }
}

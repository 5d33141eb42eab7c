/**
 * A ModelClient over any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, SGLang, Ollama,
 * LM Studio), streaming. The `openai` package's own retries are off: the loop retries, so it can
 * report each retry as an event. The package is loaded with the first request (in the extension it is
 * a chunk of its own), so neither start-up nor a run on another model pays for it.
 */
import type OpenAI from 'openai';
import type { ChatMessage } from '../../agent/messages';
import { ModelError, type ModelCallOptions, type ModelClient, type ModelRequest, type ModelTurn } from '../../agent/modelClient';
import { parseRetryAfter } from '../../agent/model/retry';
import { TurnAccumulator } from '../../agent/model/streamAccumulator';

export interface OpenAIModelOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Abort a stream that sends nothing for this long (default 120 s), first byte included. */
  stallTimeoutMs?: number;
  /** Extra headers, e.g. for a proxy. */
  headers?: Record<string, string>;
  /**
   * Send each assistant message's `reasoning_content` back. DeepSeek's thinking mode refuses a tool-call
   * history without it (400 "The `reasoning_content` in the thinking mode must be passed back to the API",
   * abhigyanpatwari/GitNexus#43); other servers ignore or reject the field, so it is off by default.
   */
  sendReasoningBack?: boolean;
  /**
   * Azure OpenAI: the `api-version` query parameter; the key then goes in the `api-key` header and the base
   * URL is `https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT` (the model is the deployment).
   */
  azureApiVersion?: string;
}

type Sdk = typeof OpenAI;
let sdk: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> => (sdk ??= import('openai').then((m) => m.default));

export class OpenAIModel implements ModelClient {
  readonly model: string;
  private client: OpenAI | undefined;
  private readonly stallTimeoutMs: number;
  private readonly sendReasoningBack: boolean;

  constructor(private readonly options: OpenAIModelOptions) {
    this.model = options.model;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
    this.sendReasoningBack = options.sendReasoningBack ?? false;
  }

  private connect(OpenAISdk: Sdk): OpenAI {
    const o = this.options;
    return (this.client ??= new OpenAISdk({
      baseURL: o.baseUrl,
      // Local servers (Ollama, LM Studio, vLLM) accept any key; the SDK insists on a non-empty one.
      apiKey: o.apiKey || 'no-key',
      maxRetries: 0,
      logLevel: 'off',
      timeout: 24 * 3600_000,
      defaultHeaders: o.azureApiVersion ? { ...o.headers, 'api-key': o.apiKey } : o.headers,
      ...(o.azureApiVersion ? { defaultQuery: { 'api-version': o.azureApiVersion } } : {}),
    }));
  }

  async complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn> {
    const OpenAISdk = await loadSdk();
    const watchdog = new StallWatchdog(this.stallTimeoutMs, options.signal);
    try {
      const stream = await this.connect(OpenAISdk).chat.completions.create(
        {
          model: this.model,
          messages: wireMessages(request.messages, this.sendReasoningBack),
          stream: true,
          stream_options: { include_usage: true },
          ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: 'function' as const, function: t })) } : {}),
          ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.topP !== undefined ? { top_p: request.topP } : {}),
        },
        { signal: watchdog.signal },
      );
      watchdog.poke();
      const acc = new TurnAccumulator();
      for await (const chunk of stream) {
        watchdog.poke();
        acc.add(chunk, options.onDelta);
      }
      // The SDK ends the iteration silently when its signal fires: a stall or a cancel looks like a short reply.
      if (watchdog.signal.aborted) throw toModelError(new Error('aborted'), watchdog, options.signal, OpenAISdk);
      return acc.finish();
    } catch (error) {
      throw toModelError(error, watchdog, options.signal, OpenAISdk);
    } finally {
      watchdog.dispose();
    }
  }
}

/** The history as sent: `reasoning_content` only where the endpoint wants it back. */
function wireMessages(messages: readonly ChatMessage[], withReasoning: boolean): OpenAI.Chat.ChatCompletionMessageParam[] {
  return messages.map((m) => {
    if (m.role !== 'assistant' || m.reasoning_content === undefined) return m as OpenAI.Chat.ChatCompletionMessageParam;
    const { reasoning_content, ...rest } = m;
    return (withReasoning ? { ...rest, reasoning_content } : rest) as OpenAI.Chat.ChatCompletionMessageParam;
  });
}

/** Aborts the request when no data arrives for `ms`, and follows the caller's signal. */
class StallWatchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  stalled = false;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal,
  ) {
    if (outer.aborted) this.controller.abort();
    outer.addEventListener('abort', this.onOuterAbort, { once: true });
    this.poke();
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  poke(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.controller.abort();
    }, this.ms);
  }
  dispose(): void {
    clearTimeout(this.timer);
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }
}

function toModelError(error: unknown, watchdog: StallWatchdog, outer: AbortSignal, OpenAI: Sdk): ModelError {
  if (error instanceof ModelError) return error;
  if (outer.aborted) return new ModelError('cancelled', 'cancelled');
  if (watchdog.stalled) return new ModelError('stalled', 'the model sent nothing for too long (stalled stream)');
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError('connection', `cannot reach the model endpoint: ${causeMessage(error)}`);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = oneLine(error.message).replace(/^\d{3}\s+/, '');
    if (status === 429) {
      return new ModelError('rate_limited', `rate limited (429): ${detail}`, parseRetryAfter(error.headers?.get('retry-after')), status);
    }
    if (status >= 500)
      return new ModelError('server', `server error ${status}: ${detail}`, parseRetryAfter(error.headers?.get('retry-after')), status);
    if (status === 401 || status === 403)
      return new ModelError('auth', `the endpoint refused the API key (${status}): ${detail}`, undefined, status);
    if (status === 404)
      return new ModelError('not_found', `not found (404): ${detail}; check the base URL and model name`, undefined, status);
    if (/context|too long|maximum.*tokens/i.test(detail))
      return new ModelError('context_length', `the prompt is too long for the model: ${detail}`, undefined, status);
    return new ModelError('bad_request', `the endpoint rejected the request (${status}): ${detail}`, undefined, status);
  }
  if (error instanceof SyntaxError || (error instanceof OpenAI.OpenAIError && /parse|JSON/i.test(String(error.message)))) {
    return new ModelError('garbage', `the server sent a response that is not valid JSON: ${oneLine(String(error.message))}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  // Sockets destroyed mid-stream surface as plain errors from the fetch body reader.
  if (/terminated|socket|ECONNRESET|EPIPE|closed|aborted|network/i.test(message)) {
    return new ModelError('connection', `the connection to the model dropped: ${oneLine(message)}`);
  }
  return new ModelError('garbage', `unexpected response from the model endpoint: ${oneLine(message)}`);
}

function causeMessage(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner =
    cause instanceof Error
      ? (cause as { cause?: unknown }).cause instanceof Error
        ? (cause as { cause: Error }).cause.message
        : cause.message
      : '';
  return oneLine(inner || error.message);
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? flat.slice(0, 300) + '…' : flat;
}

/**
 * A ModelClient over any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, SGLang, Ollama,
 * LM Studio), streaming. The `openai` package's own retries are off: the loop retries, so it can
 * report each attempt as an event.
 */
import OpenAI from 'openai';
import type { ToolCallRecord } from './messages';
import { ModelError, type ModelCallOptions, type ModelClient, type ModelRequest, type ModelTurn } from './model';
import { parseRetryAfter } from './retry';

export interface OpenAIModelOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Abort a stream that sends nothing for this long (default 120 s), first byte included. */
  stallTimeoutMs?: number;
  /** Extra headers, e.g. for a proxy. */
  headers?: Record<string, string>;
}

export class OpenAIModel implements ModelClient {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly stallTimeoutMs: number;

  constructor(options: OpenAIModelOptions) {
    this.model = options.model;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      // Local servers (Ollama, LM Studio, vLLM) accept any key; the SDK insists on a non-empty one.
      apiKey: options.apiKey || 'no-key',
      maxRetries: 0,
      logLevel: 'off',
      timeout: 24 * 3600_000,
      defaultHeaders: options.headers,
    });
  }

  async complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn> {
    const watchdog = new StallWatchdog(this.stallTimeoutMs, options.signal);
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
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
      if (watchdog.signal.aborted) throw toModelError(new Error('aborted'), watchdog, options.signal);
      return acc.finish();
    } catch (error) {
      throw toModelError(error, watchdog, options.signal);
    } finally {
      watchdog.dispose();
    }
  }
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

class TurnAccumulator {
  private text = '';
  private reasoning = '';
  private finishReason: string | null = null;
  private usage: ModelTurn['usage'];
  private readonly calls: { id: string; name: string; arguments: string }[] = [];
  private sawChunk = false;

  add(chunk: OpenAI.Chat.ChatCompletionChunk, onDelta: ModelCallOptions['onDelta']): void {
    if (!chunk || typeof chunk !== 'object') throw new ModelError('garbage', 'the server sent a chunk that is not an object');
    this.sawChunk = true;
    if (chunk.usage) {
      this.usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
    }
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta as (typeof choice.delta & { reasoning_content?: string; reasoning?: string }) | undefined;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (typeof reasoning === 'string' && reasoning) {
      this.reasoning += reasoning;
      onDelta?.('reasoning', reasoning);
    }
    if (typeof delta?.content === 'string' && delta.content) {
      this.text += delta.content;
      onDelta?.('text', delta.content);
    }
    for (const tc of delta?.tool_calls ?? []) {
      const index = typeof tc.index === 'number' ? tc.index : this.calls.length;
      const slot = (this.calls[index] ??= { id: '', name: '', arguments: '' });
      if (tc.id) slot.id = tc.id;
      if (tc.function?.name) slot.name += tc.function.name;
      if (tc.function?.arguments) slot.arguments += tc.function.arguments;
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  finish(): ModelTurn {
    if (!this.sawChunk) throw new ModelError('garbage', 'the server closed the stream without sending any data');
    if (this.finishReason === null) {
      throw new ModelError('incomplete', 'the stream ended without a finish reason (cut off mid-answer)');
    }
    const toolCalls: ToolCallRecord[] = this.calls
      .filter((c) => c && c.name)
      .map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }));
    return { text: this.text, reasoning: this.reasoning, toolCalls, finishReason: this.finishReason, usage: this.usage };
  }
}

function toModelError(error: unknown, watchdog: StallWatchdog, outer: AbortSignal): ModelError {
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

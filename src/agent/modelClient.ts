/**
 * The model seam. The loop talks to a `ModelClient`; `openaiModel.ts` implements it over any
 * OpenAI-compatible endpoint and the extension adds one over `vscode.lm`.
 */
import type { ChatMessage, ToolCallRecord } from './messages';

export interface ModelToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ModelRequest {
  messages: readonly ChatMessage[];
  /** Native function-calling tools; omitted for the XML protocol and for the final turn. */
  tools?: ModelToolSpec[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
}

export interface ModelTurn {
  text: string;
  reasoning: string;
  toolCalls: ToolCallRecord[];
  finishReason: string | null;
  /** As reported by the server, when it reports usage. */
  usage?: { promptTokens: number; completionTokens: number };
}

export interface ModelCallOptions {
  signal: AbortSignal;
  onDelta?: (kind: 'text' | 'reasoning', text: string) => void;
}

export interface ModelClient {
  readonly model: string;
  complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn>;
}

export type ModelErrorKind =
  | 'rate_limited'
  | 'server'
  | 'connection'
  | 'incomplete' // the stream ended without a finish reason
  | 'stalled' // no data for too long
  | 'garbage' // the response could not be parsed
  | 'auth'
  | 'not_found'
  | 'context_length'
  | 'bad_request'
  | 'cancelled'
  | 'truncated' // the reply kept hitting max_tokens
  | 'degenerate' // the reply kept repeating itself
  | 'malformed' // the model kept writing tool calls that could not be read
  | 'content_filter'; // the endpoint's content filter kept blocking the reply

const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set(['rate_limited', 'server', 'connection', 'incomplete', 'stalled', 'garbage']);

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

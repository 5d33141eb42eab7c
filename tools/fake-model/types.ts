// The fake model's script and what it records: the types server.ts re-exports (see README.md).
import type { WireQuirks } from './wire';

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

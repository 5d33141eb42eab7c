/**
 * The one event stream of a run. The panel, the CLI and the trajectory file all consume it; a run can
 * be resumed from it. Every event carries `seq` (0, 1, 2 … within a file) and `t` (ms since epoch).
 */
import type { ToolCallRecord } from './messages';
import type { CheckedCitation } from './citations/types';

export type Protocol = 'openai-tools' | 'mirothinker-xml';

export type StopReason =
  | 'answered' // the model gave its answer on its own
  | 'max_turns' // the turn cap was reached; a last turn without tools asked for the answer
  | 'context_limit' // the next turn would not fit; a last turn without tools asked for the answer
  | 'cancelled' // the AbortSignal fired
  | 'model_error' // the endpoint kept failing (after retries) or refused
  | 'no_answer'; // the model kept returning nothing usable

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** True when some turn's numbers are estimates (the server did not report usage). */
  estimated: boolean;
}

export interface RunStartEvent {
  type: 'run_start';
  runId: string;
  question: string;
  model: string;
  protocol: Protocol;
  workspace?: string;
  settings: { maxTurns: number; keepToolResults: number; maxToolResultChars: number; contextWindow: number };
  tools: string[];
  resumed?: boolean;
}
export interface TurnStartEvent {
  type: 'turn_start';
  turn: number;
  final: boolean;
  promptTokensEstimate: number;
}
export interface TextDeltaEvent {
  type: 'text_delta';
  turn: number;
  kind: 'text' | 'reasoning';
  text: string;
}
export interface AssistantMessageEvent {
  type: 'assistant_message';
  turn: number;
  text: string;
  reasoning?: string;
  toolCalls: ToolCallRecord[];
  usage?: { promptTokens: number; completionTokens: number; estimated: boolean };
  /** Set when a protocol note was added (e.g. extra XML tool calls ignored). */
  note?: string;
}
export interface ToolCallEvent {
  type: 'tool_call';
  turn: number;
  call: ToolCallRecord;
  args?: unknown;
}
export interface ToolResultEvent {
  type: 'tool_result';
  turn: number;
  callId: string;
  name: string;
  /** Exactly what the model read (after the size cap and notes). */
  content: string;
  isError: boolean;
  durationMs: number;
  /** Characters cut by the size cap (0 when nothing was cut). */
  cutChars: number;
  /** How many identical calls came before this one. */
  repeatOf: number;
  details?: Record<string, unknown>;
}
export interface RetryEvent {
  type: 'retry';
  turn: number;
  attempt: number;
  delayMs: number;
  reason: string;
}
export interface ContextTrimmedEvent {
  type: 'context_trimmed';
  turn: number;
  callIds: string[];
  keptResults: number;
}
export interface FinalAnswerEvent {
  type: 'final_answer';
  turn: number;
  text: string;
}
/** The citations of an answer checked against what the run saw (src/agent/citations). */
export interface CitationReportEvent {
  type: 'citation_report';
  turn: number;
  /** 0 for the first answer checked; n after n repair rounds. */
  round: number;
  citations: CheckedCitation[];
  /** Set when the answer was sent back to the model: exactly what it was told. */
  repair?: string;
}
export interface RunEndEvent {
  type: 'run_end';
  stopReason: StopReason;
  answered: boolean;
  turns: number;
  toolCalls: number;
  usage: Usage;
  elapsedMs: number;
  error?: string;
}

export type AgentEventBody =
  | RunStartEvent
  | TurnStartEvent
  | TextDeltaEvent
  | AssistantMessageEvent
  | ToolCallEvent
  | ToolResultEvent
  | RetryEvent
  | ContextTrimmedEvent
  | FinalAnswerEvent
  | CitationReportEvent
  | RunEndEvent;

export type AgentEvent = AgentEventBody & { seq: number; t: number };

export type EventListener = (event: AgentEvent) => void;

import type { Protocol } from '../events';
import type { ChatMessage, ToolCallRecord } from '../messages';
import type { ModelToolSpec, ModelTurn } from '../model';
import type { Tool } from '../tool';

export interface ParsedTurn {
  /** Text to show and, when there are no calls, the answer (tool-call markup removed). */
  text: string;
  calls: ToolCallRecord[];
  /** Said back to the model with the results, e.g. when extra calls were ignored. */
  note?: string;
}

/** How tool calls travel between the loop and a model: native function calling or XML in text. */
export interface ToolProtocol {
  readonly name: Protocol;
  systemPrompt(base: string, tools: readonly Tool[]): string;
  /** Tools to send natively with each request (undefined for text protocols). */
  modelTools(tools: readonly Tool[]): ModelToolSpec[] | undefined;
  /** `turnNo` makes call ids unique within a run when the model gives none. */
  parse(turn: ModelTurn, turnNo: number): ParsedTurn;
  /** The assistant message to keep in the history for this turn. */
  assistantMessage(turn: ModelTurn, parsed: ParsedTurn): ChatMessage;
  /** The message that carries one call's observation back. */
  resultMessage(call: ToolCallRecord, content: string): ChatMessage;
}

/** Removes inline `<think>…</think>` blocks some servers leave in the content. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trim();
}

import type { Protocol } from '../../events';
import type { ChatMessage, ToolCallRecord } from '../../messages';
import type { ModelToolSpec, ModelTurn } from '../../modelClient';
import type { Tool } from '../../tool';
import { splitThinking } from '../thinking';

export interface ParsedTurn {
  /** Text to show and, when there are no calls, the answer (tool-call markup removed). */
  text: string;
  calls: ToolCallRecord[];
  /** Said back to the model with the results, e.g. when extra calls were ignored. */
  note?: string;
  /** Set when the reply tried to call a tool but no call could be read: the turn is asked again. */
  malformed?: string;
}

/** How tool calls travel between the loop and a model: native function calling or XML in text. */
export interface ToolProtocol {
  readonly name: Protocol;
  systemPrompt(base: string, tools: readonly Tool[]): string;
  /** Tools to send natively with each request (undefined for text protocols). */
  modelTools(tools: readonly Tool[]): ModelToolSpec[] | undefined;
  /**
   * `turnNo` makes call ids unique within a run when the model gives none. `concurrent` names the tools
   * a text protocol may accept several calls of in one message (research_subtask).
   */
  parse(turn: ModelTurn, turnNo: number, concurrent?: ReadonlySet<string>): ParsedTurn;
  /** The assistant message to keep in the history for this turn. */
  assistantMessage(turn: ModelTurn, parsed: ParsedTurn): ChatMessage;
  /** The message that carries one call's observation back. */
  resultMessage(call: ToolCallRecord, content: string): ChatMessage;
}

/** Removes inline `<think>…</think>` blocks (and a leading block that only shows `</think>`). */
export function stripThinking(text: string): string {
  return splitThinking(text).visible;
}

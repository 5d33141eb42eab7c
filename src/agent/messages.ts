/** The OpenAI-compatible chat message subset the loop builds. Both protocols produce these. */

export interface ToolCallRecord {
  id: string;
  name: string;
  /** Raw argument text exactly as the model wrote it (may be invalid JSON). */
  arguments: string;
  /** MCP-style server name the model addressed (XML protocol); informative only. */
  server?: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: WireToolCall[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Characters a message contributes to the prompt (content plus tool-call arguments). */
export function messageChars(m: ChatMessage): number {
  let n = m.content.length + 16;
  if (m.role === 'assistant' && m.tool_calls) {
    for (const c of m.tool_calls) n += c.function.name.length + c.function.arguments.length + 32;
  }
  return n;
}

/** Native function calling: `tools` in the request, `tool_calls` back, results as `tool` messages. */
import type { ToolProtocol } from './types';
import { stripThinking } from './types';

export const openaiToolsProtocol: ToolProtocol = {
  name: 'openai-tools',
  systemPrompt: (base) => base,
  modelTools: (tools) => tools.map((t) => ({ name: t.name, description: t.description, parameters: { ...t.schema } })),
  parse: (turn, turnNo) => ({
    text: stripThinking(turn.text),
    calls: turn.toolCalls.map((c, i) => (c.id ? c : { ...c, id: `t${turnNo}_${i}` })),
  }),
  assistantMessage: (turn, parsed) => ({
    role: 'assistant',
    content: turn.text,
    ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
    ...(parsed.calls.length
      ? {
          tool_calls: parsed.calls.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.name, arguments: c.arguments },
          })),
        }
      : {}),
  }),
  resultMessage: (call, content) => ({ role: 'tool', tool_call_id: call.id, content }),
};

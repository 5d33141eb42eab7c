/**
 * MiroThinker's tool-call format: the system prompt lists the tools; the model writes
 * <use_mcp_tool><server_name>S</server_name><tool_name>T</tool_name><arguments>{json}</arguments></use_mcp_tool>
 * in its text, one call per message; results return as `user` messages. Calls are routed by tool
 * name; any server name is accepted.
 */
import type { ToolCallRecord } from '../../messages';
import type { ToolProtocol } from './types';
import { stripThinking } from './types';

const BLOCK = /<use_mcp_tool>([\s\S]*?)(?:<\/use_mcp_tool>|$)/g;

function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)(?:</${name}>|$)`).exec(block);
  return m ? m[1].trim() : undefined;
}

/** Every well-formed-enough call in a text, in order. */
export function parseXmlToolCalls(text: string, idPrefix: string): ToolCallRecord[] {
  const calls: ToolCallRecord[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const block = m[1];
    const name = tag(block, 'tool_name');
    if (!name) continue;
    const server = tag(block, 'server_name');
    calls.push({
      id: `${idPrefix}_${calls.length}`,
      name,
      arguments: stripCodeFence(tag(block, 'arguments') ?? '{}'),
      ...(server ? { server } : {}),
    });
  }
  return calls;
}

function renderXmlCall(call: ToolCallRecord): string {
  return `<use_mcp_tool>\n<server_name>${call.server ?? 'tools'}</server_name>\n<tool_name>${call.name}</tool_name>\n<arguments>\n${call.arguments}\n</arguments>\n</use_mcp_tool>`;
}

function concurrentNote(tools: readonly { name: string; concurrent?: boolean }[]): string {
  const names = tools.filter((t) => t.concurrent).map((t) => t.name);
  return names.length
    ? `The one exception: ${names.join(', ')} may be called several times in one message (one <use_mcp_tool> block each); those calls run in parallel.\n\n`
    : '';
}

function stripCodeFence(s: string): string {
  const m = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(s);
  return m ? m[1] : s;
}

export const mirothinkerXmlProtocol: ToolProtocol = {
  name: 'mirothinker-xml',

  systemPrompt(base, tools) {
    const byServer = new Map<string, (typeof tools)[number][]>();
    for (const t of tools) byServer.set(t.server, [...(byServer.get(t.server) ?? []), t]);
    const listing = [...byServer]
      .map(
        ([server, list]) =>
          `## Server name: ${server}\n` +
          list
            .map((t) => `### Tool name: ${t.name}\nDescription: ${t.description}\nInput JSON schema: ${JSON.stringify(t.schema)}`)
            .join('\n\n'),
      )
      .join('\n\n');
    return (
      `${base}\n\n# Tool use\n` +
      `You can call tools. Use exactly one tool per message, then stop and wait: its result arrives in the next user message. ` +
      `Write a call in this XML format, with the arguments as a JSON object:\n\n` +
      `<use_mcp_tool>\n<server_name>server name here</server_name>\n<tool_name>tool name here</tool_name>\n<arguments>\n{"param": "value"}\n</arguments>\n</use_mcp_tool>\n\n` +
      concurrentNote(tools) +
      `When you have the answer, reply without any tool call.\n\n# Available tools\n\n${listing}`
    );
  },

  modelTools: () => undefined,

  parse(turn, turnNo, concurrent) {
    // Calls written inside a think block are the model musing, never a call to run.
    const outside = stripThinking(turn.text);
    const xml = parseXmlToolCalls(outside, `t${turnNo}`);
    // A server whose tool parser turned the XML into native `tool_calls` still carries a call: keep it.
    const all = xml.length ? xml : turn.toolCalls;
    const text = outside.replace(BLOCK, '').trim();
    if (all.length === 0 && outside.includes('<use_mcp_tool')) {
      return {
        text,
        calls: [],
        malformed:
          'Your last message contained <use_mcp_tool> but no tool call could be read from it. Write the call again in exactly ' +
          'the XML format given (server_name, tool_name, and the arguments as one JSON object), or answer without a tool call.',
      };
    }
    if (all.length <= 1) return { text, calls: all };
    // Several calls are kept only when they all go to a tool that runs them side by side (research_subtask).
    const calls = concurrent?.has(all[0].name) ? all.filter((c) => concurrent.has(c.name)) : all.slice(0, 1);
    if (calls.length === all.length) return { text, calls };
    return {
      text,
      calls,
      note:
        calls.length === 1
          ? `Only the first of your ${all.length} tool calls was run; make one call per message.`
          : `Only your ${calls.length} ${calls[0].name} calls were run; other tools take one call per message.`,
    };
  },

  assistantMessage: (turn, parsed) => ({
    role: 'assistant',
    // A native call goes back written as XML, so the model reads its own history in its own format.
    content:
      turn.text.includes('<use_mcp_tool') || !parsed.calls.length
        ? turn.text
        : `${turn.text}\n${parsed.calls.map(renderXmlCall).join('\n')}`.trim(),
    ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
  }),

  resultMessage: (call, content) => ({
    role: 'user',
    content: `Result of ${call.server ?? 'tool'} / ${call.name}:\n${content}`,
  }),
};

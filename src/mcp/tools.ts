/** An MCP server's tool as one of ours: same seam, calls with a timeout and the run's signal. */
import { fail, ok, type Tool, type ToolResult, type ToolSchema } from '../agent/tool';
import type { McpConnection, McpToolInfo } from './connection';
import { resultText } from './result';

export function mcpTool(connection: McpConnection, info: McpToolInfo, name: string, callTimeoutMs: number): Tool {
  const server = connection.server;
  const label = `MCP tool "${info.name}" (server "${server}")`;
  return {
    name,
    server,
    description: (info.description ?? '').trim() || `Tool "${info.name}" from the MCP server "${server}".`,
    schema: modelSchema(info.inputSchema),
    async execute(input, ctx): Promise<ToolResult> {
      const details = { server, tool: info.name };
      if (connection.closed) {
        return {
          ...fail(
            `${label} is unavailable: the server is no longer running. Do not call tools of "${server}" again in this run.${connection.deathNote()}`,
          ),
          details,
        };
      }
      try {
        const result = await connection.client.callTool({ name: info.name, arguments: input }, undefined, {
          signal: ctx.signal,
          timeout: callTimeoutMs,
          resetTimeoutOnProgress: true,
        });
        const text = resultText(result) || '(the tool returned no content)';
        return result.isError === true ? { ...fail(`${label} reported an error: ${text}`), details } : ok(text, details);
      } catch (error) {
        if (ctx.signal.aborted) throw error; // cancellation and the runner's own timeout are not observations
        const message = error instanceof Error ? error.message : String(error);
        if (connection.closed || /Connection closed/i.test(message)) {
          return {
            ...fail(
              `${label} failed: the server stopped while running it (${message}). Its tools are unavailable for the rest of this run.${connection.deathNote()}`,
            ),
            details,
          };
        }
        if (/timed out/i.test(message)) {
          return { ...fail(`${label} did not answer within ${seconds(callTimeoutMs)} and was abandoned.`), details };
        }
        return { ...fail(`${label} failed: ${message}`), details };
      }
    },
  };
}

/** The MCP input schema as sent to the model: always an object schema, without "$schema". */
function modelSchema(input: Record<string, unknown>): ToolSchema {
  const { $schema: _ignored, ...rest } = input ?? {};
  return { ...rest, type: 'object', properties: (rest.properties as ToolSchema['properties']) ?? {} };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

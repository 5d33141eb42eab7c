/** An MCP server's tool as one of ours: same seam, calls with a timeout and the run's signal. */
import { fail, ok, type Tool, type ToolAnnotations, type ToolResult } from '../agent/tool';
import { type ToolSchema } from '../agent/schema';
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
    ...toolMeta(server, info),
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

/**
 * What the server says the tool does, in the terms of our Tool contract. MCP's defaults apply when a
 * hint is missing: not read-only, open-world (the spec's defaults for readOnlyHint and openWorldHint).
 * A closed-world tool's results (a local file server, a local database) are local data, so they feed
 * the egress guard like the workspace tools' results.
 */
export function toolMeta(server: string, info: McpToolInfo): Pick<Tool, 'readOnly' | 'openWorld' | 'readsWorkspace' | 'mcp'> {
  const annotations = annotationsOf(info.annotations);
  const openWorld = annotations.openWorldHint !== false;
  return {
    readOnly: annotations.readOnlyHint === true,
    openWorld,
    readsWorkspace: !openWorld,
    mcp: { server, tool: info.name, annotations },
  };
}

/** Only the known hints, each only when it has the right type (a server is not trusted to send clean data). */
function annotationsOf(raw: Record<string, unknown> | undefined): ToolAnnotations {
  const out: ToolAnnotations = {};
  if (!raw || typeof raw !== 'object') return out;
  if (typeof raw.title === 'string') out.title = raw.title.slice(0, 200);
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof raw[key] === 'boolean') out[key] = raw[key];
  }
  return out;
}

/** The MCP input schema as sent to the model: always an object schema, without "$schema". */
function modelSchema(input: Record<string, unknown>): ToolSchema {
  const { $schema: _ignored, ...rest } = input ?? {};
  return { ...rest, type: 'object', properties: (rest.properties as ToolSchema['properties']) ?? {} };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Connects the configured MCP servers (all at once), lists their tools and offers them as ours.
 * A server that fails to start becomes a line in `problems`; the others go on. The MCP SDK
 * (connection.ts) loads only when a configuration names servers.
 */
import type { Tool } from '../agent/tool';
import type { McpConfig } from './config';
import { ToolNamer } from './names';
import { mcpTool } from './tools';

export interface McpConnectOptions {
  /** Names already used (the built-in tools): MCP tools that clash get "server_" in front. */
  reservedNames?: Iterable<string>;
  /** Start-up and tool listing, per server. Default 30 s. */
  connectTimeoutMs?: number;
  /** One tool call. Default 10 minutes (the agent's own per-call limit may be lower). */
  callTimeoutMs?: number;
  /** Working folder for stdio servers without their own "cwd". */
  cwd?: string;
  clientName?: string;
  clientVersion?: string;
  /** Each chunk a stdio server writes to stderr (default: kept for error messages only). */
  onStderr?: (server: string, text: string) => void;
}

export interface McpServerStatus {
  name: string;
  ok: boolean;
  tools: string[];
  error?: string;
  /** Process id of a running stdio server. */
  pid?: number;
}

export interface McpSession {
  tools: Tool[];
  /** One readable line per server that could not be used. */
  problems: string[];
  servers: McpServerStatus[];
  /** Closes every connection and stops every stdio server. Safe to call twice. */
  dispose(): Promise<void>;
}

export async function connectMcpServers(config: McpConfig, options: McpConnectOptions = {}): Promise<McpSession> {
  const connectTimeout = options.connectTimeoutMs ?? 30_000;
  const callTimeout = options.callTimeoutMs ?? 600_000;
  const { McpConnection } = await import('./connection');
  const connections = Object.entries(config.servers).map(
    ([name, server]) =>
      new McpConnection(name, server, {
        clientName: options.clientName ?? 'research-copilot',
        clientVersion: options.clientVersion ?? '0.1.0',
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.onStderr ? { onStderr: options.onStderr } : {}),
      }),
  );
  const listed = await Promise.allSettled(connections.map((c) => c.connect(connectTimeout)));

  const namer = new ToolNamer(options.reservedNames);
  const tools: Tool[] = [];
  const problems: string[] = [];
  const servers: McpServerStatus[] = [];
  listed.forEach((outcome, i) => {
    const connection = connections[i];
    if (outcome.status === 'rejected') {
      const error = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      problems.push(`MCP server "${connection.server}" could not be used: ${error}`);
      servers.push({ name: connection.server, ok: false, tools: [], error });
      return;
    }
    const names: string[] = [];
    for (const info of outcome.value) {
      const name = namer.name(connection.server, info.name);
      tools.push(mcpTool(connection, info, name, callTimeout));
      names.push(name);
    }
    const pid = connection.pid;
    servers.push({ name: connection.server, ok: true, tools: names, ...(pid ? { pid } : {}) });
  });

  let disposed: Promise<void> | undefined;
  return {
    tools,
    problems,
    servers,
    dispose: () => (disposed ??= Promise.all(connections.map((c) => c.close())).then(() => undefined)),
  };
}

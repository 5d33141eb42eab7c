/**
 * One connected MCP server: its client, transport, liveness and the last lines it wrote to
 * stderr (quoted when it fails to start or dies).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from './config';

const STDERR_KEEP = 2000;

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** The server's behaviour hints (readOnlyHint, openWorldHint …), as it declared them. */
  annotations?: Record<string, unknown>;
}

export class McpConnection {
  readonly client: Client;
  private transport: Transport | undefined;
  private stderrTail = '';
  closed = false;
  private closing = false;

  constructor(
    readonly server: string,
    private readonly config: McpServerConfig,
    private readonly options: {
      clientName: string;
      clientVersion: string;
      cwd?: string;
      onStderr?: (server: string, text: string) => void;
    },
  ) {
    this.client = new Client({ name: options.clientName, version: options.clientVersion });
    this.client.onclose = () => {
      this.closed = true;
    };
  }

  /** Starts the server and lists its tools; throws with a readable message. */
  async connect(timeoutMs: number): Promise<McpToolInfo[]> {
    this.transport = this.makeTransport();
    try {
      await this.client.connect(this.transport, { timeout: timeoutMs });
      const tools: McpToolInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
        tools.push(...(page.tools as McpToolInfo[]));
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    } catch (error) {
      await this.close();
      throw new Error(`${describeError(error, this.config)}${this.stderrNote()}`);
    }
  }

  /** Why the server is gone, for observations after it died. */
  deathNote(): string {
    return this.stderrNote();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.closed = true;
    try {
      await this.client.close(); // for stdio: ends stdin, then SIGTERM, then SIGKILL
    } catch {
      await this.transport?.close().catch(() => undefined);
    }
  }

  /** The child's pid for stdio servers (tests check it is gone after dispose). */
  get pid(): number | undefined {
    return this.transport instanceof StdioClientTransport ? (this.transport.pid ?? undefined) : undefined;
  }

  private makeTransport(): Transport {
    const c = this.config;
    if (c.type === 'stdio') {
      const transport = new StdioClientTransport({
        command: c.command,
        args: c.args,
        env: c.env,
        stderr: 'pipe',
        ...((c.cwd ?? this.options.cwd) ? { cwd: c.cwd ?? this.options.cwd } : {}),
      });
      transport.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.stderrTail = (this.stderrTail + text).slice(-STDERR_KEEP);
        this.options.onStderr?.(this.server, text);
      });
      return transport;
    }
    const init = { requestInit: { headers: c.headers } };
    return c.type === 'sse' ? new SSEClientTransport(new URL(c.url), init) : new StreamableHTTPClientTransport(new URL(c.url), init);
  }

  private stderrNote(): string {
    const tail = this.stderrTail.trim();
    if (!tail) return '';
    const lines = tail.split('\n').slice(-8).join('\n');
    return `\nIts last error output:\n${lines}`;
  }
}

function describeError(error: unknown, config: McpServerConfig): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (config.type === 'stdio' && code === 'ENOENT') return `the command "${config.command}" was not found (is it installed and on PATH?)`;
  if (config.type === 'stdio' && code === 'EACCES') return `the command "${config.command}" is not executable`;
  const message = error instanceof Error ? error.message : String(error);
  if (/Connection closed/i.test(message))
    return `${config.type === 'stdio' ? 'the process exited' : 'the connection closed'} before it answered (${message})`;
  if (/timed out|Request timed out/i.test(message)) return `it did not answer in time (${message})`;
  return message;
}

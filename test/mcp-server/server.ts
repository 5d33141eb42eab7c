/**
 * A small real MCP server over stdio, for the MCP client tests. Run it with
 *   node --import tsx test/mcp-server/server.ts
 * Tools: echo (text back), add (numbers), fail (an error result), crash (the process exits),
 * sleep (waits, for timeouts). Writes a start line to stderr; MCP_TEST_EXIT_AT_START=1 exits at once.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

if (process.env.MCP_TEST_EXIT_AT_START === '1') {
  process.stderr.write('fatal: missing licence file, giving up\n');
  process.exit(2);
}

const server = new McpServer({ name: 'research-copilot-test-server', version: '1.0.0' });

server.registerTool(
  'echo',
  { description: 'Echoes the given text back.', inputSchema: { text: z.string().describe('Text to echo') } },
  async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
);

server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
  content: [{ type: 'text', text: String(a + b) }],
  structuredContent: undefined,
}));

server.registerTool(
  'fail',
  { description: 'Always reports an error result.', inputSchema: { reason: z.string().optional() } },
  async ({ reason }) => ({ isError: true, content: [{ type: 'text', text: `database unavailable${reason ? `: ${reason}` : ''}` }] }),
);

server.registerTool('crash', { description: 'Makes the server process exit (code 3).' }, async () => {
  process.stderr.write('panic: crash tool called, exiting\n');
  process.exit(3);
});

server.registerTool('sleep', { description: 'Waits the given milliseconds.', inputSchema: { ms: z.number() } }, async ({ ms }) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { content: [{ type: 'text', text: `slept ${ms} ms` }] };
});

// A tool whose name clashes with a built-in one, and one that is not a valid OpenAI function name.
server.registerTool('read_file', { description: 'Reads a note by id (test clash).', inputSchema: { id: z.string() } }, async ({ id }) => ({
  content: [{ type: 'text', text: `note ${id}` }],
}));
server.registerTool('notes.search', { description: 'Searches notes (dotted name).', inputSchema: { q: z.string() } }, async ({ q }) => ({
  content: [{ type: 'text', text: `found notes for ${q}` }],
}));

process.stderr.write('test MCP server ready\n');
server.connect(new StdioServerTransport()).catch((error: unknown) => {
  process.stderr.write(`could not start: ${String(error)}\n`);
  process.exit(1);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { connectMcpServers, parseMcpConfig, type McpSession } from '../../src/mcp';
import { call, harness, ofType, xmlCall } from '../helpers/agentHarness';

const SERVER = join(__dirname, '..', 'mcp-server', 'server.ts');

let httpServer: Server;
let httpMcp: McpServer;
const authHeaders: (string | undefined)[] = [];
let session: McpSession;
const ALLOWED = { consent: { allowTools: ['test/*', 'remote/*'] } };

before(async () => {
  httpMcp = new McpServer({ name: 'http-test', version: '1.0.0' });
  httpMcp.registerTool('define', { description: 'Defines a term.', inputSchema: { term: z.string() } }, async ({ term }) => ({
    content: [{ type: 'text', text: `${term}: a word under test` }],
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await httpMcp.connect(transport);
  httpServer = createServer((req, res) => {
    authHeaders.push(req.headers.authorization);
    void transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const config = parseMcpConfig(
    {
      servers: {
        test: { command: process.execPath, args: ['--import', 'tsx', SERVER] },
        remote: { type: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: { Authorization: 'Bearer ${env:RC_TEST_MCP_KEY}' } },
      },
    },
    { env: { RC_TEST_MCP_KEY: 'secret-7' } },
  );
  session = await connectMcpServers(config, { reservedNames: ['read_file'] });
});

after(async () => {
  await session?.dispose();
  await httpMcp?.close();
  httpServer?.closeAllConnections();
  await new Promise((resolve) => httpServer?.close(resolve));
});

test('a streamable HTTP server connects with its configured headers and its tools work', async () => {
  assert.deepEqual(session.problems, []);
  const define = session.tools.find((t) => t.name === 'define')!;
  assert.equal(define.server, 'remote');
  const r = await define.execute({ term: 'ontology' }, { signal: new AbortController().signal, approve: async () => false });
  assert.equal(r.content, 'ontology: a word under test');
  assert.ok(authHeaders.length > 0 && authHeaders.every((h) => h === 'Bearer secret-7'), JSON.stringify(authHeaders));
});

test('through the agent, native tool calls: MCP tools are offered and their calls recorded', async () => {
  // The test servers' tools carry no annotations, so they would be asked about: allowed by pattern here.
  const h = await harness([call('echo', { text: 'from the model' }), { content: 'The echo worked.' }], session.tools, ALLOWED);
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'answered');
    const offered = (h.fake.requests[0].body.tools as { function: { name: string } }[]).map((t) => t.function.name);
    assert.ok(offered.includes('echo') && offered.includes('define') && offered.includes('test_read_file'), offered.join(','));
    const [res] = ofType(h.events, 'tool_result');
    assert.equal(res.name, 'echo');
    assert.equal(res.content, 'echo: from the model');
    assert.deepEqual(res.details, { server: 'test', tool: 'echo' });
  } finally {
    await h.close();
  }
});

test('through the agent, MiroThinker XML: server_name is the MCP server name', async () => {
  const h = await harness([{ content: xmlCall('remote', 'define', { term: 'agent' }) }, { content: 'Defined.' }], session.tools, {
    ...ALLOWED,
    protocol: 'mirothinker-xml',
  });
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'answered');
    const system = String(h.fake.requests[0].body.messages[0].content);
    assert.match(system, /## Server name: remote\n### Tool name: define/);
    assert.match(system, /## Server name: test\n### Tool name: echo/);
    const [res] = ofType(h.events, 'tool_result');
    assert.equal(res.content, 'agent: a word under test');
  } finally {
    await h.close();
  }
});

test('through the agent, a server that crashes mid-run gives observations and the run goes on', async () => {
  const h = await harness(
    [
      call('crash', {}),
      call('echo', { text: 'anyone?' }),
      call('define', { term: 'resilience' }),
      { content: 'Answered without the crashed server.' },
    ],
    session.tools,
    ALLOWED,
  );
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'answered');
    assert.equal(result.answer, 'Answered without the crashed server.');
    const [crash, echo, define] = ofType(h.events, 'tool_result');
    assert.equal(crash.isError, true);
    assert.match(crash.content, /the server stopped while running it/);
    assert.equal(echo.isError, true);
    assert.match(echo.content, /the server is no longer running/);
    assert.equal(define.isError, false);
    assert.equal(define.content, 'resilience: a word under test');
  } finally {
    await h.close();
  }
});

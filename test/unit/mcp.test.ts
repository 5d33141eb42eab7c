import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connectMcpServers, parseMcpConfig, McpConfigError, ToolNamer, type McpSession, type McpServerConfig } from '../../src/mcp';
import type { Tool } from '../../src/agent/tool';

const SERVER = join(__dirname, '..', 'mcp-server', 'server.ts');
const stdio = (env: Record<string, string> = {}): McpServerConfig => ({
  type: 'stdio',
  command: process.execPath,
  args: ['--import', 'tsx', SERVER],
  env,
});
const ctx = () => ({ signal: new AbortController().signal, approve: async () => false });
const OPENAI_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

test('parseMcpConfig reads the VS Code mcp.json shape (JSONC), expands ${env:…}', () => {
  const text = `{
    // research servers
    "servers": {
      "notes": { "command": "node", "args": ["server.js", "--root", "\${workspaceFolder}"], "env": { "TOKEN": "\${env:NOTES_TOKEN}" }, },
      "remote": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer \${env:REMOTE_KEY}" } },
      "old": { "command": "x", "disabled": true },
    },
    "inputs": []
  }`;
  const config = parseMcpConfig(text, { env: { NOTES_TOKEN: 't1', REMOTE_KEY: 'k2' }, workspaceFolder: '/ws' });
  assert.deepEqual(config.servers, {
    notes: { type: 'stdio', command: 'node', args: ['server.js', '--root', '/ws'], env: { TOKEN: 't1' } },
    remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer k2' } },
  });
  assert.deepEqual(Object.keys(parseMcpConfig({ mcpServers: { a: { command: 'a' } } }).servers), ['a'], 'Claude Desktop key accepted');
});

test('parseMcpConfig lists every problem clearly', () => {
  assert.throws(() => parseMcpConfig('{ nope'), /Invalid MCP configuration:\n- the file is not valid JSON/);
  assert.throws(() => parseMcpConfig({ tools: {} }), /no "servers" object/);
  try {
    parseMcpConfig(
      {
        servers: {
          a: { args: ['x'] },
          b: { command: 'b', args: 'not-an-array' },
          c: { type: 'http', url: 'ftp://x' },
          d: { type: 'ws', url: 'x' },
          e: { command: '${input:cmd}' },
          f: { command: 'f', env: { K: '${env:MISSING_VAR_XYZ}' } },
        },
      },
      { env: {} },
    );
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof McpConfigError);
    const all = e.problems.join('\n');
    assert.match(all, /servers\.a: needs "command" \(a stdio server\) or "url" \(an http server\)/);
    assert.match(all, /servers\.b\.args: must be an array of strings/);
    assert.match(all, /servers\.c: "url" must be an http:\/\/ or https:\/\/ URL/);
    assert.match(all, /servers\.d: unknown "type" "ws"/);
    assert.match(all, /servers\.e\.command: \$\{input:cmd\} needs VS Code's input prompt/);
    assert.match(all, /servers\.f\.env\.K: environment variable MISSING_VAR_XYZ is not set/);
  }
});

test('tool names are valid OpenAI function names and unique', () => {
  const namer = new ToolNamer(['read_file', 'web_search']);
  assert.equal(namer.name('notes', 'lookup'), 'lookup');
  assert.equal(namer.name('notes', 'read_file'), 'notes_read_file');
  assert.equal(namer.name('other', 'lookup'), 'other_lookup');
  assert.equal(namer.name('other', 'lookup'), 'other_lookup_2');
  assert.equal(namer.name('my server!', 'do.thing/now'), 'do_thing_now');
  const long = namer.name('s', 'x'.repeat(100));
  assert.equal(long.length, 64);
  const longAgain = namer.name('s', 'x'.repeat(100));
  assert.match(longAgain, /^s_x+$/);
  const third = namer.name('s', 'x'.repeat(100));
  assert.match(third, /_2$/);
  for (const n of [long, longAgain, third]) assert.match(n, OPENAI_NAME);
  assert.equal(new Set([long, longAgain, third]).size, 3);
});

let session: McpSession;
const tool = (name: string): Tool => {
  const t = session.tools.find((x) => x.name === name);
  assert.ok(t, `tool ${name} among ${session.tools.map((x) => x.name).join(', ')}`);
  return t;
};

before(async () => {
  session = await connectMcpServers(
    {
      servers: {
        test: stdio(),
        second: stdio(),
        missing: { type: 'stdio', command: 'definitely-not-a-command-rc', args: [], env: {} },
        broken: stdio({ MCP_TEST_EXIT_AT_START: '1' }),
      },
    },
    { reservedNames: ['read_file', 'fetch_url'], callTimeoutMs: 400, connectTimeoutMs: 20_000 },
  );
});

after(async () => {
  await session?.dispose();
});

test('servers that fail to start are reported clearly; the others connect', () => {
  assert.equal(session.problems.length, 2);
  assert.match(
    session.problems.join('\n'),
    /MCP server "missing" could not be used: the command "definitely-not-a-command-rc" was not found/,
  );
  assert.match(
    session.problems.join('\n'),
    /MCP server "broken" could not be used: the process exited before it answered[\s\S]*missing licence file/,
  );
  const ok = session.servers.filter((s) => s.ok).map((s) => s.name);
  assert.deepEqual(ok, ['test', 'second']);
});

test('MCP tools become our tools: server name kept, names valid and unique, schemas passed on', () => {
  const names = session.tools.map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, OPENAI_NAME);
  assert.ok(names.includes('echo') && names.includes('second_echo'), names.join(','));
  assert.ok(names.includes('test_read_file'), 'clash with a built-in gets the server prefix');
  assert.ok(names.includes('notes_search'), 'dotted name made valid');
  assert.equal(tool('echo').server, 'test');
  assert.equal(tool('second_echo').server, 'second');
  assert.deepEqual(tool('echo').schema, {
    type: 'object',
    properties: { text: { type: 'string', description: 'Text to echo' } },
    required: ['text'],
  });
  assert.equal(tool('echo').description, 'Echoes the given text back.');
});

test('calls return the text; an error result is an error observation', async () => {
  assert.deepEqual(await tool('echo').execute({ text: 'hello' }, ctx()), {
    content: 'echo: hello',
    details: { server: 'test', tool: 'echo' },
  });
  assert.equal((await tool('add').execute({ a: 2, b: 40 }, ctx())).content, '42');
  assert.equal((await tool('test_read_file').execute({ id: '7' }, ctx())).content, 'note 7');
  const failed = await tool('fail').execute({ reason: 'disk full' }, ctx());
  assert.equal(failed.isError, true);
  assert.equal(failed.content, 'MCP tool "fail" (server "test") reported an error: database unavailable: disk full');
  const invalid = await tool('add').execute({ a: 'two' }, ctx());
  assert.equal(invalid.isError, true);
  assert.match(invalid.content, /MCP tool "add"/);
});

test('a call past its timeout is abandoned with a clear observation; cancelling rejects', async () => {
  const slow = await tool('sleep').execute({ ms: 3_000 }, ctx());
  assert.equal(slow.isError, true);
  assert.match(slow.content, /MCP tool "sleep" \(server "test"\) did not answer within 0\.4 s and was abandoned/);
  const controller = new AbortController();
  const pending = tool('second_sleep').execute({ ms: 3_000 }, { signal: controller.signal, approve: async () => false });
  setTimeout(() => controller.abort(new Error('run cancelled')), 50);
  await assert.rejects(pending);
});

test('a server that dies mid-run gives clear observations; the other server goes on', async () => {
  const crashed = await tool('crash').execute({}, ctx());
  assert.equal(crashed.isError, true);
  assert.match(crashed.content, /MCP tool "crash" \(server "test"\) failed: the server stopped while running it/);
  assert.match(crashed.content, /panic: crash tool called, exiting/);
  const after = await tool('echo').execute({ text: 'again' }, ctx());
  assert.equal(after.isError, true);
  assert.match(after.content, /is unavailable: the server is no longer running/);
  assert.equal((await tool('second_echo').execute({ text: 'still here' }, ctx())).content, 'echo: still here');
});

test('dispose stops the stdio servers', async () => {
  const s = await connectMcpServers({ servers: { only: stdio() } });
  const pid = s.servers[0].pid;
  assert.ok(pid, 'a pid for the stdio server');
  assert.doesNotThrow(() => process.kill(pid, 0), 'running before dispose');
  await s.dispose();
  await s.dispose(); // twice is fine
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'gone after dispose');
});

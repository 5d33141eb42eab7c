// MCP approvals with the real reference servers from npm, started over stdio by our MCP client:
// @modelcontextprotocol/server-filesystem (write_file: readOnlyHint false, destructiveHint true;
// read_text_file: readOnlyHint true) and @modelcontextprotocol/server-everything (echo: read-only;
// gzip-file-as-resource: not read-only, openWorldHint true, fetches the URL it is given).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMcpServers, parseMcpConfig, type McpSession } from '../../src/mcp';
import type { Tool } from '../../src/agent/tool';
import type { ApprovalRequest, Approver } from '../../src/agent/approvals';
import type { AgentEvent } from '../../src/agent/events';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { startServer, type TestServer } from '../fixtures/web/server';
import { call, harness, ofType } from '../helpers/agentHarness';

const MODULES = join(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol');
const FS_SERVER = join(MODULES, 'server-filesystem', 'dist', 'index.js');
const EVERYTHING = join(MODULES, 'server-everything', 'dist', 'index.js');
const CANARY = 'CANARY-7d41c2e9-58b0-4f3a-a6e1-93c0d2b84f17';

let dir: string;
let mcp: McpSession;
let tools: Tool[];
let web: TestServer;

before(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'rc-mcp-consent-')));
  writeFileSync(join(dir, 'notes.md'), '# Notes\n\nThe deploy key rotates monthly.\n');
  writeFileSync(join(dir, 'secret.md'), `Internal build id: ${CANARY}\n`);
  const config = parseMcpConfig({
    servers: {
      fs: { command: process.execPath, args: [FS_SERVER, dir] },
      every: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
    },
  });
  const workspace = createWorkspaceTools(new NodeWorkspace(dir));
  mcp = await connectMcpServers(config, { reservedNames: workspace.map((t) => t.name) });
  assert.deepEqual(mcp.problems, []);
  tools = [...workspace, ...mcp.tools];
  web = await startServer((_req, res) => res.end('hello'));
});

after(async () => {
  await mcp?.dispose();
  await web?.close();
});

/** An approver that records what it was asked and answers with `answer`. */
function recorder(answer: (r: ApprovalRequest) => boolean | { approved: boolean; scope: 'once' | 'run' | 'always' }) {
  const asked: ApprovalRequest[] = [];
  const approve: Approver = async (r) => (asked.push(r), answer(r));
  return { asked, approve };
}

async function runWith(script: Parameters<typeof harness>[0], options: Parameters<typeof harness>[2]) {
  const h = await harness(script, tools, options);
  try {
    const result = await h.run();
    return { result, events: h.events, requests: h.fake.requests };
  } finally {
    await h.close();
  }
}

test('the servers annotations arrive on our tools', () => {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const write = byName.get('fs_write_file')!;
  assert.deepEqual(write.mcp, {
    server: 'fs',
    tool: 'write_file',
    annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: true, openWorldHint: false },
  });
  assert.equal(write.readOnly, false);
  assert.equal(byName.get('read_text_file')!.readOnly, true);
  assert.equal(byName.get('read_text_file')!.readsWorkspace, true, 'closed-world results are local data');
  assert.equal(byName.get('gzip-file-as-resource')!.openWorld, true);
  assert.equal(byName.get('echo')!.openWorld, false);
});

test('a write is refused without consent: the user is asked, says no, the disk is unchanged', async () => {
  const target = join(dir, 'written.md');
  const { asked, approve } = recorder(() => false);
  const { result, events } = await runWith([call('fs_write_file', { path: target, content: 'pwned' }), { content: 'Could not write.' }], {
    approve,
  });
  assert.equal(result.stopReason, 'answered');
  assert.equal(asked.length, 1);
  const req = asked[0];
  assert.ok(req.kind === 'mcp');
  assert.equal(req.server, 'fs');
  assert.equal(req.serverTool, 'write_file');
  assert.equal(req.annotations.destructiveHint, true);
  assert.deepEqual(req.args, { path: target, content: 'pwned' });
  const [res] = ofType(events, 'tool_result');
  assert.equal(res.isError, true);
  assert.match(res.content, /The user did not allow fs_write_file \(MCP server "fs"\) to run\. Nothing was done/);
  assert.ok(!existsSync(target), 'nothing was written');
  const [approval] = ofType(events, 'approval');
  assert.equal(approval.approved, false);
  assert.equal(approval.by, 'user');
  assert.equal(approval.kind, 'mcp');
  assert.ok(approval.seq < res.seq, 'the approval comes before the observation');
});

test('a read-only tool runs without asking (both servers); with trustReadOnlyHints off it asks', async () => {
  const { asked, approve } = recorder(() => true);
  const { events } = await runWith(
    [call('read_text_file', { path: join(dir, 'notes.md') }), call('echo', { message: 'hi' }), { content: 'Read.' }],
    { approve },
  );
  assert.deepEqual(asked, []);
  assert.deepEqual(ofType(events, 'approval'), []);
  const [read, echo] = ofType(events, 'tool_result');
  assert.match(read.content, /The deploy key rotates monthly\./);
  assert.match(echo.content, /Echo: hi/);

  const strict = recorder(() => false);
  const { events: e2 } = await runWith([call('read_text_file', { path: join(dir, 'notes.md') }), { content: 'Denied.' }], {
    approve: strict.approve,
    consent: { trustReadOnlyHints: false },
  });
  assert.equal(strict.asked.length, 1);
  assert.doesNotMatch(ofType(e2, 'tool_result')[0].content, /deploy key/);
});

test('an allow-tool pattern lets the write through without asking, recorded as allowed by policy', async () => {
  const target = join(dir, 'allowed.md');
  const { asked, approve } = recorder(() => false);
  const { events } = await runWith([call('fs_write_file', { path: target, content: 'allowed' }), { content: 'Written.' }], {
    approve,
    consent: { allowTools: ['fs/write_file'] },
  });
  assert.deepEqual(asked, []);
  assert.equal(readFileSync(target, 'utf8'), 'allowed');
  const [approval] = ofType(events, 'approval');
  assert.deepEqual([approval.approved, approval.by, approval.grant], [true, 'policy', 'mcp:fs/write_file']);
  // A pattern for another server or tool does not match.
  const other = recorder(() => false);
  await runWith([call('fs_write_file', { path: join(dir, 'x.md'), content: 'x' }), { content: 'No.' }], {
    approve: other.approve,
    consent: { allowTools: ['every/*', 'fs/edit_file', 'fsx/write_file'] },
  });
  assert.equal(other.asked.length, 1);
  assert.ok(!existsSync(join(dir, 'x.md')));
});

test('"for this run" covers later calls of the same tool only, and a resumed run does not ask again', async () => {
  const { asked, approve } = recorder((r) =>
    r.kind === 'mcp' && r.serverTool === 'write_file' ? { approved: true, scope: 'run' } : false,
  );
  const { events } = await runWith(
    [
      call('fs_write_file', { path: join(dir, 'run1.md'), content: '1' }),
      call('fs_write_file', { path: join(dir, 'run2.md'), content: '2' }),
      call('create_directory', { path: join(dir, 'sub') }),
      { content: 'Done.' },
    ],
    { approve },
  );
  assert.deepEqual(
    asked.map((r) => r.kind === 'mcp' && r.serverTool),
    ['write_file', 'create_directory'],
  );
  assert.equal(readFileSync(join(dir, 'run2.md'), 'utf8'), '2');
  assert.ok(!existsSync(join(dir, 'sub')));
  assert.deepEqual(
    ofType(events, 'approval').map((e) => [e.approved, e.by, e.scope]),
    [
      [true, 'user', 'run'],
      [true, 'run', 'run'],
      [false, 'user', 'once'],
    ],
  );

  // A crash right after the user said yes: the trajectory has the approval but no result.
  const first = await runWith([call('fs_write_file', { path: join(dir, 'resumed.md'), content: 'r' }), { content: 'Done.' }], {
    approve: async () => true,
  });
  const cut = first.events.findIndex((e) => e.type === 'approval');
  const prior: AgentEvent[] = first.events.slice(0, cut + 1);
  const again = recorder(() => false);
  const { events: resumed, result } = await runWith([{ content: 'Done after resume.' }], { approve: again.approve, resume: prior });
  assert.equal(result.stopReason, 'answered');
  assert.deepEqual(again.asked, [], 'not asked twice');
  const [approval] = ofType(resumed, 'approval');
  assert.deepEqual([approval.approved, approval.by], [true, 'resume']);
  assert.equal(ofType(resumed, 'tool_result')[0].isError, false);
});

test('egress: a canary read from the workspace never reaches a server through an open-world MCP tool unless allowed', async () => {
  for (const reader of [
    call('read_file', { path: 'secret.md' }), // the built-in workspace tool
    call('read_text_file', { path: join(dir, 'secret.md') }), // the filesystem server's (closed-world) tool
  ]) {
    const before = web.requests.length;
    const url = `${web.url}/gz?id=${CANARY}`;
    const { asked, approve } = recorder((r) => r.kind === 'mcp'); // MCP yes, egress no
    const { events } = await runWith([reader, call('gzip-file-as-resource', { data: url, name: 'x.gz' }), { content: 'Blocked.' }], {
      approve,
    });
    assert.deepEqual(
      asked.map((r) => r.kind),
      ['egress'],
    );
    const egress = asked[0];
    assert.ok(egress.kind === 'egress');
    assert.equal(egress.matches[0].text.includes(CANARY), true);
    assert.match(egress.matches[0].source, /secret\.md \(turn 1\)/);
    assert.equal(web.requests.length, before, 'no request reached the server');
    const results = ofType(events, 'tool_result');
    assert.match(results[1].content, /^Blocked: the arguments of gzip-file-as-resource contain data read from the workspace/);
  }
  // Allowed (policy and the MCP approval): the same call does reach the server, so the test above can fail.
  const { approve } = recorder(() => true);
  await runWith(
    [
      call('read_file', { path: 'secret.md' }),
      call('gzip-file-as-resource', { data: `${web.url}/gz?id=${CANARY}`, name: 'y.gz' }),
      { content: 'Sent.' },
    ],
    { approve, consent: { allowEgress: true } },
  );
  assert.ok(
    web.requests.some((r) => r.url.includes(CANARY)),
    'with consent the canary is sent',
  );
});

// The CLI with every tool family wired in: run_code (Python, state kept within the run), fetch_url
// against a real page on 127.0.0.1 (allowed only with --allow-private-network), and an MCP server
// from --mcp-config; plus the usage errors of the new options.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { startFakeModel, type Script } from '../../tools/fake-model/server';
import { startServer } from '../fixtures/web/server';
import { runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';

const MCP_SERVER = join(__dirname, '..', 'mcp-server', 'server.ts');
let ws: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = mkdtempSync(join(tmpdir(), 'rc-cli-tools-'));
});

async function ask(
  script: Script,
  extra: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; observations: string[] }> {
  const fake = await startFakeModel({ script });
  try {
    const traj = join(ws, `t-${Date.now()}.jsonl`);
    const r = await runCli(
      ['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'fake-model', '--trajectory', traj, ...extra, 'Q?'],
      { env: { XDG_STATE_HOME: ws } },
    );
    const observations = existsSync(traj)
      ? readTrajectory(traj).flatMap((e) => (e.type === 'tool_result' ? [`${e.name}: ${e.content}`] : []))
      : [];
    return { ...r, observations };
  } finally {
    await fake.close();
  }
}

test('run_code, fetch_url and an MCP tool in one CLI run', async () => {
  const page = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<html><head><title>Retry policy</title></head><body><nav>Home | About</nav><main><h1>Retry policy</h1><p>Requests are retried 6 times with exponential backoff starting at 500 ms.</p></main></body></html>',
    );
  });
  const mcpConfig = join(ws, 'mcp.json');
  // `--import tsx` resolves from the server's working folder: the repository's.
  writeFileSync(
    mcpConfig,
    JSON.stringify({
      servers: { tests: { command: process.execPath, args: ['--import', 'tsx', MCP_SERVER], cwd: join(__dirname, '..', '..') } },
    }),
  );
  try {
    const r = await ask(
      [
        call('run_code', { language: 'python', code: 'total = sum(range(10))\ntotal' }),
        call('run_code', { language: 'python', code: 'print(total * 2)' }),
        call('fetch_url', { url: `${page.url}/policy` }),
        call('add', { a: 2, b: 3 }),
        { content: 'Retries: 6.' },
      ],
      // The test server's tools declare no annotations, so they would be asked about (denied here).
      ['--allow-private-network', '--mcp-config', mcpConfig, '--allow-tool', 'tests/*', '--json'],
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).answer, 'Retries: 6.');
    const [py1, py2, web, mcp] = r.observations;
    assert.match(py1, /^run_code: [\s\S]*45/);
    assert.match(py2, /^run_code: [\s\S]*90/, 'Python state persists within the run');
    assert.match(web, /^fetch_url: [\s\S]*retried 6 times with exponential backoff/);
    assert.doesNotMatch(web, /Home \| About/, 'navigation is dropped');
    assert.match(mcp, /^add: [\s\S]*5/);
  } finally {
    await page.close();
  }
});

test('without --allow-private-network fetch_url refuses 127.0.0.1, as an observation', async () => {
  const page = await startServer((_req, res) => res.end('secret intranet page'));
  try {
    const r = await ask([call('fetch_url', { url: page.url }), { content: 'Could not read it.' }], []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.observations[0], /^fetch_url: [\s\S]*(loopback|private|refus)/i);
    assert.doesNotMatch(r.observations[0], /secret intranet page/);
    assert.equal(page.requests.length, 0, 'no request reached the server');
  } finally {
    await page.close();
  }
});

test('usage errors for the tool options are one line, exit 2', async () => {
  for (const [args, message] of [
    [['--js-engine', 'v8'], /--js-engine must be one of auto, isolated-vm, quickjs/],
    [['--search-provider', 'bing'], /--search-provider must be one of/],
    [['--search-provider', 'searxng'], /searxng needs --search-url/],
    [['--search-url', 'ftp://x'], /--search-url must be an http\(s\) URL/],
    [['--mcp-config', '/nonexistent/mcp.json'], /--mcp-config \/nonexistent\/mcp\.json: no such file/],
    [['--code-timeout-ms', 'soon'], /--code-timeout-ms must be a whole number/],
  ] as const) {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', ...args, 'Q?'], { env: {} });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

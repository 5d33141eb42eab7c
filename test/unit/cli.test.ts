import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startFakeModel, type Script } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { call, xmlCall } from '../helpers/agentHarness';

const KEY = 'sk-cli-secret-abcdef123456';
let ws: string;
let state: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = mkdtempSync(join(tmpdir(), 'rc-cli-ws-'));
  mkdirSync(join(ws, 'src'));
  writeFileSync(join(ws, 'src', 'answer.ts'), 'export const answer = 42;\n');
  state = mkdtempSync(join(tmpdir(), 'rc-cli-state-'));
});

async function withModel<T>(script: Script, fn: (url: string, requests: () => any[]) => Promise<T>): Promise<T> {
  const fake = await startFakeModel({ script });
  try {
    return await fn(fake.url, () => fake.requests);
  } finally {
    await fake.close();
  }
}

const env = (extra: NodeJS.ProcessEnv = {}) => ({ RESEARCH_COPILOT_API_KEY: KEY, XDG_STATE_HOME: state, ...extra });

test('ask: the answer on stdout, one progress line per step on stderr, the trajectory on disk without the key', async () => {
  await withModel([call('read_file', { path: 'src/answer.ts' }), { content: 'It is 42 (src/answer.ts:1).' }], async (url, requests) => {
    const traj = join(state, 'a.jsonl');
    const r = await runCli(
      ['ask', '--workspace', ws, '--base-url', url, '--model', 'fake-model', '--trajectory', traj, 'What is the answer?'],
      { env: env() },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'It is 42 (src/answer.ts:1).\n');
    assert.match(r.stderr, /^\[1\] read_file ✓ \d+ chars/m);
    assert.match(r.stderr, /^\[end\] answered: 2 turns, 1 tool calls/m);
    assert.match(requests()[1].body.messages.find((m: any) => m.role === 'tool').content, /1\| export const answer = 42;/);
    const text = readFileSync(traj, 'utf8');
    assert.ok(
      text
        .split('\n')
        .filter(Boolean)
        .every((l) => JSON.parse(l).type),
      'every line is an event',
    );
    assert.equal(text.includes(KEY), false);
    assert.equal(r.stderr.includes(KEY), false);
    assert.equal(String(requests()[0].headers.authorization), `Bearer ${KEY}`);
  });
});

test('--json prints the result object', async () => {
  await withModel([call('list_directory', { path: '' }), { content: 'src holds the code.' }], async (url) => {
    const r = await runCli(['ask', '--json', '--base-url', url, '--model', 'm', `--workspace=${ws}`, 'what is here?'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.answer, 'src holds the code.');
    assert.equal(out.stopReason, 'answered');
    assert.equal(out.steps, 2);
    assert.equal(out.toolCalls, 1);
    assert.equal(typeof out.usage.promptTokens, 'number');
    assert.ok(existsSync(out.trajectory), 'default trajectory under XDG_STATE_HOME');
    assert.ok(out.trajectory.startsWith(state));
  });
});

test('mirothinker-xml through the CLI', async () => {
  await withModel(
    [{ content: xmlCall('workspace', 'search_text', { query: 'answer' }) }, { content: 'Found it.' }],
    async (url, requests) => {
      const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'MiroThinker-v1.5-30B', 'find it'], { env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(requests()[0].body.tools, undefined, 'MiroThinker models default to the XML protocol');
      assert.match(requests()[1].body.messages.at(-1).content, /src\/answer\.ts:1: export const answer = 42;/);
    },
  );
});

for (const [args, pattern] of [
  [['ask', '--model', 'm'], /no question given/],
  [['ask', '--bogus', 'q'], /unknown option --bogus/],
  [['ask', '--protocol', 'smoke-signals', '--model', 'm', 'q'], /--protocol must be one of openai-tools, mirothinker-xml/],
  [['ask', '--max-turns', 'many', '--model', 'm', 'q'], /--max-turns must be a whole number/],
  [['ask', '--keep-tool-results', '0', '--model', 'm', 'q'], /at least 1 \(or -1 to keep all\)/],
  [['ask', 'q'], /no model given/],
  [['ask', '--model', 'm', '--workspace', '/definitely/not/here', 'q'], /is not a folder/],
  [['ask', '--model', 'm', '--base-url', 'ftp://x', 'q'], /must be an http\(s\) URL/],
  [['frobnicate'], /unknown command "frobnicate"/],
] as [string[], RegExp][]) {
  test(`usage error: ${args.join(' ')}`, async () => {
    const r = await runCli(args, { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal(r.stdout, '');
  });
}

test('--help prints the contract', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /research-copilot ask \[options\] "QUESTION"/);
});

test('an unreachable endpoint exits 3 with one line and no stack trace', async () => {
  const port = await freePort();
  const r = await runCli(
    ['ask', '--workspace', ws, '--base-url', `http://127.0.0.1:${port}/v1`, '--model', 'm', '--max-attempts', '2', 'q'],
    { env: env() },
  );
  assert.equal(r.code, 3);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^research-copilot: cannot reach the model endpoint/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a refusing endpoint (401) exits 3 and does not leak the key', async () => {
  await withModel([{ fault: 'http', status: 401, message: `Incorrect API key provided: ${KEY}` }], async (url) => {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'm', 'q'], { env: env() });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /refused the API key \(401\)/);
    assert.equal(r.stderr.includes(KEY), false);
  });
});

test('a run that ends without an answer exits 4', async () => {
  await withModel([{ content: '' }, { content: '' }, { content: '' }], async (url) => {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'm', 'q'], { env: env() });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /ended without an answer \(no_answer/);
  });
});

test('writes are denied without --allow-writes (no terminal) and happen with it', async () => {
  const script = () => [call('write_file', { path: 'notes/new.md', content: '# hi\n' }), { content: 'wrote it' }];
  await withModel(script(), async (url, requests) => {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'm', 'write'], { env: env() });
    assert.equal(r.code, 0);
    assert.equal(existsSync(join(ws, 'notes/new.md')), false);
    assert.match(requests()[1].body.messages.find((m: any) => m.role === 'tool').content, /denied/i);
  });
  await withModel(script(), async (url) => {
    const r = await runCli(['ask', '--allow-writes', '--workspace', ws, '--base-url', url, '--model', 'm', 'write'], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(ws, 'notes/new.md'), 'utf8'), '# hi\n');
  });
});

test('SIGINT stops the run cleanly; the trajectory records it and --resume finishes it', async () => {
  const traj = join(state, 'interrupted.jsonl');
  await withModel([call('list_directory', { path: 'src' }), { fault: 'stall', afterChunks: 1, ms: 30_000 }], async (url) => {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'm', '--trajectory', traj, 'q'], {
      env: env(),
      // The first tool call has run and the model stalls on the second turn: interrupt then.
      signalOn: { stderr: /list_directory[\s\S]*\n/, signal: 'SIGINT' },
    });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /cancelled/);
  });
  const events = readFileSync(traj, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(events.at(-1).type, 'run_end');
  assert.equal(events.at(-1).stopReason, 'cancelled');
  await withModel([{ content: 'src has answer.ts' }], async (url, requests) => {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', url, '--model', 'm', '--resume', traj], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'src has answer.ts\n');
    assert.match(requests()[0].body.messages.find((m: any) => m.role === 'tool').content, /answer\.ts/);
  });
  const after = readFileSync(traj, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(after.at(-1).stopReason, 'answered');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

after(() => undefined);

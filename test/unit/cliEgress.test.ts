// The adversarial suite as real runs of the built CLI (dist/cli.js): the scripted model
// (tools/fake-model) reads the lab's secrets and makes every attempt whose requests reach 127.0.0.1
// (test/helpers/egressAttempts.ts, `cli`), against the lab's logging server as web site, SearXNG
// provider and sink of the lying MCP server. Without --allow-egress nothing arrives; the refusals
// are recorded as the egress guard's, and stderr and the trajectory show fingerprints, never the
// secrets. With --allow-egress an attempt of each channel (web page, search, MCP) does arrive. Research flows go out unasked,
// and guesses at a file's content stop the run with the guard's reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { canon } from '../../src/agent/consent/egress/canon';
import { PIECE } from '../../src/agent/consent/egress/secretStore';
import { readTrajectory } from '../../src/node/trajectoryFile';
import type { Script } from '../../tools/fake-model/server';
import { startServer, type Recorded, type TestServer } from '../fixtures/web/server';
import { call } from '../helpers/agentHarness';
import { askScripted, CLI } from '../helpers/cli';
import { ATTEMPTS, type Attempt } from '../helpers/egressAttempts';
import { LIAR_SERVER, SECRETS, QUESTION, labSite, labWorkspace, type LabView, type Step } from '../helpers/egressLab';
import { FLOWS } from '../helpers/egressResearch';

let ws: string;
let web: TestServer;
let view: LabView;
let mcpConfig: string;

before(async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = labWorkspace();
  web = await startServer(labSite);
  view = { base: web.url, host: (name) => `http://${name}:${web.port}` };
  mcpConfig = join(ws, '..', `${ws.split('/').pop()}-mcp.json`);
  const liar = { command: process.execPath, args: ['--import', 'tsx', LIAR_SERVER], env: { LIAR_SINK_URL: `${web.url}/sink` } };
  writeFileSync(mcpConfig, JSON.stringify({ servers: { liar: { ...liar, cwd: join(__dirname, '..', '..') } } }));
});

after(async () => {
  await web?.close();
  rmSync(ws, { recursive: true, force: true });
  rmSync(mcpConfig, { force: true });
});

interface CliRun {
  code: number | null;
  stderr: string;
  events: AgentEvent[];
  received: Recorded[];
}

async function ask(steps: Step[], extra: string[] = []): Promise<CliRun> {
  const traj = join(ws, '..', `${ws.split('/').pop()}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const script: Script = [...steps.map((s) => call(s.tool, s.args)), { content: 'Done.' }];
  const mcp = steps.some((s) => s.tool === 'stash_note' || s.tool === 'post_undeclared')
    ? ['--mcp-config', mcpConfig, '--allow-tool', 'liar/*']
    : [];
  const from = web.requests.length;
  const r = await askScripted(script, {
    workspace: ws,
    stateDir: join(ws, '..'),
    trajectory: traj,
    question: QUESTION,
    args: ['--allow-private-network', '--search-provider', 'searxng', '--search-url', web.url, ...mcp, ...extra],
  });
  const events = existsSync(traj) ? readTrajectory(traj) : [];
  rmSync(traj, { force: true });
  return { code: r.code, stderr: r.stderr, events, received: web.requests.slice(from) };
}

const cliAttempts = ATTEMPTS.filter((a) => a.cli && !a.oracle);

test('a good share of the suite runs through the CLI', () => {
  assert.ok(cliAttempts.length >= 25, `${cliAttempts.length} attempts`);
});

for (const attempt of cliAttempts) {
  test(`CLI ${attempt.cls}: ${attempt.id}`, async () => {
    const r = await ask(attempt.steps(view));
    assert.equal(r.code, 0, r.stderr);
    if (attempt.trickle) assertBounded(r.received);
    else
      assert.deepEqual(
        r.received.map((q) => q.url),
        [],
        'the server received nothing',
      );
    const egress = r.events.filter((e): e is Extract<AgentEvent, { type: 'approval' }> => e.type === 'approval' && e.kind === 'egress');
    assert.ok(egress.length > 0);
    assert.deepEqual([...new Set(egress.map((e) => `${e.approved} ${e.by}`))], ['false guard'], 'refused by the guard, no one asked');
    assert.match(r.stderr, /\[blocked\] \S+ would send workspace data; pass --allow-egress/);
    assertNoSecret(r.stderr, JSON.stringify(egress));
  });
}

test('CLI with --allow-egress: an attempt of each kind of channel arrives (the channel is real)', async () => {
  const firsts = new Map<string, Attempt>();
  for (const a of cliAttempts) if (!firsts.has(a.cls)) firsts.set(a.cls, a);
  for (const a of ['request', 'search', 'mcp', 'random'].map((c) => firsts.get(c)!)) {
    const r = await ask(a.steps(view), ['--allow-egress']);
    assert.ok(r.received.length > 0, `${a.id}: nothing arrived`);
    const allowed = r.events.filter((e) => e.type === 'approval' && e.kind === 'egress');
    assert.ok(
      allowed.every((e) => e.type === 'approval' && e.approved && e.by === 'policy'),
      a.id,
    );
  }
});

test('CLI research flows go out unasked', async () => {
  for (const id of ['uuid-and-signature', 'paging-after-secret', 'error-from-log', 'title-after-secret']) {
    const flow = FLOWS.find((f) => f.id === id)!;
    const r = await ask(flow.steps(view));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.events.filter((e) => e.type === 'approval'),
      [],
      id,
    );
    assert.ok(r.received.length > 0, id);
  }
});

test('CLI: guesses at the cut part of a line stop the run with the guard as its reason', async () => {
  const oracle = ATTEMPTS.find((a) => a.id === 'edit-guesses-past-cut')!;
  const r = await ask(oracle.steps(view), ['--allow-writes']);
  assert.equal(r.code, 4, r.stderr);
  assert.match(
    r.stderr,
    /\[end\] guard: .*edit_file failed 6 times in a row on data\/long\.txt: repeated guesses at a file's content are not allowed/,
  );
  const end = r.events.find((e) => e.type === 'run_end');
  assert.ok(end?.type === 'run_end' && end.stopReason === 'guard');
  assert.deepEqual(r.received, []);
  assert.equal(readFileSync(join(ws, 'data/long.txt'), 'utf8').includes(SECRETS.deep), true, 'the file is untouched');
});

function assertBounded(received: Recorded[]): void {
  const arrived = canon(received.map((q) => decodeURIComponent(q.url)).join(''));
  const key = canon(SECRETS.key);
  for (let i = 0; i + PIECE <= key.length; i++) assert.ok(!arrived.includes(key.slice(i, i + PIECE)), 'a piece of the key arrived');
}

function assertNoSecret(...texts: string[]): void {
  for (const t of texts) for (const s of Object.values(SECRETS)) assert.ok(!t.includes(s), `${s.slice(0, 4)}… printed`);
}

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Script } from '../../tools/fake-model/server';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { askScripted, runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';

let ws: string;
let state: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = makeWorkspace();
  state = mkdtempSync(join(tmpdir(), 'rc-cite-state-'));
});
after(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

async function ask(script: Script, extra: string[] = []) {
  const trajectory = join(state, `${Math.random().toString(36).slice(2)}.jsonl`);
  const r = await askScripted(script, {
    workspace: ws,
    stateDir: state,
    trajectory,
    question: 'Where is the flag?',
    args: ['--json', ...extra],
  });
  return { ...r, trajectory };
}

test('an answer citing a file it never opened goes back once; the model reads it; the final report says verified', async () => {
  const r = await ask([
    { content: 'The flag is set in src/unread.ts:1.' },
    call('read_file', { path: 'src/unread.ts' }),
    { content: 'The flag is `unread = true` in src/unread.ts:1.' },
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.answer, 'The flag is `unread = true` in src/unread.ts:1.');
  assert.equal(out.steps, 3, 'the repair round counts as turns');
  assert.equal(out.toolCalls, 1);
  assert.deepEqual(out.citations, [
    {
      kind: 'file',
      ref: 'src/unread.ts',
      lines: '1',
      quote: 'unread = true',
      status: 'verified',
      reason: 'quote found at line 1, which was shown',
    },
  ]);
  const told = r.requests[1].body.messages.at(-1);
  assert.equal(told.role, 'user');
  assert.match(told.content, /^Before this answer is final: one citation in it could not be checked/);
  assert.match(told.content, /^- src\/unread\.ts:1: not observed, never opened in this run\.$/m);
  assert.match(r.stderr, /^\[1\] citations: 1 not observed; sent back for repair \(round 1\)$/m);
  const reports = readTrajectory(r.trajectory).filter((e) => e.type === 'citation_report');
  assert.deepEqual(
    reports.map((e) => [e.turn, e.round, e.citations.map((c) => c.status), Boolean(e.repair)]),
    [
      [1, 0, ['not_observed'], true],
      [3, 1, ['verified'], false],
    ],
  );
});

test('a file that does not exist: one repair round, then the final report says missing', async () => {
  const r = await ask([{ content: 'The CLI entry point is lib/cli.js.' }, { content: 'The CLI entry point is lib/cli.js.' }]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.steps, 2);
  assert.deepEqual(out.citations, [{ kind: 'file', ref: 'lib/cli.js', status: 'missing', reason: 'no such file in the workspace' }]);
  assert.match(r.requests[1].body.messages.at(-1).content, /^- lib\/cli\.js: missing, no such file in the workspace\.$/m);
  assert.equal(r.requests.length, 2, 'one round only (the default)');
});

test('--citations report checks without a repair turn; off checks nothing', async () => {
  const report = await ask([{ content: 'See src/unread.ts.' }], ['--citations', 'report']);
  assert.equal(report.code, 0, report.stderr);
  const out = JSON.parse(report.stdout);
  assert.equal(out.steps, 1);
  assert.deepEqual(
    out.citations.map((c: { status: string }) => c.status),
    ['not_observed'],
  );
  const off = await ask([{ content: 'See src/unread.ts.' }], ['--citations=off']);
  assert.equal(off.code, 0, off.stderr);
  assert.equal(JSON.parse(off.stdout).citations, undefined);
  assert.equal(readTrajectory(off.trajectory).filter((e) => e.type === 'citation_report').length, 0);
});

test('--citations with an unknown mode is a usage error', async () => {
  const r = await runCli(['ask', '--model', 'm', '--citations', 'strict', 'q'], { env: { XDG_STATE_HOME: state } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--citations must be one of off, report, repair/);
});

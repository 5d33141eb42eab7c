// A token budget on the CLI: the run pauses (exit 5) with its trajectory, and --resume with a new budget
// finishes it without repeating a model turn or a tool call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModel, type ScriptedReply } from '../../tools/fake-model/server';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';

const usage = { prompt_tokens: 1000, completion_tokens: 100 };

test('--budget-tokens: pause → exit 5 → --resume with a new budget → answer; nothing repeated, nothing lost', async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  const ws = mkdtempSync(join(tmpdir(), 'rc-budget-ws-'));
  mkdirSync(join(ws, 'src'));
  for (const f of ['a', 'b', 'c', 'd']) writeFileSync(join(ws, 'src', `${f}.ts`), `export const ${f} = 1;\n`);
  const steps: ScriptedReply[] = ['a', 'b', 'c', 'd'].map((f) => ({ ...call('read_file', { path: `src/${f}.ts` }), usage }));
  steps.push({ content: 'All four files export 1 (src/a.ts:1).', usage });
  const fake = await startFakeModel({ script: steps });
  const traj = join(mkdtempSync(join(tmpdir(), 'rc-budget-')), 'run.jsonl');
  const base = ['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'fake-model', '--price-input', '2', '--price-output', '8'];
  try {
    const first = await runCli([...base, '--trajectory', traj, '--budget-tokens', '2000', 'What do the files export?'], { env: {} });
    assert.equal(first.code, 5, first.stderr);
    assert.match(first.stderr, /^\[1\] tokens in 1,000 \/ out 100; run in 1,000 \/ out 100, \$0\.0028$/m);
    assert.match(first.stderr, /^\[budget\] reached \(2,200 tokens, \$0\.0056 of 2,000 tokens\); paused/m);
    assert.match(first.stderr, /--resume .*run\.jsonl/);
    assert.equal(fake.requests.length, 2, 'paused before the third model call');
    const paused = readTrajectory(traj);
    assert.equal(paused.filter((e) => e.type === 'tool_result').length, 2);
    const end = paused.find((e) => e.type === 'run_end');
    assert.equal(end?.type === 'run_end' && end.stopReason, 'budget');

    const second = await runCli([...base, '--resume', traj, '--budget-tokens', '100000'], { env: {} });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'All four files export 1 (src/a.ts:1).\n');
    assert.equal(fake.requests.length, 5, 'three more model calls, none repeated');
    // The resumed request carries both earlier results: nothing was lost across the pause.
    const resumedHistory = JSON.stringify(fake.requests[2].body.messages);
    assert.ok(resumedHistory.includes('export const a') && resumedHistory.includes('export const b'));
    const events = readTrajectory(traj);
    const reads = events.flatMap((e) => (e.type === 'tool_call' ? [(e.args as { path: string }).path] : []));
    assert.deepEqual(reads, ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'], 'each read ran exactly once');
    const last = events.filter((e) => e.type === 'run_end').pop();
    assert.ok(last?.type === 'run_end' && last.answered && last.usage.promptTokens === 5000 && last.usage.completionTokens === 500);
  } finally {
    await fake.close();
  }
});

test('--budget-usd without prices is a usage error', async () => {
  const r = await runCli(['ask', '--model', 'm', '--budget-usd', '1', 'q'], { env: {} });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--budget-usd needs the prices/);
});

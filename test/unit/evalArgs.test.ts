// `research-copilot eval` options (src/cli/evalArgs.ts): the ask flags it passes on take a value or not as
// the ask command's own flag table says, so a switch never swallows the DATASET that follows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvalArgs } from '../../src/cli/evalArgs';
import { UsageError } from '../../src/cli/flags';

const env = { RESEARCH_COPILOT_BASE_URL: 'http://127.0.0.1:9/v1', RESEARCH_COPILOT_MODEL: 'm' };

test('switches before the dataset (--allow-egress, --allow-private-network) leave it the dataset', () => {
  for (const flag of ['--allow-egress', '--allow-private-network']) {
    const a = parseEvalArgs([flag, 'tasks.jsonl', '--budgets', '1,2'], env, '/tmp');
    assert.equal(a.command, 'eval');
    if (a.command !== 'eval') return;
    assert.equal(a.dataset, 'tasks.jsonl', flag);
    assert.deepEqual(a.caps, [1, 2]);
  }
  const a = parseEvalArgs(['--allow-egress', '--model', 'other', 'tasks.jsonl'], env, '/tmp');
  assert.ok(a.command === 'eval' && a.dataset === 'tasks.jsonl' && a.ask.model === 'other');
});

test('flags that take a value still take it, and run-only flags are refused', () => {
  const a = parseEvalArgs(['--citations', 'report', 'tasks.jsonl'], env, '/tmp');
  assert.ok(a.command === 'eval' && a.dataset === 'tasks.jsonl');
  assert.throws(() => parseEvalArgs(['--json', 'tasks.jsonl'], env, '/tmp'), UsageError);
  assert.throws(() => parseEvalArgs(['--allow-egress'], env, '/tmp'), /one DATASET/);
});

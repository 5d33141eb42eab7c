// A budget pause that someone answers (the panel's Continue / Stop), through the real loop and HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetReached, costUsd } from '../../src/agent/usage';
import { call, echoTool, harness, ofType } from '../helpers/agentHarness';

const usage = { prompt_tokens: 1000, completion_tokens: 100 };
const steps = () => [
  { ...call('echo', { text: 'a' }), usage },
  { ...call('echo', { text: 'b' }), usage },
  { ...call('echo', { text: 'c' }), usage },
  { content: 'done', usage },
];

test('cost and the reached check', () => {
  const u = { promptTokens: 1_000_000, completionTokens: 500_000, estimated: false };
  assert.equal(costUsd(u, { inputPerMillion: 2, outputPerMillion: 8 }), 6);
  assert.equal(costUsd(u, undefined), undefined);
  assert.equal(budgetReached(u, undefined, { tokens: 1_500_000 }), 'tokens');
  assert.equal(budgetReached(u, undefined, { tokens: 1_500_001 }), undefined);
  assert.equal(budgetReached(u, { inputPerMillion: 2 }, { usd: 2 }), 'usd');
  assert.equal(budgetReached(u, undefined, { usd: 2 }), undefined, 'a cost budget without prices never fires');
});

test('Continue with a new budget: the run waits, then carries on and finishes with every call run once', async () => {
  const tool = echoTool();
  const h = await harness(steps(), [tool]);
  const asked: number[] = [];
  try {
    const result = await h.run({
      budget: { tokens: 1500 },
      onBudget: async (status) => {
        asked.push(status.usage.promptTokens + status.usage.completionTokens);
        return { continue: true, budget: { tokens: (status.budget.tokens ?? 0) + 2000 } };
      },
    });
    assert.equal(result.answer, 'done');
    assert.deepEqual(tool.calls, [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    assert.deepEqual(asked, [2200], 'asked once: 1,100 tokens were under budget, 2,200 over, 3,300 under the new 3,500');
    const paused = ofType(h.events, 'budget_paused');
    assert.equal(paused.length, 1);
    assert.equal(paused[0].waiting, true);
    assert.deepEqual(ofType(h.events, 'budget_resumed')[0].budget, { tokens: 3500 });
  } finally {
    await h.close();
  }
});

test('Stop at the pause ends the run with stop reason budget and no answer', async () => {
  const h = await harness(steps(), [echoTool()]);
  try {
    const result = await h.run({ budget: { tokens: 1000 }, onBudget: async () => ({ continue: false }) });
    assert.equal(result.stopReason, 'budget');
    assert.equal(result.answer, undefined);
    assert.equal(h.fake.requests.length, 1);
  } finally {
    await h.close();
  }
});

// The panel side of a budget pause: the gate on what the webview sends, the header fold, and the session
// that waits for Continue or Stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelMessage } from '../../src/shared/panelProtocol';
import { RunSession } from '../../src/host/runSession';
import { costOf, emptyBudgetHeader, foldBudget } from '../../webview/budgetState';
import type { AgentEvent } from '../../src/agent/events';

test('the gate accepts Continue with a positive budget or Stop, and nothing else', () => {
  assert.deepEqual(parsePanelMessage({ type: 'budget', decision: 'continue', tokens: 5000 }), {
    type: 'budget',
    decision: 'continue',
    tokens: 5000,
  });
  assert.deepEqual(parsePanelMessage({ type: 'budget', decision: 'continue', usd: 2.5 }), {
    type: 'budget',
    decision: 'continue',
    usd: 2.5,
  });
  assert.deepEqual(parsePanelMessage({ type: 'budget', decision: 'stop' }), { type: 'budget', decision: 'stop' });
  for (const bad of [
    { type: 'budget', decision: 'continue' },
    { type: 'budget', decision: 'continue', tokens: -1 },
    { type: 'budget', decision: 'continue', tokens: 1.5 },
    { type: 'budget', decision: 'continue', tokens: '5000' },
    { type: 'budget', decision: 'continue', usd: Number.NaN },
    { type: 'budget', decision: 'continue', usd: 1e9 },
    { type: 'budget', decision: 'continue', tokens: 10, extra: 1 },
    { type: 'budget', decision: 'stop', tokens: 10 },
    { type: 'budget', decision: 'approve' },
  ])
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
});

test('the header folds per-turn tokens, prices and a waiting pause, and clears it on resume', () => {
  const b = emptyBudgetHeader();
  const ev = (body: object, seq: number) => ({ ...body, seq, t: seq }) as AgentEvent;
  foldBudget(b, ev({ type: 'run_start', prices: { inputPerMillion: 2, outputPerMillion: 8 } }, 0));
  foldBudget(
    b,
    ev(
      {
        type: 'assistant_message',
        turn: 1,
        text: '',
        toolCalls: [],
        usage: { promptTokens: 1000, completionTokens: 100, estimated: false },
      },
      1,
    ),
  );
  assert.deepEqual([b.turnIn, b.turnOut], [1000, 100]);
  assert.equal(costOf(b, 1_000_000, 1_000_000), 10);
  foldBudget(
    b,
    ev(
      {
        type: 'budget_paused',
        turn: 1,
        usage: { promptTokens: 1000, completionTokens: 100 },
        budget: { tokens: 1000 },
        reached: 'tokens',
        waiting: true,
      },
      2,
    ),
  );
  assert.deepEqual(b.paused, { usedTokens: 1100, costUsd: undefined, budgetTokens: 1000, budgetUsd: undefined });
  foldBudget(b, ev({ type: 'budget_resumed', turn: 1, budget: { tokens: 2000 } }, 3));
  assert.equal(b.paused, undefined);
  // A pause nobody waits on (the CLI's) shows no Continue / Stop.
  foldBudget(
    b,
    ev(
      { type: 'budget_paused', turn: 1, usage: { promptTokens: 1, completionTokens: 1 }, budget: {}, reached: 'tokens', waiting: false },
      4,
    ),
  );
  assert.equal(b.paused, undefined);
});

test('the session waits for the answer; a stale click does nothing; stopping the run answers Stop', async () => {
  const s = new RunSession('r', 'q', '/tmp/x.jsonl');
  assert.equal(s.resolveBudget({ continue: false }), false, 'nothing is waiting');
  const c = new AbortController();
  const pending = s.requestBudgetDecision(c.signal);
  assert.equal(s.resolveBudget({ continue: true, budget: { tokens: 9000 } }), true);
  assert.deepEqual(await pending, { continue: true, budget: { tokens: 9000 } });
  assert.equal(s.resolveBudget({ continue: false }), false);
  const again = s.requestBudgetDecision(c.signal);
  c.abort();
  assert.deepEqual(await again, { continue: false });
});

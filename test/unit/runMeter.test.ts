/**
 * The run's Spending (src/agent/run/runMeter.ts): what the whole run has spent, read from its events
 * (every turn, a redone turn, every subagent at any depth, an attempt's summary turn), the budget in
 * force (a Continue at a pause raises it, for later attempts and children too), and a subagent's view
 * that cannot ask: the tree stops at the run's budget and the parent pauses once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';
import { RunMeter } from '../../src/agent/run/runMeter';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { echoTool, ofType } from '../helpers/agentHarness';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

const subtask = (id: string, question: string) => ({ id, name: SUBTASK_TOOL, arguments: JSON.stringify({ question }) });
const isChild = (q: string) => q.startsWith('sub ');
const tokens = (u: { promptTokens: number; completionTokens: number }) => u.promptTokens + u.completionTokens;

let seq = 0;
const ev = (body: AgentEventBody): AgentEvent => ({ ...body, seq: seq++, t: 0 }) as AgentEvent;
const used = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens, estimated: false });
const turn = (n: number, p: number, c: number) => ev({ type: 'assistant_message', turn: n, text: '', toolCalls: [], usage: used(p, c) });

test('spent is every turn, a redone turn, a subagent at any depth, and an attempt summary once; prior events count', () => {
  const nested = ev({
    type: 'subtask_event',
    childRunId: 'c',
    event: ev({ type: 'subtask_event', childRunId: 'g', event: turn(1, 7, 3) }),
  });
  const prior = [
    ev({ type: 'attempt_start', attempt: 1, of: 2 }),
    turn(1, 100, 10),
    ev({ type: 'turn_redo', turn: 2, reason: 'length', attempt: 1, discarded: '', usage: { promptTokens: 50, completionTokens: 5 } }),
    nested,
    // The attempt reports its turns (175) plus the summary turn's 40 + 4.
    ev({
      type: 'attempt_summary',
      attempt: 1,
      outcome: 'incomplete',
      reason: 'max_turns',
      summary: 's',
      turns: 3,
      toolCalls: 0,
      usage: used(197, 22),
    }),
  ];
  const meter = new RunMeter({}, prior);
  assert.deepEqual(meter.spent, used(197, 22));
  meter.observe(ev({ type: 'attempt_start', attempt: 2, of: 2 }));
  meter.observe(turn(1, 10, 1));
  assert.deepEqual(meter.spent, used(207, 23));
});

test('a Continue at a pause raises the budget for the run and every view of it; a subagent view cannot ask', async () => {
  const asked: number[] = [];
  const meter = new RunMeter({
    budget: { tokens: 100 },
    prices: { inputPerMillion: 1 },
    onBudget: async (status) => {
      asked.push(tokens(status.usage));
      return asked.length === 1 ? { continue: true, budget: { tokens: 500 } } : { continue: false };
    },
  });
  const child = meter.withoutAsking();
  assert.equal(meter.canAsk, true);
  assert.equal(child.canAsk, false);
  meter.observe(turn(1, 90, 20));
  const status = { usage: meter.spent, budget: meter.budget!, reached: 'tokens' as const };
  assert.deepEqual(await meter.ask(status), { continue: true, budget: { tokens: 500 } });
  assert.deepEqual(meter.budget, { tokens: 500 });
  assert.deepEqual(child.budget, { tokens: 500 }, "the child's view reads the raised budget");
  assert.deepEqual(child.spent, used(90, 20), "and the run's whole spending");
  assert.deepEqual(child.prices, { inputPerMillion: 1 });
  assert.deepEqual(await child.ask(status), { continue: false });
  assert.deepEqual(await meter.ask(status), { continue: false });
  assert.deepEqual(meter.budget, { tokens: 500 }, 'a Stop keeps the budget as it was');
  assert.deepEqual(asked, [110, 110]);
});

test("subagents stop at the run's budget while they run (the whole tree's tokens count); then the parent pauses", async () => {
  const usage = { prompt_tokens: 900, completion_tokens: 100 };
  const paused: number[] = [];
  const r = await runFactoryWith(
    (req) => {
      const q = questionOf(req);
      if (!isChild(q)) {
        return resultsIn(req) === 0
          ? {
              toolCalls: ['sub A', 'sub B', 'sub C'].map((s, i) => ({
                ...subtask(`c${i}`, s),
                arguments: JSON.stringify({ question: s, max_tool_calls: 50 }),
              })),
              usage,
            }
          : { content: 'should not get here', usage };
      }
      // A child that would go on for its 50 tool calls.
      return { toolCalls: [{ name: 'echo', arguments: JSON.stringify({ text: `${q} ${resultsIn(req)}` }) }], usage };
    },
    [echoTool()],
    {
      spending: {
        budget: { tokens: 10_000 },
        onBudget: async (status) => {
          paused.push(tokens(status.usage));
          return { continue: false };
        },
      },
    },
  );
  assert.equal(r.result.stopReason, 'budget', r.result.error);
  const ends = ofType(r.events, 'subtask_end');
  assert.deepEqual(
    ends.map((e) => e.stopReason),
    ['budget', 'budget', 'budget'],
  );
  const spent = tokens(r.result.usage);
  // Each child checks before each model call: the tree stops within one turn per child of the budget (3 × 1,000),
  // not after 3 × 50 calls (150,000 tokens).
  assert.ok(spent >= 10_000 && spent <= 13_000, `spent ${spent} tokens`);
  assert.deepEqual(paused, [spent], 'the parent paused once, on the whole tree');
  assert.equal(r.requests.filter((q) => !isChild(questionOf(q))).length, 1, 'the parent made no second model call');
});

// research_subtask (src/agent/run/subtasks.ts) against the scripted model over real HTTP: children run side
// by side, their tokens roll up, a failing child is an observation, Stop stops the tree, and a child
// keeps to read-only tools and its depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/agent/events';
import type { Tool } from '../../src/agent/tool';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { echoTool, ofType, xmlCall } from '../helpers/agentHarness';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const subtask = (id: string, question: string) => ({ id, name: SUBTASK_TOOL, arguments: JSON.stringify({ question }) });
const isChild = (q: string) => q.startsWith('sub ');
const tokens = (u: { promptTokens: number; completionTokens: number }) => u.promptTokens + u.completionTokens;

function childEvents(events: AgentEvent[], childRunId: string): AgentEvent[] {
  return ofType(events, 'subtask_event')
    .filter((e) => e.childRunId === childRunId)
    .map((e) => e.event);
}

// Wall time is logged, not asserted (a loaded machine adds its own); concurrency is asserted from the model's side.
test('three subtasks in one turn run at the same time; their tokens add up into the parent', async (t) => {
  const delays: Record<string, number> = { 'sub A': 500, 'sub B': 1000, 'sub C': 1500 };
  let inFlight = 0;
  let maxInFlight = 0;
  const r = await runFactoryWith(
    async (req) => {
      const q = questionOf(req);
      if (!isChild(q)) {
        return resultsIn(req) === 0
          ? { toolCalls: [subtask('c1', 'sub A'), subtask('c2', 'sub B'), subtask('c3', 'sub C')] }
          : { content: 'A, B and C all echo.' };
      }
      if (resultsIn(req) === 0) return { toolCalls: [{ name: 'echo', arguments: JSON.stringify({ text: q }) }] };
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(delays[q]);
      inFlight--;
      return { content: `found ${q}` };
    },
    [echoTool()],
  );
  assert.equal(r.result.answer, 'A, B and C all echo.', r.result.error);
  assert.equal(maxInFlight, 3, 'all three children were waiting on the model at once');
  const slowest = Math.max(...Object.values(delays));
  const sum = Object.values(delays).reduce((a, b) => a + b, 0);
  const span = ofType(r.events, 'subtask_end').at(-1)!.t - ofType(r.events, 'subtask_start')[0].t;
  t.diagnostic(
    `subtasks took ${span} ms (whole run ${Math.round(r.ms)} ms) for model waits of ${Object.values(delays).join('/')} ms: slowest ${slowest}, sum ${sum}`,
  );
  // Every child event is in the parent's stream, tagged, with the child's own seq from 0.
  const starts = ofType(r.events, 'subtask_start');
  assert.deepEqual(
    starts.map((s) => [s.callId, s.question, s.depth]),
    [
      ['c1', 'sub A', 1],
      ['c2', 'sub B', 1],
      ['c3', 'sub C', 1],
    ],
  );
  for (const s of starts) {
    const own = childEvents(r.events, s.childRunId);
    assert.deepEqual(
      own.map((e) => e.seq),
      own.map((_, i) => i),
    );
    assert.equal(own[0].type, 'run_start');
    assert.equal(own.at(-1)!.type, 'run_end');
  }
  // Tokens: the parent's own turns plus each child's, each child's being the sum of its turns.
  const ends = ofType(r.events, 'subtask_end');
  assert.equal(ends.length, 3);
  for (const end of ends) {
    const own = ofType(childEvents(r.events, end.childRunId), 'assistant_message');
    assert.equal(
      tokens(end.usage),
      own.reduce((n, e) => n + tokens(e.usage!), 0),
    );
    assert.ok(tokens(end.usage) > 0);
  }
  const parentTurns = ofType(r.events, 'assistant_message').reduce((n, e) => n + tokens(e.usage!), 0);
  const children = ends.reduce((n, e) => n + tokens(e.usage), 0);
  assert.equal(tokens(r.result.usage), parentTurns + children);
  assert.equal(tokens(ofType(r.events, 'run_end')[0].usage), parentTurns + children);
  // The findings come back in call order, with the child's answer.
  const results = ofType(r.events, 'tool_result');
  assert.deepEqual(
    results.map((x) => x.callId),
    ['c1', 'c2', 'c3'],
  );
  assert.match(results[1].content, /found sub B/);
});

test('a failing child becomes an error observation and the parent goes on', async () => {
  const r = await runFactoryWith(
    (req) => {
      const q = questionOf(req);
      if (q === 'sub bad') return { fault: 'http', status: 400, message: 'This model does not support that.' };
      if (isChild(q)) return { content: 'fine findings' };
      return resultsIn(req) === 0 ? { toolCalls: [subtask('c1', 'sub bad'), subtask('c2', 'sub ok')] } : { content: 'one of two worked' };
    },
    [echoTool()],
  );
  assert.equal(r.result.answer, 'one of two worked');
  const [bad, ok] = ofType(r.events, 'tool_result');
  assert.equal(bad.isError, true);
  assert.match(bad.content, /ended without findings \(model_error/);
  assert.equal(ok.isError, false);
  assert.match(ok.content, /fine findings/);
  const last = r.requests.at(-1)!.body.messages.filter((m: { role: string }) => m.role === 'tool');
  assert.match(last[0].content, /model_error/);
});

test('Stop cancels every child of the tree', async () => {
  const controller = new AbortController();
  let waiting = 0;
  const events: AgentEvent[] = [];
  const r = await runFactoryWith(
    (req) => {
      const q = questionOf(req);
      if (!isChild(q)) return { toolCalls: [subtask('c1', 'sub 1'), subtask('c2', 'sub 2'), subtask('c3', 'sub 3')] };
      if (++waiting === 3) setTimeout(() => controller.abort(), 20);
      return { fault: 'stall', afterChunks: 1, ms: 60_000 };
    },
    [echoTool()],
    { signal: controller.signal, onEvent: (e) => events.push(e) },
  );
  assert.equal(r.result.stopReason, 'cancelled');
  assert.ok(r.ms < 30_000, 'nobody waited for the stalled streams');
  // Each child ends on its own signal, cancelled, a moment after the parent.
  for (let i = 0; i < 200 && ofType(events, 'subtask_end').length < 3; i++) await sleep(25);
  const ends = ofType(events, 'subtask_end');
  assert.deepEqual(
    ends.map((e) => e.stopReason),
    ['cancelled', 'cancelled', 'cancelled'],
  );
});

test('children get read-only tools unless writes were allowed, and no subtasks of their own', async () => {
  const writer: Tool = {
    name: 'write_file',
    server: 'workspace',
    description: 'writes',
    schema: { type: 'object', properties: {} },
    execute: async (_i, ctx) => ({
      content: String(
        await ctx.approve({ kind: 'write', tool: 'write_file', path: 'a', summary: 's', before: undefined, after: 'x' }, ctx.signal),
      ),
    }),
  };
  for (const allowed of [false, true]) {
    const r = await runFactoryWith(
      (req) => {
        const q = questionOf(req);
        if (isChild(q)) return { content: 'ok' };
        return resultsIn(req) === 0 ? { toolCalls: [subtask('c1', 'sub x')] } : { content: 'done' };
      },
      [echoTool(), writer],
      { writesAllowed: () => allowed, approve: async () => true },
    );
    const [start] = ofType(r.events, 'subtask_start');
    const childStart = ofType(childEvents(r.events, start.childRunId), 'run_start')[0];
    assert.deepEqual(childStart.tools, allowed ? ['echo', 'write_file'] : ['echo']);
    assert.ok(ofType(r.events, 'run_start')[0].tools.includes(SUBTASK_TOOL));
    const childReq = r.requests.find((q) => isChild(questionOf(q)))!;
    assert.deepEqual(
      childReq.body.tools.map((x: { function: { name: string } }) => x.function.name),
      allowed ? ['echo', 'write_file'] : ['echo'],
    );
  }
});

test('XML protocol: several research_subtask blocks in one message all run; another tool beside them is dropped with a note', async () => {
  const block = (q: string) => xmlCall('agent', SUBTASK_TOOL, { question: q });
  const r = await runFactoryWith(
    (req) => {
      const q = questionOf(req);
      if (isChild(q)) return { content: `found ${q}` };
      const seen = req.body.messages.filter(
        (m: { role: string; content: string }) => m.role === 'user' && m.content.startsWith('Result of'),
      ).length;
      return seen === 0
        ? { content: [block('sub A'), block('sub B'), xmlCall('test', 'echo', { text: 'x' })].join('\n') }
        : { content: 'both found' };
    },
    [echoTool()],
    { protocol: 'mirothinker-xml' },
  );
  assert.equal(r.result.answer, 'both found');
  assert.equal(ofType(r.events, 'subtask_start').length, 2);
  const [msg] = ofType(r.events, 'assistant_message');
  assert.equal(msg.toolCalls.length, 2);
  assert.match(msg.note ?? '', /Only your 2 research_subtask calls were run/);
  assert.match(r.requests[0].body.messages[0].content, /research_subtask may be called several times in one message/);
});

/**
 * Running one tool call (src/agent/loop/toolRunner.ts): bad arguments (the schema check), unknown and
 * throwing tools become observations; a repeated call is noted; a long result is cut with a marker; a
 * tool past its time limit is an error observation. The run goes on after each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../../tools/fake-model/server';
import { call, echoTool, bigTool, throwingTool, harness, ofType, slowTool } from '../helpers/agentHarness';

const answer: Step = { content: 'survived' };

test('bad arguments, unknown tools and throwing tools become observations; the run goes on', async () => {
  const h = await harness(
    [call('echo', '{"text": "unterminated'), call('nope', {}), call('explode', {}), call('echo', '[1,2]'), { content: 'recovered' }],
    [echoTool(), throwingTool()],
  );
  try {
    const r = await h.run();
    assert.equal(r.answer, 'recovered');
    const results = ofType(h.events, 'tool_result');
    assert.equal(results.length, 4);
    assert.ok(results.every((x) => x.isError));
    assert.match(results[0].content, /not valid JSON/);
    assert.match(results[1].content, /no tool named "nope".*echo, explode/);
    assert.match(results[2].content, /explode failed: kaboom/);
    assert.match(results[3].content, /must be a JSON object/);
  } finally {
    await h.close();
  }
});

test('an identical repeated call still runs and its observation notes the repetition', async () => {
  const echo = echoTool();
  const h = await harness([call('echo', { text: 'a' }), call('echo', '{ "text" : "a" }'), { content: 'done' }], [echo]);
  try {
    await h.run();
    assert.equal(echo.calls.length, 2);
    const [first, second] = ofType(h.events, 'tool_result');
    assert.equal(first.repeatOf, 0);
    assert.equal(second.repeatOf, 1);
    assert.match(second.content, /already made 1 time \(first at turn 1\)/);
    assert.match(second.content, /echo: a/);
  } finally {
    await h.close();
  }
});

test('a result over the cap is cut with a marker that says how much', async () => {
  const h = await harness([call('big', {}), { content: 'ok' }], [bigTool(10_000)], { maxToolResultChars: 1_000 });
  try {
    await h.run();
    const r = ofType(h.events, 'tool_result')[0];
    assert.equal(r.cutChars, 9_000);
    assert.match(r.content, /cut 9,000 of 10,000 characters/);
    assert.ok(r.content.length < 1_200);
  } finally {
    await h.close();
  }
});

test('a tool that outlives its timeout becomes an error observation', async () => {
  const h = await harness([call('slow', {}), answer], [slowTool(30_000)]);
  try {
    const r = await h.run({ toolTimeoutMs: 100 });
    assert.equal(r.answer, 'survived');
    assert.match(ofType(h.events, 'tool_result')[0].content, /did not finish within 0 s/);
  } finally {
    await h.close();
  }
});

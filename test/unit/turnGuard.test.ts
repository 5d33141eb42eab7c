/**
 * Guarding a turn (src/agent/loop/turnGuard.ts): a reply cut by max_tokens, an unreadable XML call or
 * degenerate repeated output is rolled back and asked again (turn_redo), a bounded number of times,
 * then the run ends with a clear error and never with the broken text as its answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScriptedReply } from '../../tools/fake-model/server';
import { echoTool, harness, ofType } from '../helpers/agentHarness';

const ANSWER = 'The answer is 42.';

test('bounded: a reply cut by max_tokens four times ends the run with a clear error, never as the answer', async () => {
  const cut: ScriptedReply = { content: 'The answer is proba', finishReason: 'length' };
  const h = await harness([cut, cut, cut, cut, { content: ANSWER }], [echoTool()]);
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'model_error');
    assert.equal(result.answer, undefined);
    assert.match(result.error ?? '', /cut off by max_tokens 4 times/);
    const limits = h.fake.requests.map((r) => r.body.max_tokens as number | undefined);
    assert.deepEqual(limits, [undefined, 18023, 19826, 21809]);
  } finally {
    await h.close();
  }
});

test('bounded: unreadable XML calls are rolled back at most 5 times in a row, and count as no tool call', async () => {
  const bad: ScriptedReply = { content: '<use_mcp_tool><server_name>test</server_name></use_mcp_tool>' };
  const tool = echoTool();
  const h = await harness(
    Array.from({ length: 7 }, () => bad),
    [tool],
    { protocol: 'mirothinker-xml' },
  );
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'model_error');
    assert.match(result.error ?? '', /could not be read 6 times in a row/);
    assert.equal(result.toolCalls, 0);
    assert.equal(tool.calls.length, 0);
    assert.equal(ofType(h.events, 'turn_redo').length, 5);
    assert.equal(ofType(h.events, 'assistant_message').length, 0, 'no rolled-back reply is in the trajectory as a message');
  } finally {
    await h.close();
  }
});

test('degenerate output twice in one turn ends the run with the repeated text named', async () => {
  const loop: ScriptedReply = { content: 'again and again, '.repeat(300), finishReason: 'length', chunkSize: 17 };
  const h = await harness([loop, loop, { content: ANSWER }], [echoTool()]);
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'model_error');
    assert.match(result.error ?? '', /kept repeating itself \("/);
  } finally {
    await h.close();
  }
});

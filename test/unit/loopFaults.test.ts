import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, echoTool, harness, ofType, slowTool } from '../helpers/agentHarness';
import type { Step } from '../../tools/fake-model/server';
import type { AgentEvent } from '../../src/agent/events';

const answer: Step = { content: 'survived' };

for (const [name, fault] of [
  ['429 with Retry-After', { fault: 'http', status: 429, retryAfter: '0' }],
  ['500', { fault: 'http', status: 500 }],
  ['503', { fault: 'http', status: 503 }],
  ['a stream cut mid-way', { fault: 'cut', afterChunks: 3, reply: { content: 'partial answer that never finishes' } }],
  ['a stream that ends without a finish reason', { fault: 'no-finish', reply: { content: 'no finish' } }],
  ['garbage instead of SSE', { fault: 'garbage', body: 'data: {not json\n\n' }],
  ['an HTML page instead of a stream', { fault: 'garbage', body: '<html><body>Bad gateway</body></html>' }],
  ['a connection reset', { fault: 'reset' }],
  ['a stalled stream', { fault: 'stall', afterChunks: 2, ms: 10_000 }],
] as [string, Step][]) {
  test(`retries after ${name} and finishes the run`, async () => {
    const h = await harness([call('echo', { text: 'a' }), fault, answer], [echoTool()]);
    try {
      // Only the stalled stream needs a short stall timeout; elsewhere a short one trips on a loaded machine (a second retry).
      const r = await h.run(modelWithStall(h.fake.url, name === 'a stalled stream' ? 1_000 : 15_000));
      assert.equal(r.stopReason, 'answered', r.error);
      assert.equal(r.answer, 'survived');
      const retries = ofType(h.events, 'retry');
      assert.equal(retries.length, 1);
      assert.equal(retries[0].turn, 2);
      assert.equal(h.fake.requests.length, 3);
    } finally {
      await h.close();
    }
  });
}

function modelWithStall(url: string, stallTimeoutMs: number) {
  const { OpenAIModel } = require('../../src/node/model/openaiModel') as typeof import('../../src/node/model/openaiModel');
  return { model: new OpenAIModel({ baseUrl: url, apiKey: 'k', model: 'fake-model', stallTimeoutMs }) };
}

test('Retry-After is honoured as the delay', async () => {
  const h = await harness([{ fault: 'http', status: 429, retryAfter: '1' }, answer], [echoTool()]);
  try {
    await h.run();
    const [retry] = ofType(h.events, 'retry');
    assert.equal(retry.delayMs, 1000);
    assert.match(retry.reason, /rate limited \(429\)/);
    const gap = h.fake.requests.length === 2 ? 'ok' : 'missing';
    assert.equal(gap, 'ok');
  } finally {
    await h.close();
  }
});

test('attempts are bounded: a server that always fails ends the run with model_error', async () => {
  const h = await harness(() => ({ fault: 'http', status: 500, message: 'down for maintenance' }), [echoTool()]);
  try {
    const r = await h.run({ retry: { maxTries: 4, baseDelayMs: 1, maxDelayMs: 2 } });
    assert.equal(r.stopReason, 'model_error');
    assert.match(r.error!, /server error 500: down for maintenance/);
    assert.equal(h.fake.requests.length, 4);
    assert.equal(ofType(h.events, 'retry').length, 3);
    assert.equal(ofType(h.events, 'run_end')[0].stopReason, 'model_error');
  } finally {
    await h.close();
  }
});

test('a refused key is not retried', async () => {
  const h = await harness([{ fault: 'http', status: 401, message: 'Incorrect API key provided' }], [echoTool()]);
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'model_error');
    assert.match(r.error!, /refused the API key \(401\)/);
    assert.equal(h.fake.requests.length, 1);
  } finally {
    await h.close();
  }
});

test('cancelling during a stalled stream ends the run cleanly and at once', async () => {
  const h = await harness([{ fault: 'stall', afterChunks: 2, ms: 30_000 }], [echoTool()]);
  try {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    const r = await h.run({ signal: controller.signal });
    assert.equal(r.stopReason, 'cancelled');
    assert.ok(Date.now() - started < 1_500, 'did not wait for the stall timeout');
    assert.equal(ofType(h.events, 'run_end')[0].stopReason, 'cancelled');
    assert.equal(ofType(h.events, 'retry').length, 0);
  } finally {
    await h.close();
  }
});

test('cancelling during a slow tool stops the tool and ends the run', async () => {
  const h = await harness([call('slow', {}), answer], [slowTool(30_000)]);
  try {
    const controller = new AbortController();
    // Cancel once the slow tool is under way (150 ms into its 30 s), however long the model's turn took.
    const onEvent = (e: AgentEvent): void => {
      h.events.push(e);
      if (e.type === 'tool_call') setTimeout(() => controller.abort(), 150);
    };
    const r = await h.run({ signal: controller.signal, onEvent });
    assert.equal(r.stopReason, 'cancelled');
    assert.equal(h.fake.requests.length, 1);
  } finally {
    await h.close();
  }
});

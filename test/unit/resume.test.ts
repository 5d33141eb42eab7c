import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, echoTool, harness, API_KEY } from '../helpers/agentHarness';
import { TrajectoryWriter, readTrajectory } from '../../src/node/trajectoryFile';
import { makeRedactor } from '../../src/agent/consent/redact';
import type { AgentEvent } from '../../src/agent/events';

test('a run cut off by a failing endpoint resumes from its trajectory file and finishes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-resume-'));
  const file = join(dir, 'run.jsonl');
  const echo = echoTool();
  // First life: two tool turns, then the endpoint dies for good.
  const first = await harness(
    [call('echo', { text: 'one' }), call('echo', { text: 'two' }), { fault: 'http', status: 500 }, { fault: 'http', status: 500 }],
    [echo],
  );
  const writer = new TrajectoryWriter(file, makeRedactor([API_KEY]));
  try {
    const r1 = await first.run({ retry: { maxTries: 2, baseDelayMs: 1, maxDelayMs: 1 }, onEvent: writer.write });
    assert.equal(r1.stopReason, 'model_error');
  } finally {
    writer.close();
    await first.close();
  }
  // Simulate a crash mid-write: a torn last line.
  appendFileSync(file, '{"type":"text_delta","tu');
  const prior = readTrajectory(file);
  assert.equal(prior.at(-1)!.type, 'run_end');

  // Second life: the model continues from the rebuilt history.
  const second = await harness([call('echo', { text: 'three' }), { content: 'one, two, three' }], [echo]);
  const writer2 = new TrajectoryWriter(file, makeRedactor([API_KEY]));
  try {
    const r2 = await second.run({ resume: prior, onEvent: writer2.write });
    assert.equal(r2.stopReason, 'answered');
    assert.equal(r2.answer, 'one, two, three');
    assert.equal(r2.runId, prior[0].type === 'run_start' ? prior[0].runId : '');
    assert.equal(r2.toolCalls, 3);
    const msgs = second.fake.requests[0].body.messages;
    assert.deepEqual(
      msgs.filter((m: any) => m.role === 'tool').map((m: any) => m.content),
      ['echo: one', 'echo: two'],
    );
    assert.equal(msgs.filter((m: any) => m.role === 'assistant').length, 2);
  } finally {
    writer2.close();
    await second.close();
  }
  const all = readTrajectory(file);
  const seqs = all.map((e) => e.seq);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'seq keeps counting across the resume',
  );
  assert.equal(new Set(seqs).size, seqs.length);
  assert.equal(all.filter((e) => e.type === 'run_start').length, 2);
  assert.equal(readFileSync(file, 'utf8').includes(API_KEY), false);
});

test('calls whose results never reached the file are run first on resume', async () => {
  const echo = echoTool();
  const h0 = await harness([call('echo', { text: 'pending' }), { content: 'x' }], [echo]);
  const events: AgentEvent[] = [];
  try {
    await h0.run({ onEvent: (e) => events.push(e) });
  } finally {
    await h0.close();
  }
  // Cut the trajectory right after the tool call, as a crash during the tool would.
  const cut = events.slice(0, events.findIndex((e) => e.type === 'tool_call') + 1);
  const h = await harness([{ content: 'resumed answer' }], [echo]);
  try {
    const r = await h.run({ resume: cut });
    assert.equal(r.answer, 'resumed answer');
    assert.equal(echo.calls.length, 2, 'the pending call ran again');
    const tool = h.fake.requests[0].body.messages.find((m: any) => m.role === 'tool');
    assert.equal(tool.content, 'echo: pending');
  } finally {
    await h.close();
  }
});

test('resuming a run that already answered returns its answer without calling the model', async () => {
  const h0 = await harness([{ content: 'done before' }], [echoTool()]);
  const events: AgentEvent[] = [];
  try {
    await h0.run({ onEvent: (e) => events.push(e) });
  } finally {
    await h0.close();
  }
  const h = await harness([], [echoTool()]);
  try {
    const r = await h.run({ resume: events });
    assert.equal(r.answer, 'done before');
    assert.equal(h.fake.requests.length, 0);
  } finally {
    await h.close();
  }
});

test('the redactor removes known secrets and bearer tokens', () => {
  const redact = makeRedactor(['my-secret-value']);
  assert.equal(redact('key my-secret-value here'), 'key [REDACTED] here');
  assert.equal(redact('Authorization: Bearer abcdefghijklmnop'), 'Authorization: [REDACTED]');
  assert.equal(redact('{"authorization":"sk-123456789"}'), '{"authorization":"[REDACTED]"}');
});

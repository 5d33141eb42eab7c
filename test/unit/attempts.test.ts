// Attempts (src/agent/run/attempts.ts) against the scripted model over real HTTP: an attempt that ends
// without a confident answer writes a summary without tools, and the next attempt starts fresh from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRun, type RunRequest } from '../../src/agent/run/runFactory';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { AgentEvent, Protocol } from '../../src/agent/events';
import type { Tool } from '../../src/agent/tool';
import type { RunFigures } from '../../src/agent/figures';
import { INCOMPLETE_MARKER } from '../../src/agent/run/attemptPrompt';
import { startFakeModel, type Script } from '../../tools/fake-model/server';
import { API_KEY, call, echoTool, ofType, xmlCall } from '../helpers/agentHarness';

const SUMMARY =
  'OUTCOME: incomplete\n## Established\n- echo says "one" (echo tool)\n## Dead ends\n- echoing "two" told nothing new\n## Next\n- ask echo for "three"';

async function runWith(
  script: Script,
  tools: Tool[],
  opts: {
    attempts: number;
    maxTurns: number;
    protocol?: Protocol;
    resume?: AgentEvent[];
    signal?: AbortSignal;
    spending?: RunRequest['spending'];
    summaryReview?: RunRequest['summaryReview'];
  },
) {
  const fake = await startFakeModel({ script });
  const events: AgentEvent[] = [];
  try {
    const running = startRun({
      question: 'What does echo say?',
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: API_KEY, model: 'fake-model', stallTimeoutMs: 5_000 }),
      protocol: opts.protocol ?? 'openai-tools',
      settings: { attempts: opts.attempts, maxTurns: opts.maxTurns, retry: { baseDelayMs: 5, maxDelayMs: 20 } },
      tools: { tools, problems: [], dispose: async () => {} },
      approve: async () => false,
      sinks: [(e) => events.push(e)],
      runId: 'run-1',
      ...(opts.resume ? { resume: opts.resume } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.spending ? { spending: opts.spending } : {}),
      ...(opts.summaryReview ? { summaryReview: opts.summaryReview } : {}),
    });
    const result: RunFigures = await running.result;
    return { result, events, requests: fake.requests.filter((r) => r.index >= 0) };
  } finally {
    await fake.close();
  }
}

const texts = (messages: { content: string | null }[]) => messages.map((m) => m.content ?? '').join('\n---\n');

test('attempt 1 exhausts its turn cap, writes a summary without tools, attempt 2 starts fresh from it and answers', async () => {
  const echo = echoTool();
  const { result, events, requests } = await runWith(
    [call('echo', { text: 'one' }), call('echo', { text: 'two' }), { content: SUMMARY }, { content: 'Echo says one.' }],
    [echo],
    { attempts: 2, maxTurns: 2 },
  );
  assert.equal(result.stopReason, 'answered', result.error);
  assert.equal(result.answer, 'Echo says one.');
  assert.equal(result.attempt, 2);
  assert.equal(requests.length, 4);
  // Attempt 1 was told how to give up; no blind last answer was asked for at its turn cap.
  assert.match(requests[0].body.messages[0].content, new RegExp(INCOMPLETE_MARKER));
  // The summary turn: no tools offered, the attempt's own conversation, then the instruction.
  const summaryReq = requests[2].body;
  assert.equal(summaryReq.tools, undefined);
  assert.match(texts(summaryReq.messages), /echo: one[\s\S]*echo: two/);
  assert.match(summaryReq.messages.at(-1).content, /Write a summary of this attempt/);
  // Attempt 2's first request: system + the task holding the summary, nothing of attempt 1's messages.
  const second = requests[3].body.messages;
  assert.deepEqual(
    second.map((m: { role: string }) => m.role),
    ['system', 'user'],
  );
  assert.match(second[1].content, /What does echo say\?/);
  assert.ok(second[1].content.includes(SUMMARY), 'the summary is in the new task');
  assert.doesNotMatch(texts(second), /echo: one|echo: two/);
  assert.doesNotMatch(second[0].content, new RegExp(INCOMPLETE_MARKER), 'the last attempt has no one to hand over to');
  // One trajectory: one run_start, both attempts, the summary, one run_end naming attempt 2; seq 0..n-1.
  assert.equal(ofType(events, 'run_start').length, 1);
  assert.equal(ofType(events, 'run_start')[0].attempts, 2);
  assert.deepEqual(
    ofType(events, 'attempt_start').map((e) => e.attempt),
    [1, 2],
  );
  const [summary] = ofType(events, 'attempt_summary');
  assert.equal(summary.summary, SUMMARY);
  assert.equal(summary.outcome, 'incomplete');
  assert.equal(summary.reason, 'max_turns');
  assert.equal(summary.toolCalls, 2);
  const ends = ofType(events, 'run_end');
  assert.equal(ends.length, 1);
  assert.equal(ends[0].attempt, 2);
  assert.equal(ends[0].toolCalls, 2);
  assert.equal(ofType(events, 'final_answer').length, 1);
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i),
  );
  // Every request's tokens are counted once: attempt 1's turns and its summary turn (in the summary's figures), attempt 2's turn.
  const tokens = (u: { promptTokens: number; completionTokens: number }) => u.promptTokens + u.completionTokens;
  const attempt2 = ofType(events, 'assistant_message').filter((e) => e.seq > summary.seq);
  assert.equal(tokens(result.usage), tokens(summary.usage) + attempt2.reduce((n, e) => n + tokens(e.usage!), 0));
  assert.ok(
    tokens(summary.usage) >
      ofType(events, 'assistant_message')
        .filter((e) => e.seq < summary.seq)
        .reduce((n, e) => n + tokens(e.usage!), 0),
  );
  assert.equal(echo.calls.length, 2);
});

test('a model that says it could not finish (XML protocol) gets a fresh attempt; its give-up text is no answer', async () => {
  const { result, events, requests } = await runWith(
    [
      { content: xmlCall('test', 'echo', { text: 'one' }) },
      { content: `${INCOMPLETE_MARKER}\nThe echo tool only repeats; I could not find more.` },
      { content: 'OUTCOME: blocked\n## Established\n- echo repeats\n## Dead ends\n- none\n## Next\n- answer from what echo said' },
      { content: 'It says one.' },
    ],
    [echoTool()],
    { attempts: 3, maxTurns: 10, protocol: 'mirothinker-xml' },
  );
  assert.equal(result.answer, 'It says one.');
  assert.equal(result.attempt, 2);
  const [summary] = ofType(events, 'attempt_summary');
  assert.equal(summary.reason, 'gave_up');
  assert.equal(summary.outcome, 'blocked');
  assert.deepEqual(
    ofType(events, 'final_answer').map((e) => e.text),
    ['It says one.'],
  );
  assert.match(requests[3].body.messages[1].content, /OUTCOME: blocked/);
  assert.doesNotMatch(texts(requests[3].body.messages), /only repeats/);
  // Attempt 2 of 3 is not the last: it too may give up.
  assert.match(requests[3].body.messages[0].content, /attempt 2 of 3/);
});

test('resume: after a kill between the summary and attempt 2, and again mid-attempt 2, nothing runs twice', async () => {
  const echo = echoTool();
  const full = await runWith([call('echo', { text: 'one' }), SUMMARY_STEP, call('echo', { text: 'two' }), { content: 'done' }], [echo], {
    attempts: 2,
    maxTurns: 1,
  });
  assert.equal(full.result.answer, 'done');
  assert.deepEqual(echo.calls, [{ text: 'one' }, { text: 'two' }]);

  // Killed right after the summary was written: attempt 2 starts from it.
  const cut1 = full.events.slice(0, full.events.findIndex((e) => e.type === 'attempt_summary') + 1);
  const echo2 = echoTool();
  const r1 = await runWith([call('echo', { text: 'two' }), { content: 'done' }], [echo2], { attempts: 2, maxTurns: 1, resume: cut1 });
  assert.equal(r1.result.answer, 'done');
  assert.equal(r1.result.attempt, 2);
  assert.deepEqual(echo2.calls, [{ text: 'two' }], 'attempt 1 is not run again');
  assert.ok(r1.requests[0].body.messages[1].content.includes(SUMMARY));
  assert.equal(r1.result.toolCalls, 2, 'the figures of attempt 1 are carried over');
  assert.equal(ofType(r1.events, 'attempt_start')[0].attempt, 2);
  assert.equal(ofType(r1.events, 'run_start')[0].resumed, true);
  assert.equal(r1.events[0].seq, cut1.at(-1)!.seq + 1, 'seq continues the file');

  // Killed mid-attempt 2, after its tool result: attempt 2 continues with its own messages only.
  const lastResult = ofType(full.events, 'tool_result').at(-1)!;
  const cut2 = full.events.slice(0, full.events.indexOf(lastResult) + 1);
  const echo3 = echoTool();
  const r2 = await runWith([{ content: 'done' }], [echo3], { attempts: 2, maxTurns: 1, resume: cut2 });
  assert.equal(r2.result.answer, 'done');
  assert.equal(r2.result.attempt, 2);
  assert.equal(echo3.calls.length, 0);
  const msgs = r2.requests[0].body.messages;
  assert.match(texts(msgs), /echo: two/);
  assert.doesNotMatch(texts(msgs), /echo: one/);
  assert.ok(msgs[1].content.includes(SUMMARY));
  assert.equal(ofType(r2.events, 'attempt_start').length, 0, 'the same attempt goes on');

  // A finished run resumes to its answer without a request.
  const r3 = await runWith([], [echoTool()], { attempts: 2, maxTurns: 1, resume: full.events });
  assert.equal(r3.result.answer, 'done');
  assert.equal(r3.result.attempt, 2);
  assert.equal(r3.requests.length, 0);
});

const SUMMARY_STEP = { content: SUMMARY };

test("the last attempt still gives the loop's last answer at its turn cap; Stop ends the run without a summary", async () => {
  const { result, events } = await runWith(
    [call('echo', { text: 'a' }), SUMMARY_STEP, call('echo', { text: 'b' }), { content: 'best guess' }],
    [echoTool()],
    { attempts: 2, maxTurns: 1 },
  );
  assert.equal(result.stopReason, 'max_turns');
  assert.equal(result.answer, 'best guess');
  assert.equal(result.attempt, 2);
  assert.equal(ofType(events, 'turn_start').filter((e) => e.final).length, 1);

  const controller = new AbortController();
  const stopped = await runWith(
    (_req, i) => {
      if (i === 0) setTimeout(() => controller.abort(), 50);
      return { content: 'slow', delayMs: 40, chunkSize: 1 };
    },
    [echoTool()],
    { attempts: 3, maxTurns: 5, signal: controller.signal },
  );
  assert.equal(stopped.result.stopReason, 'cancelled');
  assert.equal(ofType(stopped.events, 'attempt_summary').length, 0);
  assert.equal(ofType(stopped.events, 'run_end').length, 1);
});

test('the budget is for the whole run: attempt 2 pauses on what attempt 1 spent, and a budget raised there holds', async () => {
  const echo = echoTool();
  const usage = { prompt_tokens: 100, completion_tokens: 10 };
  const paused: number[] = [];
  const { result, events, requests } = await runWith(
    [
      { ...call('echo', { text: 'one' }), usage },
      { ...call('echo', { text: 'two' }), usage },
      { content: SUMMARY, usage },
      { ...call('echo', { text: 'three' }), usage },
      { content: 'Echo says three.', usage },
    ],
    [echo],
    {
      attempts: 2,
      maxTurns: 2,
      // 330 tokens are spent by attempt 1 and its summary: a per-attempt budget of 350 would never pause.
      spending: {
        budget: { tokens: 350 },
        onBudget: async (status) => {
          paused.push(status.usage.promptTokens + status.usage.completionTokens);
          return { continue: true, budget: { tokens: 10_000 } };
        },
      },
    },
  );
  assert.equal(result.stopReason, 'answered', result.error);
  assert.equal(result.answer, 'Echo says three.');
  assert.equal(requests.length, 5);
  // One pause, before attempt 2's second model call: 110 × 4 = 440 tokens ≥ 350. Not again after the raise.
  assert.deepEqual(paused, [440]);
  assert.equal(ofType(events, 'budget_paused').length, 1);
  assert.deepEqual(ofType(events, 'budget_resumed')[0].budget, { tokens: 10_000 });
  assert.equal(result.usage.promptTokens + result.usage.completionTokens, 550);
});

test("the user's edit of a summary is what the next attempt starts from, and what a resume starts from", async () => {
  const EDITED = 'OUTCOME: incomplete\n## Established\n- echo says "one"\n## Next\n- ask echo for "four" (edited by the user)';
  const drafts: { attempt: number; next: number; summary: string; autoStartMs: number }[] = [];
  const script = [call('echo', { text: 'one' }), call('echo', { text: 'two' }), { content: SUMMARY }, { content: 'Echo says four.' }];
  const { result, events, requests } = await runWith(script, [echoTool()], {
    attempts: 2,
    maxTurns: 2,
    summaryReview: {
      autoStartMs: 5_000,
      review: async (draft) => {
        drafts.push(draft);
        return `  ${EDITED}\r\n`;
      },
    },
  });
  assert.equal(result.answer, 'Echo says four.', result.error);
  assert.deepEqual(drafts, [{ attempt: 1, next: 2, summary: SUMMARY, autoStartMs: 5_000 }]);
  assert.deepEqual(ofType(events, 'attempt_summary')[0].review, { autoStartMs: 5_000 });
  assert.deepEqual(
    ofType(events, 'attempt_summary_edited').map((e) => [e.attempt, e.summary]),
    [[1, EDITED]],
  );
  const task = requests[3].body.messages[1].content as string;
  assert.ok(task.includes(EDITED), 'the edited summary is in the new task');
  assert.ok(!task.includes('ask echo for "three"'), "the model's own summary is not");

  // A kill right after the edit: the resumed run starts attempt 2 from the edited summary, with no second review.
  const cut = events.slice(0, events.findIndex((e) => e.type === 'attempt_summary_edited') + 1);
  const again = await runWith([{ content: 'Echo says four.' }], [echoTool()], {
    attempts: 2,
    maxTurns: 2,
    resume: cut,
    summaryReview: { review: async () => assert.fail('an edited summary is not reviewed again') },
  });
  assert.equal(again.result.answer, 'Echo says four.', again.result.error);
  assert.ok((again.requests[0].body.messages[1].content as string).includes(EDITED));
});

test('an edit that changes nothing, or empties the summary, keeps the model summary and records no edit', async () => {
  for (const edit of ['', `${SUMMARY}\n\n`]) {
    const script = [call('echo', { text: 'one' }), call('echo', { text: 'two' }), { content: SUMMARY }, { content: 'Echo says one.' }];
    const { events, requests } = await runWith(script, [echoTool()], {
      attempts: 2,
      maxTurns: 2,
      summaryReview: { review: async () => edit },
    });
    assert.equal(ofType(events, 'attempt_summary_edited').length, 0);
    assert.ok((requests[3].body.messages[1].content as string).includes(SUMMARY));
  }
});

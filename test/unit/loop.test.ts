import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, echoTool, bigTool, harness, ofType, xmlCall } from '../helpers/agentHarness';

test('openai-tools: calls a tool, reads the result, answers', async () => {
  const echo = echoTool();
  const h = await harness(
    [call('echo', { text: 'hi' }), { content: 'The answer is 42.', usage: { prompt_tokens: 100, completion_tokens: 7 } }],
    [echo],
  );
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'answered');
    assert.equal(r.answer, 'The answer is 42.');
    assert.equal(r.toolCalls, 1);
    assert.deepEqual(echo.calls, [{ text: 'hi' }]);
    const second = h.fake.requests[1].body;
    assert.ok(
      second.tools.some((t: any) => t.function.name === 'echo'),
      'tools sent natively',
    );
    const toolMsg = second.messages.find((m: any) => m.role === 'tool');
    assert.equal(toolMsg.content, 'echo: hi');
    const assistant = second.messages.find((m: any) => m.role === 'assistant');
    assert.equal(assistant.tool_calls[0].id, toolMsg.tool_call_id);
    assert.deepEqual(
      h.events.map((e) => e.type).filter((t) => t !== 'text_delta'),
      [
        'run_start',
        'turn_start',
        'assistant_message',
        'tool_call',
        'tool_result',
        'turn_start',
        'assistant_message',
        'final_answer',
        'run_end',
      ],
    );
    assert.deepEqual(
      h.events.map((e) => e.seq),
      h.events.map((_, i) => i),
      'seq counts up from 0',
    );
    const end = ofType(h.events, 'run_end')[0];
    assert.equal(end.usage.completionTokens >= 7, true);
  } finally {
    await h.close();
  }
});

test('mirothinker-xml: tools described in the system prompt, calls parsed from text, results as user messages', async () => {
  const echo = echoTool();
  const h = await harness(
    [{ content: xmlCall('any-server-name', 'echo', { text: 'xml' }) }, { content: '<think>done</think>Final: xml works.' }],
    [echo],
    { protocol: 'mirothinker-xml' },
  );
  try {
    const r = await h.run();
    assert.equal(r.answer, 'Final: xml works.');
    assert.deepEqual(echo.calls, [{ text: 'xml' }]);
    const first = h.fake.requests[0].body;
    assert.equal(first.tools, undefined, 'no native tools in XML mode');
    assert.match(first.messages[0].content, /<use_mcp_tool>/);
    assert.match(first.messages[0].content, /### Tool name: echo/);
    const last = h.fake.requests[1].body.messages.at(-1);
    assert.equal(last.role, 'user');
    assert.match(last.content, /echo: xml/);
    assert.equal(
      h.fake.requests[1].body.messages.some((m: any) => m.role === 'tool'),
      false,
    );
  } finally {
    await h.close();
  }
});

test('mirothinker-xml: only the first of several calls runs, and the model is told', async () => {
  const echo = echoTool();
  const two = xmlCall('s', 'echo', { text: 'one' }) + '\n' + xmlCall('s', 'echo', { text: 'two' });
  const h = await harness([{ content: two }, { content: 'ok' }], [echo], { protocol: 'mirothinker-xml' });
  try {
    await h.run();
    assert.deepEqual(echo.calls, [{ text: 'one' }]);
    assert.match(h.fake.requests[1].body.messages.at(-1).content, /Only the first of your 2 tool calls was run/);
  } finally {
    await h.close();
  }
});

test('retention keeps the K newest results whole and names the tool and arguments in placeholders', async () => {
  const script = [1, 2, 3, 4, 5].map((i) => call('echo', { text: `value-${i}` }));
  const h = await harness([...script, { content: 'end' }], [echoTool()], { keepToolResults: 2 });
  try {
    await h.run();
    const lastPrompt = h.fake.requests[5].body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    assert.equal(lastPrompt.length, 5);
    assert.equal(lastPrompt[0], '[Result omitted: echo {"text":"value-1"} (turn 1, 13 chars)]');
    assert.match(lastPrompt[2], /^\[Result omitted: echo .*value-3/);
    assert.equal(lastPrompt[3], 'echo: value-4');
    assert.equal(lastPrompt[4], 'echo: value-5');
    const trimmed = ofType(h.events, 'context_trimmed').flatMap((e) => e.callIds);
    assert.equal(trimmed.length, 3);
    assert.deepEqual(
      ofType(h.events, 'tool_result').map((e) => e.content),
      [1, 2, 3, 4, 5].map((i) => `echo: value-${i}`),
      'events keep results whole',
    );
  } finally {
    await h.close();
  }
});

test('the turn cap ends with one last turn without tools that asks for the answer', async () => {
  const h = await harness(
    (req) => (req.body.tools ? call('echo', { text: String(req.index) }) : { content: 'best effort answer' }),
    [echoTool()],
    { maxTurns: 3 },
  );
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'max_turns');
    assert.equal(r.answer, 'best effort answer');
    assert.equal(h.fake.requests.length, 4);
    const last = h.fake.requests[3].body;
    assert.equal(last.tools, undefined);
    assert.match(last.messages.at(-1).content, /Do not call any more tools/);
  } finally {
    await h.close();
  }
});

test('when the next turn would not fit the context window, a final turn asks for the answer', async () => {
  const h = await harness(
    (req) => (req.body.tools ? { ...call('big', {}), usage: null } : { content: 'summary', usage: null }),
    [bigTool(20_000)],
    { contextWindow: 30_000, maxOutputTokens: 1_000 },
  );
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'context_limit');
    assert.equal(r.answer, 'summary');
    assert.ok(r.turns < 10, `stopped after ${r.turns} turns`);
    assert.equal(r.usage.estimated, true);
    assert.ok(
      ofType(h.events, 'context_trimmed').some((e) => e.keptResults === 0),
      'results trimmed before the final turn',
    );
  } finally {
    await h.close();
  }
});

test('a context-length refusal from the server also leads to a final answer turn', async () => {
  const h = await harness(
    [
      call('echo', { text: 'a' }),
      { fault: 'http', status: 400, message: "This model's maximum context length is 8192 tokens" },
      { content: 'wrapped up' },
    ],
    [echoTool()],
  );
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'context_limit');
    assert.equal(r.answer, 'wrapped up');
  } finally {
    await h.close();
  }
});

test('empty replies are nudged, then end the run as no_answer', async () => {
  const h = await harness([{ content: '' }, { content: '' }, { content: '' }], [echoTool()]);
  try {
    const r = await h.run();
    assert.equal(r.stopReason, 'no_answer');
    assert.equal(r.answer, undefined);
    assert.match(h.fake.requests[1].body.messages.at(-1).content, /last reply was empty/);
  } finally {
    await h.close();
  }
});

test('the API key is sent as a header and never appears in any event', async () => {
  const h = await harness([call('echo', { text: 'x' }), { content: 'fine' }], [echoTool()]);
  try {
    await h.run();
    assert.match(String(h.fake.requests[0].headers.authorization), /Bearer sk-test-secret/);
    assert.equal(JSON.stringify(h.events).includes('sk-test-secret'), false);
  } finally {
    await h.close();
  }
});

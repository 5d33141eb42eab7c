// Every stream shape real OpenAI-compatible servers send (test/unit/helpers/wireShapes.ts lists each with
// its source) run through the agent over real HTTP, under both tool-call protocols: the run stays alive,
// no tool call is lost, none runs twice, ids stay unique, a cut or degenerate reply is never the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS } from '../../src/agent/model/protocols';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { AgentEvent, Protocol } from '../../src/agent/events';
import { startFakeModel, type RecordedRequest, type ScriptedReply } from '../../tools/fake-model/server';
import { API_KEY, echoTool, harness, ofType, runLoop } from '../helpers/agentHarness';
import { SHAPES, answerReply, appliesTo, callReply, xml, type Shape } from './helpers/wireShapes';

const ANSWER = 'The answer is 42.';

function script(shape: Shape, protocol: Protocol): ScriptedReply[] {
  const steps: ScriptedReply[] = [];
  if (shape.prelude) steps.push(shape.prelude.reply(protocol));
  steps.push(callReply(shape, protocol, 'one'), callReply(shape, protocol, 'two'), answerReply(shape, ANSWER));
  return steps;
}

/** Tool results pair with exactly one earlier call, and no id is used twice. */
function assertPairedIds(request: RecordedRequest): void {
  const messages = request.body.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
  const ids = messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.id) : []));
  assert.equal(new Set(ids).size, ids.length, `tool-call ids sent back are unique: ${ids.join(', ')}`);
  assert.ok(
    ids.every((id) => id !== ''),
    'no empty id goes back',
  );
  for (const m of messages) if (m.role === 'tool') assert.ok(ids.includes(m.tool_call_id!), `result ${m.tool_call_id} pairs with a call`);
}

for (const protocol of PROTOCOLS) {
  for (const shape of SHAPES) {
    if (!appliesTo(shape, protocol)) continue;
    test(`${protocol}: ${shape.name} — seen in ${shape.source}`, async () => {
      const tool = echoTool();
      const h = await harness(script(shape, protocol), [tool], { protocol });
      try {
        const result = await h.run();
        assert.equal(result.stopReason, 'answered', result.error);
        assert.equal(result.answer, ANSWER);
        assert.deepEqual(tool.calls, [{ text: 'one' }, { text: 'two' }], 'every call ran exactly once, none from thinking');
        const callIds = ofType(h.events, 'tool_call').map((e) => e.call.id);
        assert.equal(new Set(callIds).size, 2, `ids unique across turns: ${callIds.join(', ')}`);
        const redos = ofType(h.events, 'turn_redo');
        assert.deepEqual(
          redos.map((e) => e.reason),
          shape.prelude ? [shape.prelude.reason] : [],
        );
        if (protocol === 'openai-tools') assertPairedIds(h.fake.requests[h.fake.requests.length - 1]);
        checkPrelude(shape, h.fake.requests, redos);
        if (shape.wire?.reasoningField) {
          const first = ofType(h.events, 'assistant_message')[0];
          assert.equal(first.reasoning, 'The file list will tell me where to look next.', 'reasoning read once, from either field');
        }
      } finally {
        await h.close();
      }
    });
  }
}

function checkPrelude(shape: Shape, requests: RecordedRequest[], redos: Extract<AgentEvent, { type: 'turn_redo' }>[]): void {
  if (!shape.prelude) return;
  const redo = requests[1].body;
  switch (shape.prelude.reason) {
    case 'length':
      // Nothing was sent at first: the retry asks for the default output reserve ×1.1 (MiroThinker's rule).
      assert.equal(requests[0].body.max_tokens, undefined);
      assert.equal(redo.max_tokens, Math.ceil(16_384 * 1.1));
      assert.equal(redos[0].maxTokens, redo.max_tokens);
      break;
    case 'degenerate':
      assert.equal(requests[0].streamEnd, 'client-closed', 'the degenerate stream was stopped, not read to the end');
      assert.match(lastUser(redo), /stuck repeating "I will check the file again\./);
      break;
    case 'malformed_call':
      assert.match(lastUser(redo), /no tool call could be read/);
      break;
    case 'content_filter':
      assert.match(lastUser(redo), /content filter/);
      break;
  }
  // The discarded reply never enters the history the next turn is built on.
  const later = JSON.stringify(requests[2].body.messages);
  assert.ok(!later.includes('stuck repeating') && !later.includes('content filter blocked'), 'the redo note was for one request only');
}

function lastUser(body: { messages: { role: string; content: string }[] }): string {
  return [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

test("DeepSeek's thinking mode: refused without reasoning_content; sendReasoningBack sends it and the run finishes", async () => {
  for (const sendReasoningBack of [false, true]) {
    const fake = await startFakeModel({
      requireReasoningBack: true,
      script: [
        { reasoning: 'I need the file list first.', toolCalls: [{ name: 'echo', arguments: '{"text":"one"}' }] },
        { reasoning: 'Now I can answer.', content: ANSWER },
      ],
    });
    try {
      const model = new OpenAIModel({ baseUrl: fake.url, apiKey: API_KEY, model: 'deepseek-v4-flash', sendReasoningBack });
      const result = await runLoop({
        question: 'q',
        model,
        protocol: 'openai-tools',
        tools: [echoTool()],
        approve: async () => false,
        onEvent: () => {},
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
      });
      if (!sendReasoningBack) {
        assert.equal(result.stopReason, 'model_error');
        assert.match(result.error ?? '', /reasoning_content/);
      } else {
        assert.equal(result.answer, ANSWER);
        const assistant = fake.requests[1].body.messages.find((m: { role: string }) => m.role === 'assistant');
        assert.equal(assistant.reasoning_content, 'I need the file list first.');
      }
      // Off by default: nothing reasoning-related is ever sent to other servers.
      if (!sendReasoningBack) assert.ok(!JSON.stringify(fake.requests[1]?.body ?? {}).includes('reasoning_content'));
    } finally {
      await fake.close();
    }
  }
});

test('under the XML protocol, native tool_calls from a server-side parser are run once and written back as XML', async () => {
  const tool = echoTool();
  const h = await harness(
    [{ toolCalls: [{ name: 'echo', arguments: '{"text":"one"}' }] }, { content: `${xml('echo', { text: 'two' })}` }, { content: ANSWER }],
    [tool],
    { protocol: 'mirothinker-xml' },
  );
  try {
    const result = await h.run();
    assert.equal(result.answer, ANSWER);
    assert.deepEqual(tool.calls, [{ text: 'one' }, { text: 'two' }]);
    const history = h.fake.requests[1].body.messages as { role: string; content: string }[];
    assert.match(history.find((m) => m.role === 'assistant')!.content, /<tool_name>echo<\/tool_name>/);
  } finally {
    await h.close();
  }
});

for (const protocol of PROTOCOLS) {
  test(`${protocol}: a 300-step run mixing every shape loses no call, runs none twice, and keeps ids unique`, async () => {
    const shapes = SHAPES.filter((s) => appliesTo(s, protocol));
    const STEPS = 300;
    // Per request: a bad prelude reply first where the shape has one, then the good call.
    const plan: ScriptedReply[] = [];
    const expectedRedos: string[] = [];
    for (let i = 0; i < STEPS; i++) {
      const shape = shapes[i % shapes.length];
      if (shape.prelude) {
        plan.push(shape.prelude.reply(protocol));
        expectedRedos.push(shape.prelude.reason);
      }
      plan.push(callReply(shape, protocol, `s${i}`));
    }
    plan.push(answerReply(shapes[0], ANSWER));
    const tool = echoTool();
    const h = await harness(plan, [tool], { protocol, maxTurns: STEPS + 5 });
    try {
      const result = await h.run();
      assert.equal(result.stopReason, 'answered', result.error);
      assert.equal(result.answer, ANSWER);
      assert.equal(result.toolCalls, STEPS);
      assert.deepEqual(
        tool.calls,
        Array.from({ length: STEPS }, (_, i) => ({ text: `s${i}` })),
      );
      const ids = ofType(h.events, 'tool_call').map((e) => e.call.id);
      assert.equal(new Set(ids).size, STEPS);
      assert.deepEqual(
        ofType(h.events, 'turn_redo').map((e) => e.reason),
        expectedRedos,
      );
      if (protocol === 'openai-tools') assertPairedIds(h.fake.requests[h.fake.requests.length - 1]);
    } finally {
      await h.close();
    }
  });
}

test('run-together argument objects: repeats count once, distinct ones become separate calls, cut-off copies are dropped', async () => {
  const { splitArguments } = await import('../../src/agent/model/toolCallAssembler');
  // sgl-project/sglang#23071, verbatim shape.
  assert.deepEqual(splitArguments('{"command": "ls | head -100"{"command": "ls | head -100", "description": "Run tests"}'), [
    '{"command": "ls | head -100", "description": "Run tests"}',
  ]);
  assert.deepEqual(splitArguments('{"text":{"text":"one"}'), ['{"text":"one"}']);
  // elizaOS/eliza#9766: the whole call sent again.
  assert.deepEqual(splitArguments('{"replyText":"PONG"}{"replyText":"PONG"}'), ['{"replyText":"PONG"}']);
  // huggingface/smolagents#1958: parallel calls merged at one index.
  assert.deepEqual(splitArguments('{"query": "Emma Bull"}{"query": "Virginia Woolf"}'), [
    '{"query": "Emma Bull"}',
    '{"query": "Virginia Woolf"}',
  ]);
  // Valid or hopeless text is left alone, so the model sees its own arguments in the error.
  assert.deepEqual(splitArguments('{"a":[1,{"b":"}{"}]}'), ['{"a":[1,{"b":"}{"}]}']);
  assert.deepEqual(splitArguments('{"a": "unterminated'), ['{"a": "unterminated']);
});

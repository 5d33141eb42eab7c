// Drives tools/fake-model with the real `openai` package to pin down both the fake and the SDK's behaviour on faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { startFakeModel, type Script, type FakeModel } from '../../tools/fake-model/server';

const messages = [{ role: 'user' as const, content: 'hello' }];

async function withFake(script: Script, fn: (client: OpenAI, fake: FakeModel) => Promise<void>) {
  const fake = await startFakeModel({ script });
  try {
    await fn(new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' }), fake);
  } finally {
    await fake.close();
  }
}

async function collect(
  client: OpenAI,
  extra: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {},
  options: OpenAI.RequestOptions = {},
) {
  const stream = await client.chat.completions.create({ model: 'fake-model', messages, stream: true, ...extra }, options);
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const text = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
const finish = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean);

test('streams text in several chunks and ends with finish_reason stop', () =>
  withFake([{ content: 'The quick brown fox jumps over the lazy dog.', chunkSize: 8 }], async (client) => {
    const chunks = await collect(client);
    assert.equal(text(chunks), 'The quick brown fox jumps over the lazy dog.');
    assert.ok(chunks.filter((c) => c.choices[0]?.delta.content).length >= 5);
    assert.deepEqual(finish(chunks), ['stop']);
    assert.equal(chunks[0].object, 'chat.completion.chunk');
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  }));

test('streams tool calls whose arguments are split over several deltas', () =>
  withFake(
    [
      {
        toolCalls: [
          { id: 'call_a', name: 'read_file', arguments: '{"path":"src/extension.ts"}' },
          { name: 'search', arguments: '{"q":"x' },
        ],
      },
    ],
    async (client) => {
      const chunks = await collect(client);
      const calls: { id?: string; name: string; args: string; pieces: number }[] = [];
      for (const c of chunks)
        for (const d of c.choices[0]?.delta.tool_calls ?? []) {
          const call = (calls[d.index] ??= { name: '', args: '', pieces: 0 });
          if (d.id) call.id = d.id;
          if (d.function?.name) call.name += d.function.name;
          if (d.function?.arguments) {
            call.args += d.function.arguments;
            call.pieces++;
          }
          if (d.id) assert.equal(d.type, 'function');
        }
      assert.equal(calls.length, 2);
      assert.deepEqual(
        calls.map((c) => [c.name, c.args]),
        [
          ['read_file', '{"path":"src/extension.ts"}'],
          ['search', '{"q":"x'],
        ],
      );
      assert.equal(calls[0].id, 'call_a');
      assert.match(calls[1].id!, /^call_/);
      assert.ok(
        calls.every((c) => c.pieces >= 2),
        'arguments arrive in pieces',
      );
      assert.deepEqual(finish(chunks), ['tool_calls']);
    },
  ));

test('streams reasoning_content before the content', () =>
  withFake([{ reasoning: 'Let me think about this.', content: 'Answer.' }], async (client) => {
    const chunks = await collect(client);
    const kinds = chunks.map((c) => {
      const d = c.choices[0]?.delta as Record<string, unknown> | undefined;
      return d?.reasoning_content ? 'r' : d?.content ? 'c' : '-';
    });
    assert.equal(
      chunks.map((c) => (c.choices[0]?.delta as { reasoning_content?: string }).reasoning_content ?? '').join(''),
      'Let me think about this.',
    );
    assert.ok(kinds.lastIndexOf('r') < kinds.indexOf('c'));
    assert.equal(text(chunks), 'Answer.');
  }));

test('answers non-streaming requests with one chat.completion', () =>
  withFake(
    [
      {
        content: 'done',
        reasoning: 'hmm',
        toolCalls: [{ name: 'f', arguments: '{}' }],
        usage: { prompt_tokens: 10, completion_tokens: 3 },
      },
      { content: 'x', usage: null },
    ],
    async (client) => {
      const r = await client.chat.completions.create({ model: 'fake-model', messages });
      assert.equal(r.object, 'chat.completion');
      assert.equal(r.choices[0].message.content, 'done');
      assert.equal((r.choices[0].message as unknown as { reasoning_content: string }).reasoning_content, 'hmm');
      const call = r.choices[0].message.tool_calls![0];
      assert.equal(call.type === 'function' && call.function.name, 'f');
      assert.equal(r.choices[0].finish_reason, 'tool_calls');
      assert.deepEqual(r.usage, { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 });
      const r2 = await client.chat.completions.create({ model: 'fake-model', messages });
      assert.equal(r2.usage, undefined);
    },
  ));

test('usage chunk comes last with empty choices when include_usage is set, never otherwise', () =>
  withFake([{ content: 'a' }, { content: 'b' }, { content: 'c', usage: null }], async (client) => {
    const withUsage = await collect(client, { stream_options: { include_usage: true } });
    const last = withUsage.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.ok(last.usage!.prompt_tokens > 0 && last.usage!.completion_tokens > 0);
    assert.ok(withUsage.slice(0, -1).every((c) => c.usage === null));
    assert.ok((await collect(client)).every((c) => c.usage == null));
    assert.ok((await collect(client, { stream_options: { include_usage: true } })).every((c) => c.usage == null));
  }));

test('HTTP 429 with Retry-After surfaces as an APIError with a readable header', () =>
  withFake(
    [
      { fault: 'http', status: 429, retryAfter: '7' },
      { fault: 'http', status: 401 },
    ],
    async (client) => {
      const err = await collect(client).catch((e) => e);
      assert.ok(err instanceof APIError);
      assert.equal(err.status, 429);
      assert.equal(err.headers?.get('retry-after'), '7');
      assert.equal((err.error as { code?: string }).code, 'rate_limit_exceeded');
      const err401 = await client.chat.completions.create({ model: 'm', messages }).catch((e) => e);
      assert.ok(err401 instanceof OpenAI.AuthenticationError);
    },
  ));

test('a cut mid-stream makes the iteration throw a plain TypeError (not an OpenAI error)', () =>
  withFake([{ fault: 'cut', afterChunks: 2 }], async (client) => {
    const got: string[] = [];
    const err = await (async () => {
      const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    assert.equal(got.length, 2);
    assert.ok(err instanceof TypeError && !(err instanceof OpenAIError));
    assert.equal(err.message, 'terminated');
  }));

test('a stall mid-stream: the SDK timeout does not fire; aborting ends the iteration silently', () =>
  withFake([{ fault: 'stall', afterChunks: 2, ms: 5000 }], async (client) => {
    const started = Date.now();
    // The SDK timeout (1 s) covers only the wait for the response head; the abort (2.5 s) ends the stalled body.
    // Generous figures: the head must arrive within the timeout even on a loaded machine.
    const chunks = await collect(client, {}, { timeout: 1_000, signal: AbortSignal.timeout(2_500) });
    assert.equal(chunks.length, 2, 'no throw, just the chunks sent before the stall');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 2_400, `ended by the abort signal, not the timeout (${elapsed} ms)`);
  }));

test('a stall before any response byte trips the SDK timeout', () =>
  withFake([{ fault: 'stall', afterChunks: 0, ms: 5000 }], async (client) => {
    const err = await client.chat.completions.create({ model: 'm', messages, stream: true }, { timeout: 200 }).catch((e) => e);
    assert.ok(err instanceof APIConnectionTimeoutError);
  }));

test('close() ends stalled streams promptly', async () => {
  const fake = await startFakeModel({ script: [{ fault: 'stall', afterChunks: 1 }] });
  const client = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' });
  const pending = collect(client).catch((e) => e);
  await new Promise((r) => setTimeout(r, 100));
  // The stall never ends by itself: close() must end it rather than wait for it.
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    fake.close().then(() => 'closed'),
    new Promise((r) => (timer = setTimeout(() => r('still waiting on the stalled stream'), 30_000))),
  ]);
  clearTimeout(timer);
  assert.equal(outcome, 'closed');
  assert.ok((await pending) instanceof TypeError);
});

test('garbage bodies: invalid JSON data throws SyntaxError, non-SSE text yields nothing', () =>
  withFake(
    [
      { fault: 'garbage', body: 'data: {not json\n\n' },
      { fault: 'garbage', body: '<html>502 Bad Gateway</html>' },
    ],
    async (client) => {
      assert.ok((await collect(client).catch((e) => e)) instanceof SyntaxError);
      assert.deepEqual(await collect(client), []);
    },
  ));

test('no-finish: raw iteration ends quietly, the stream helper rejects', () =>
  withFake([{ fault: 'no-finish', reply: { content: 'partial' } }, { fault: 'no-finish' }], async (client) => {
    const chunks = await collect(client);
    assert.equal(text(chunks), 'partial');
    assert.deepEqual(finish(chunks), []);
    const err = await client.chat.completions
      .stream({ model: 'm', messages })
      .finalChatCompletion()
      .catch((e) => e);
    assert.ok(err instanceof OpenAIError);
    assert.match(err.message, /missing finish_reason/);
  }));

test('reset before any response surfaces as APIConnectionError', () =>
  withFake([{ fault: 'reset' }], async (client) => {
    const err = await collect(client).catch((e) => e);
    assert.ok(err instanceof APIConnectionError && !(err instanceof APIConnectionTimeoutError));
  }));

test('records every request; models, 404, bad JSON, exhausted script', () =>
  withFake([{ content: 'one' }], async (client, fake) => {
    await collect(client);
    assert.deepEqual(
      (await client.models.list()).data.map((m) => m.id),
      ['fake-model'],
    );
    const notFound = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: '{}' });
    assert.equal(notFound.status, 404);
    const bad = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{oops' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    const exhausted = await client.chat.completions.create({ model: 'm', messages }).catch((e) => e);
    assert.ok(exhausted instanceof OpenAI.InternalServerError);
    assert.match(exhausted.message, /script exhausted/);

    assert.deepEqual(
      fake.requests.map((r) => [r.method, r.path, r.index]),
      [
        ['POST', '/v1/chat/completions', 0],
        ['GET', '/v1/models', -1],
        ['POST', '/v1/embeddings', -1],
        ['POST', '/v1/chat/completions', -1],
        ['POST', '/v1/chat/completions', 1],
      ],
    );
    assert.deepEqual(fake.requests[0].body.messages, messages);
    assert.equal(fake.requests[0].body.stream, true);
    assert.equal(fake.requests[0].headers.authorization, 'Bearer test');
    // OpenAI's and vLLM's shape: {object:"list",data:[{id,object:"model",created (Unix seconds),owned_by}]}.
    const listed = (await (await fetch(`${fake.url}/models`)).json()) as { object: string; data: Record<string, unknown>[] };
    assert.equal(listed.object, 'list');
    assert.deepEqual(Object.keys(listed.data[0]), ['id', 'object', 'created', 'owned_by']);
    assert.equal(listed.data[0].object, 'model');
    assert.ok(Math.abs((listed.data[0].created as number) - Date.now() / 1000) < 3600, String(listed.data[0].created));
  }));

test('function scripts see each request and its index', () =>
  withFake(
    async (req, index) => ({ content: `#${index}: ${req.body.messages.at(-1).content}` }),
    async (client) => {
      assert.equal(text(await collect(client)), '#0: hello');
      const r = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'again' }] });
      assert.equal(r.choices[0].message.content, '#1: again');
    },
  ));

test('CLI prints its URL, serves a JSON script and exits cleanly on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-model-'));
  const file = join(dir, 'script.json');
  writeFileSync(file, JSON.stringify([{ content: 'from the cli' }]));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/fake-model/cli.ts', '--script', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /FAKE_MODEL_URL=(\S+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const client = new OpenAI({ baseURL: url, apiKey: 'test', maxRetries: 0 });
  const r = await client.chat.completions.create({ model: 'm', messages });
  assert.equal(r.choices[0].message.content, 'from the cli');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.match(stderr, /#0 POST \/v1\/chat\/completions/);
});

// Test Connection / `doctor` against a scripted server that answers as the real ones do (sources beside each case).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { checkConnection } from '../../src/node/model/connectionCheck';
import { startFakeModel, type FakeModelOptions } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { existsSync } from 'node:fs';

async function check(
  opts: Partial<FakeModelOptions> & { script?: FakeModelOptions['script'] },
  model = 'fake-model',
  apiKey = 'sk-right',
  contextWindow = 131_072,
) {
  const fake = await startFakeModel({ script: [], ...opts });
  try {
    return {
      result: await checkConnection({ baseUrl: fake.url, apiKey, model, contextWindow, timeoutMs: 5_000 }),
      requests: fake.requests,
    };
  } finally {
    await fake.close();
  }
}
const kinds = (r: { findings: { kind: string }[] }) => r.findings.map((f) => f.kind);

test('a working endpoint: listed, a native tool call, ok', async () => {
  const { result, requests } = await check({ script: [{ toolCalls: [{ name: 'report_status', arguments: '{"status":"ok"}' }] }] });
  assert.equal(result.ok, true);
  assert.deepEqual(kinds(result), ['models_listed', 'tool_call_ok']);
  const chat = requests.find((r) => r.path.endsWith('/chat/completions'))!;
  assert.equal(chat.body.tools.length, 1, 'one short request with one tool');
  assert.equal(chat.body.stream, true);
});

test('a refused key (OpenAI: 401 invalid_api_key) is named, with the fix', async () => {
  const { result } = await check({ apiKey: 'sk-right' }, 'fake-model', 'sk-wrong');
  assert.equal(result.ok, false);
  assert.deepEqual(kinds(result), ['key_refused']);
  assert.match(result.findings[0].message, /refused the API key \(401\): Incorrect API key provided/);
  assert.match(result.findings[0].fix ?? '', /Set API Key/);
});

test('unreachable: nothing listens on the port', async () => {
  const port = await new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
  const result = await checkConnection({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: '', model: 'm', timeoutMs: 5_000 });
  assert.deepEqual(kinds(result), ['unreachable']);
  assert.match(result.findings[0].message, /ECONNREFUSED/);
});

test('model not found: the listed models are offered', async () => {
  const { result } = await check({ models: [{ id: 'qwen3:8b' }, { id: 'llama3.1:8b' }] }, 'qwen3:32b');
  assert.deepEqual(kinds(result), ['models_listed', 'model_not_found']);
  assert.match(result.findings[1].message, /does not serve "qwen3:32b". It lists: qwen3:8b, llama3\.1:8b/);
});

test('tools not supported: Ollama\'s 400 "does not support tools" (ollama/ollama#5793, #14795) offers mirothinker-xml', async () => {
  const { result } = await check({
    script: [
      {
        fault: 'http',
        status: 400,
        body: JSON.stringify({
          error: { message: 'registry.ollama.ai/library/gemma3:4b does not support tools', type: 'api_error', param: null, code: null },
        }),
      },
    ],
  });
  assert.equal(result.ok, false);
  const f = result.findings.at(-1)!;
  assert.equal(f.kind, 'tools_unsupported');
  assert.match(f.message, /does not support tools/);
  assert.match(f.fix ?? '', /mirothinker-xml/);
});

test('tools not supported: vLLM without a tool parser (vllm-project/vllm#9986)', async () => {
  const { result } = await check({
    script: [
      { fault: 'http', status: 400, message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set' },
    ],
  });
  assert.equal(result.findings.at(-1)!.kind, 'tools_unsupported');
});

test('a tool call written as text (no server-side parser) is diagnosed as tools unsupported', async () => {
  const { result } = await check({
    script: [{ content: '<tool_call>\n{"name": "report_status", "arguments": {"status": "ok"}}\n</tool_call>' }],
  });
  assert.equal(result.findings.at(-1)!.kind, 'tools_unsupported');
});

test('streaming broken: a proxy that sends a non-SSE body or ends without a finish reason', async () => {
  const garbage = await check({ script: [{ fault: 'garbage', body: 'data: {not json\n\n' }] });
  assert.equal(garbage.result.findings.at(-1)!.kind, 'streaming_broken');
  const noFinish = await check({ script: [{ fault: 'no-finish', reply: { toolCalls: [{ name: 'report_status', arguments: '{}' }] } }] });
  assert.equal(noFinish.result.findings.at(-1)!.kind, 'streaming_broken');
});

test("context window smaller than the setting: vLLM's max_model_len in /v1/models", async () => {
  const { result } = await check({
    models: [{ id: 'fake-model', max_model_len: 32_768 }],
    script: [{ toolCalls: [{ name: 'report_status', arguments: '{"status":"ok"}' }] }],
  });
  assert.equal(result.ok, true, 'a warning, not an error');
  assert.equal(result.contextWindow, 32_768);
  const f = result.findings.find((x) => x.kind === 'context_smaller')!;
  assert.match(f.message, /32,768 tokens, smaller than the 131,072/);
});

test('doctor: the same checks on the command line, exit 3 with the diagnosis', async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  const fake = await startFakeModel({ script: [], apiKey: 'sk-right' });
  try {
    const r = await runCli(['doctor', '--base-url', fake.url, '--model', 'fake-model'], {
      env: { RESEARCH_COPILOT_API_KEY: 'sk-wrong-key-123456' },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /✗ The endpoint refused the API key \(401\)/);
    assert.match(r.stdout, /→ Set the right key/);
    assert.ok(!r.stdout.includes('sk-wrong-key-123456'));
  } finally {
    await fake.close();
  }
});

// A model that answers in text when asked to call a tool natively (small local models do), and writes
// MiroThinker's XML call when the tool is described in the prompt instead: the scripted server plays it.
const XML_CALL =
  '<use_mcp_tool>\n<server_name>connection</server_name>\n<tool_name>report_status</tool_name>\n<arguments>\n{"status": "ok"}\n</arguments>\n</use_mcp_tool>';
const ignoresNativeTools: FakeModelOptions['script'] = (req) =>
  Array.isArray(req.body.tools) ? { content: 'Everything is fine, the status is ok.' } : { content: XML_CALL };
const ignoresAllTools: FakeModelOptions['script'] = () => ({ content: 'The status is ok.' });

test('a model that answers in text instead of calling the tool: runs with native tools will not work; mirothinker-xml is tried and works', async () => {
  const { result, requests } = await check({ script: ignoresNativeTools });
  assert.equal(result.ok, false, 'an error, not a warning');
  assert.deepEqual(kinds(result), ['models_listed', 'no_tool_call', 'xml_tool_call_ok']);
  const [, ignored, xml] = result.findings;
  assert.equal(ignored.level, 'error');
  assert.match(ignored.message, /answered in text when asked to call a tool: runs with native tools \(openai-tools\) will not work/);
  assert.match(ignored.fix ?? '', /It does call tools with the mirothinker-xml protocol/);
  assert.equal(xml.level, 'ok');
  const chats = requests.filter((r) => r.path.endsWith('/chat/completions'));
  assert.equal(chats.length, 2);
  assert.equal(chats[0].body.tools.length, 1, 'first the native tool');
  assert.equal(chats[1].body.tools, undefined, 'then the tool described in the prompt');
  assert.match(chats[1].body.messages[0].content, /<use_mcp_tool>[\s\S]*report_status/);
});

test('a model that ignores tools under both protocols: both are errors, and nothing is offered', async () => {
  const { result } = await check({ script: ignoresAllTools });
  assert.equal(result.ok, false);
  assert.deepEqual(kinds(result), ['models_listed', 'no_tool_call', 'xml_no_tool_call']);
  assert.match(result.findings[1].fix ?? '', /ignored the tool with the mirothinker-xml protocol too/);
  assert.match(result.findings[2].message, /did not call the tool either/);
});

test('with the mirothinker-xml protocol the check asks for an XML call, and passes when the model writes one', async () => {
  const fake = await startFakeModel({ script: ignoresNativeTools });
  try {
    const result = await checkConnection({
      baseUrl: fake.url,
      apiKey: '',
      model: 'fake-model',
      protocol: 'mirothinker-xml',
      timeoutMs: 5_000,
    });
    assert.equal(result.ok, true);
    assert.deepEqual(kinds(result), ['models_listed', 'xml_tool_call_ok']);
  } finally {
    await fake.close();
  }
});

test('doctor against a model that ignores tools: exit 3, says native tools will not work and that mirothinker-xml does', async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  const fake = await startFakeModel({ script: ignoresNativeTools });
  try {
    const r = await runCli(['doctor', '--base-url', fake.url, '--model', 'fake-model']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /✗ "fake-model" answered in text when asked to call a tool: runs with native tools \(openai-tools\) will not work\./,
    );
    assert.match(
      r.stdout,
      /→ It does call tools with the mirothinker-xml protocol: set researchCopilot\.protocol \(CLI: --protocol\) to mirothinker-xml\./,
    );
    assert.match(r.stdout, /✓ "fake-model" wrote a <use_mcp_tool> call: the mirothinker-xml protocol works\./);
    assert.match(r.stdout, /• search_text: (ripgrep|builtin engine)/);
    assert.match(r.stdout, /Not ready/);
    assert.doesNotMatch(r.stdout, /OK: a run/);
    const xml = await runCli(['doctor', '--base-url', fake.url, '--model', 'fake-model', '--protocol', 'mirothinker-xml']);
    assert.equal(xml.code, 0, xml.stdout + xml.stderr);
    assert.match(xml.stdout, /OK: a run with mirothinker-xml can use this endpoint\./);
  } finally {
    await fake.close();
  }
});

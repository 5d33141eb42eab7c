/**
 * Every stream shape real OpenAI-compatible servers send that has broken some agent client, with where
 * it was seen. The scripted server replays each one (tools/fake-model/wire.ts); the conformance suite
 * runs them through both protocols and mixes them in a 300-step run.
 */
import type { Protocol } from '../../../src/agent/events';
import type { RedoReason } from '../../../src/agent/events';
import type { ScriptedReply, WireQuirks } from '../../../tools/fake-model/server';

export interface Shape {
  name: string;
  /** Where the shape was seen (a public issue, pull request or document). */
  source: string;
  wire?: WireQuirks;
  /** finish_reason of the reply that carries the call (default: tool_calls / stop). */
  finishReason?: string;
  /** The tool-call id the server sends on every call, every turn. */
  id?: string;
  /** Calls travel as native `tool_calls` even under the XML protocol (a server-side tool parser). */
  native?: boolean;
  /** How the reply's text wraps thinking. */
  think?: 'block' | 'close-only' | 'call-inside';
  /** A bad reply sent first in the turn; the agent must throw it away and ask again. */
  prelude?: { reason: RedoReason; reply: (p: Protocol) => ScriptedReply };
}

const reasoning = 'The file list will tell me where to look next.';

export const SHAPES: Shape[] = [
  {
    name: 'OpenAI: arguments in many pieces, usage-only last chunk',
    source: 'OpenAI stream_options.include_usage; ggml-org/llama.cpp#12379 (captured OpenAI stream)',
  },
  {
    name: 'usage-only chunk although include_usage was not asked',
    source: 'vLLM/SGLang continuous usage; BerriAI/litellm#20246 capture',
    wire: { alwaysUsage: true },
  },
  { name: 'choices: null', source: 'MiniMax M2, RooCodeInc/Roo-Code#9105', wire: { choicesNull: true } },
  { name: 'a choice without delta', source: 'Azure content filter annotations, uezo/aiavatarkit#124', wire: { noDelta: true } },
  {
    name: "Azure: first chunk {id:'',choices:[],prompt_filter_results}, content_filter_results, content_filter_offsets",
    source: 'AbanteAI/archive-old-cli-mentat#429, microsoft/autogen#6465, langchain-ai/langchain#18977',
    wire: { azure: true },
  },
  {
    name: 'tool_calls without index',
    native: true,
    source: "Gemini's OpenAI layer, AstrBotDevs/AstrBot#6661, openai/openai-python#2806",
    wire: { toolCalls: 'no-index' },
  },
  {
    name: 'tool_calls without index, whole call per delta',
    native: true,
    source: 'older Ollama, ollama/ollama#7881',
    wire: { toolCalls: 'no-index-whole' },
  },
  {
    name: 'tool_calls with extra fields',
    native: true,
    source: 'Gemini thought_signature, THU-MAIC/OpenMAIC#1556',
    wire: { extraFields: true, toolCalls: 'no-index' },
  },
  {
    name: 'whole tool call in one chunk',
    native: true,
    source: 'Ollama / LM Studio, ollama/ollama#5915 (chunk shown), ollama/ollama#11633',
    wire: { toolCalls: 'whole' },
  },
  {
    name: 'finish_reason "stop" with tool calls',
    native: true,
    source: 'ollama/ollama#7963 (gpt-4o does it too), BerriAI/litellm#35663',
    finishReason: 'stop',
  },
  {
    name: 'the call id on every chunk',
    native: true,
    source: 'llama.cpp before ggml-org/llama.cpp#13800; Mistral (64bit/async-openai#329)',
    wire: { idOnEveryDelta: true },
  },
  { name: 'tool-call id "" on every call', native: true, source: 'LM Studio, lmstudio-ai/lmstudio-bug-tracker#830', id: '' },
  { name: 'tool-call id "0" on every call', native: true, source: 'llama.cpp constant ids, NousResearch/hermes-agent#70724', id: '0' },
  {
    name: 'id "" and name "" on continuation deltas',
    native: true,
    source: 'DashScope/GLM, anomalyco/opencode#37841',
    wire: { emptyStrings: true },
  },
  {
    name: 'the name repeated in every delta',
    native: true,
    source: 'llama.cpp, fixed by ggml-org/llama.cpp#13800',
    wire: { nameOnEveryDelta: true },
  },
  {
    name: 'SGLang: a second entry with name null whose arguments are a cut-off object run into the whole one',
    native: true,
    source: 'sgl-project/sglang#23071 (MiniMax-M2 parser)',
    wire: { toolCalls: 'sglang-split' },
  },
  {
    name: 'the whole call sent again in the finish chunk',
    native: true,
    source: 'Cerebras, elizaOS/eliza#9766',
    wire: { repeatInFinish: true },
  },
  {
    name: 'reasoning in delta.reasoning_content',
    source: 'DeepSeek, SGLang, vLLM < 0.19.1',
    wire: { reasoningField: 'reasoning_content' },
  },
  {
    name: 'reasoning in delta.reasoning',
    source: 'vLLM ≥ 0.19.1, strands-agents/harness-sdk#2191, BerriAI/litellm#22573',
    wire: { reasoningField: 'reasoning' },
  },
  {
    name: 'reasoning in both fields at once',
    source: 'vLLM transition, BerriAI/litellm#22573 ("precedence")',
    wire: { reasoningField: 'both' },
  },
  { name: '<think> blocks in the content', source: 'Qwen3 without a reasoning parser, p-e-w/waidrin#37', think: 'block' },
  {
    name: 'reply starts inside thinking and only shows </think>',
    source: 'Qwen3 thinking templates, Cerebras/cerebras-cloud-sdk-python#10, vllm-project/vllm#31045, ollama/ollama#12511',
    think: 'close-only',
  },
  {
    name: '<use_mcp_tool> written inside a think block (never run)',
    source: 'MiroThinker models think before calling (MiroMindAI/MiroThinker)',
    think: 'call-inside',
  },
  {
    name: 'finish_reason "length" in the middle of a call',
    source: 'MiroThinker openai_client.py retries with max_tokens ×1.1',
    prelude: { reason: 'length', reply: (p) => cutCall(p) },
  },
  {
    name: 'finish_reason "length" in the middle of the answer',
    source: 'MiroThinker openai_client.py retries with max_tokens ×1.1',
    prelude: {
      reason: 'length',
      reply: () => ({ content: 'The answer, as far as I can tell so far, is that the', finishReason: 'length' }),
    },
  },
  {
    name: 'finish_reason "content_filter"',
    source: 'Azure OpenAI content filtering, langchain4j/langchain4j#2385',
    prelude: { reason: 'content_filter', reply: () => ({ content: 'I will now', finishReason: 'content_filter', wire: { azure: true } }) },
  },
  {
    name: 'degenerate output repeated until the token limit',
    source: 'MiroThinker openai_client.py (last 50 chars repeated > 5 times is retried)',
    prelude: {
      reason: 'degenerate',
      reply: () => ({ content: 'I will check the file again. '.repeat(400), finishReason: 'length', chunkSize: 29, delayMs: 2 }),
    },
  },
  {
    name: 'MiroThinker XML with <use_mcp_tool> but no readable call',
    source: 'MiroThinker orchestrator.py rolls such a turn back (up to 5 in a row)',
    prelude: {
      reason: 'malformed_call',
      reply: () => ({
        content: 'Let me look.\n<use_mcp_tool>\n<server_name>test</server_name>\n<arguments>{"text": "lost"}</arguments>\n</use_mcp_tool>',
      }),
    },
  },
];

/** The shapes whose bad reply only exists under one protocol. */
export function appliesTo(shape: Shape, protocol: Protocol): boolean {
  if (shape.prelude?.reason === 'malformed_call') return protocol === 'mirothinker-xml';
  return true;
}

export function xml(tool: string, args: unknown): string {
  return `<use_mcp_tool>\n<server_name>test</server_name>\n<tool_name>${tool}</tool_name>\n<arguments>\n${JSON.stringify(args)}\n</arguments>\n</use_mcp_tool>`;
}

function cutCall(p: Protocol): ScriptedReply {
  return p === 'openai-tools'
    ? { toolCalls: [{ name: 'echo', arguments: '{"text": "cut in the mid' }], finishReason: 'length' }
    : {
        content:
          'Let me check.\n<use_mcp_tool>\n<server_name>test</server_name>\n<tool_name>echo</tool_name>\n<arguments>\n{"text": "cut in',
        finishReason: 'length',
      };
}

function wrapThinking(shape: Shape, text: string): string {
  switch (shape.think) {
    case 'block':
      return `<think>${reasoning}</think>\n${text}`;
    case 'close-only':
      return `${reasoning}\n</think>\n\n${text}`;
    case 'call-inside':
      return `<think>I could run ${xml('echo', { text: 'never' })} but first I should think.</think>\n${text}`;
    default:
      return text;
  }
}

/** The good reply of a turn: one call of `echo` with `text`, framed as the shape says. */
export function callReply(shape: Shape, protocol: Protocol, text: string): ScriptedReply {
  const native = protocol === 'openai-tools' || shape.native === true;
  const reply: ScriptedReply = {
    reasoning: shape.think ? undefined : reasoning,
    ...(shape.wire ? { wire: shape.wire } : {}),
    ...(shape.finishReason ? { finishReason: shape.finishReason } : {}),
  };
  if (native) {
    reply.content = shape.think ? wrapThinking(shape, '') : '';
    reply.toolCalls = [{ ...(shape.id !== undefined ? { id: shape.id } : {}), name: 'echo', arguments: JSON.stringify({ text }) }];
  } else {
    reply.content = wrapThinking(shape, `Let me check.\n${xml('echo', { text })}`);
  }
  return reply;
}

/** The final answer, framed as the shape says. */
export function answerReply(shape: Shape, answer: string): ScriptedReply {
  return {
    content: wrapThinking(shape, answer),
    ...(shape.think ? {} : { reasoning }),
    ...(shape.wire ? { wire: shape.wire } : {}),
  };
}

// How a scripted reply is framed on the wire: OpenAI's own shape by default, or the shape a particular
// server really sends (`wire` on a reply). Each quirk names where it was seen; the conformance suite
// (test/unit/streamConformance.test.ts) replays every one through the agent.

/** Departures from OpenAI's stream shape, each one seen from a real server. */
export interface WireQuirks {
  /**
   * Azure OpenAI: a first chunk `{"id":"","choices":[],"prompt_filter_results":[…]}`, `content_filter_results`
   * on every choice, and an annotation chunk whose choice has `content_filter_offsets` and no `delta`
   * (AbanteAI/archive-old-cli-mentat#429, langchain-ai/langchain#18977, microsoft/autogen#6465).
   */
  azure?: boolean;
  /** A chunk with `choices: null` (MiniMax; RooCodeInc/Roo-Code#9105). */
  choicesNull?: boolean;
  /** A choice without `delta` (uezo/aiavatarkit#124). */
  noDelta?: boolean;
  /** The usage-only chunk `{"choices":[],"usage":…}` even when `include_usage` was not asked for. */
  alwaysUsage?: boolean;
  /** Where reasoning goes: `reasoning_content` (default; DeepSeek, SGLang), `reasoning` (vLLM ≥ 0.19.1), or both. */
  reasoningField?: 'reasoning_content' | 'reasoning' | 'both';
  /**
   * Tool-call framing. `split` (default): first delta with id+name, arguments in pieces (OpenAI, vLLM).
   * `whole`: each call in one delta (Ollama, LM Studio). `no-index`: no `index` on any item, arguments in
   * pieces (Gemini's layer; AstrBotDevs/AstrBot#6661). `no-index-whole`: no index, one delta per call
   * (ollama/ollama#7881). `shared-index`: parallel calls all at index 0, one delta each (Ollama through
   * LiteLLM; huggingface/smolagents#1958). `sglang-split`: each call as two entries, a named one with empty
   * arguments and one with `name: null`, `id: null` whose arguments are a cut-off copy run into the
   * whole object (sgl-project/sglang#23071).
   */
  toolCalls?: 'split' | 'whole' | 'no-index' | 'no-index-whole' | 'shared-index' | 'sglang-split';
  /** The call's id repeated on every delta of that call. */
  idOnEveryDelta?: boolean;
  /** `id: ""` and `name: ""` on continuation deltas instead of leaving them out (anomalyco/opencode#37841). */
  emptyStrings?: boolean;
  /** The function name repeated in every delta (llama.cpp before ggml-org/llama.cpp#13800). */
  nameOnEveryDelta?: boolean;
  /** Extra fields on tool-call items (Gemini's `extra_content.google.thought_signature`, THU-MAIC/OpenMAIC#1556). */
  extraFields?: boolean;
  /** Every call sent again, whole, in the finish chunk. */
  repeatInFinish?: boolean;
}

export interface WireCall {
  id: string;
  name: string;
  arguments: string;
}

export interface WireReply {
  content?: string;
  reasoning?: string;
  calls: WireCall[];
  finishReason: string;
  chunkSize: number;
  wire?: WireQuirks;
}

type Delta = Record<string, unknown>;

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The `choices[0]` objects of a streamed reply, in order, before the usage chunk. */
export function wireChoices(r: WireReply): Record<string, unknown>[] {
  const q = r.wire ?? {};
  const filter = q.azure ? { content_filter_results: SAFE } : {};
  const deltas: Delta[] = [{ role: 'assistant', content: '' }];
  const field = q.reasoningField ?? 'reasoning_content';
  for (const piece of split(r.reasoning ?? '', r.chunkSize)) {
    deltas.push(field === 'both' ? { reasoning_content: piece, reasoning: piece } : { [field]: piece });
  }
  for (const piece of split(r.content ?? '', r.chunkSize)) deltas.push({ content: piece });
  deltas.push(...toolCallDeltas(r.calls, r.chunkSize, q));
  const choices = deltas.map((delta) => ({ index: 0, delta, logprobs: null, finish_reason: null, ...filter }));
  const finishDelta: Delta = q.repeatInFinish && r.calls.length ? { tool_calls: r.calls.map((c, i) => item(i, c, c.arguments, q)) } : {};
  choices.push({ index: 0, delta: finishDelta, logprobs: null, finish_reason: r.finishReason as never, ...filter });
  return choices;
}

/** Extra whole chunks a quirk adds: before everything, after the role chunk, and at the end. */
export function wireExtras(q: WireQuirks | undefined): { first: unknown[]; afterRole: unknown[]; last: unknown[] } {
  const out = { first: [] as unknown[], afterRole: [] as unknown[], last: [] as unknown[] };
  if (q?.azure) {
    out.first.push({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE }],
    });
    out.last.push({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [
        {
          index: 0,
          finish_reason: null,
          content_filter_results: SAFE,
          content_filter_offsets: { check_offset: 44, start_offset: 44, end_offset: 198 },
        },
      ],
      usage: null,
    });
  }
  if (q?.choicesNull)
    out.afterRole.push({ id: 'chatcmpl-minimax', object: 'chat.completion.chunk', created: 0, model: 'MiniMax-M2', choices: null });
  if (q?.noDelta)
    out.afterRole.push({
      id: 'chatcmpl-nodelta',
      object: 'chat.completion.chunk',
      created: 0,
      model: '',
      choices: [{ index: 0, finish_reason: null }],
    });
  return out;
}

function item(index: number, c: WireCall, args: string, q: WireQuirks, first = true): Record<string, unknown> {
  const extra = q.extraFields ? { extra_content: { google: { thought_signature: 'c2lnbmF0dXJl' } } } : {};
  return { index, id: c.id, type: 'function', function: { name: c.name, arguments: args }, ...(first ? extra : {}) };
}

function toolCallDeltas(calls: WireCall[], size: number, q: WireQuirks): Delta[] {
  const mode = q.toolCalls ?? 'split';
  const out: Delta[] = [];
  calls.forEach((c, i) => {
    if (mode === 'whole' || mode === 'no-index-whole' || mode === 'shared-index') {
      const it = item(mode === 'shared-index' ? 0 : i, c, c.arguments, q);
      if (mode === 'no-index-whole') delete it.index;
      out.push({ tool_calls: [it] });
      return;
    }
    if (mode === 'sglang-split') {
      out.push({ tool_calls: [item(2 * i, c, '', q)] });
      // A cut-off copy of the arguments run into the whole object, as the MiniMax-M2 parser streamed it.
      // Cut where the issue shows it: after the last value, before the closing brace.
      const cut = c.arguments.replace(/\}\s*$/, '');
      for (const piece of split(cut + c.arguments, Math.max(1, size)))
        out.push({ tool_calls: [{ index: 2 * i + 1, id: null, type: 'function', function: { name: null, arguments: piece } }] });
      return;
    }
    const first = item(i, c, '', q);
    if (mode === 'no-index') delete first.index;
    out.push({ tool_calls: [first] });
    const argSize = Math.max(1, Math.min(size, Math.ceil(c.arguments.length / 2)));
    for (const piece of split(c.arguments, argSize)) {
      const next: Record<string, unknown> = { function: { arguments: piece } };
      if (mode !== 'no-index') next.index = i;
      if (q.idOnEveryDelta) next.id = c.id;
      if (q.emptyStrings) {
        if (!q.idOnEveryDelta) next.id = '';
        next.function = { name: '', arguments: piece };
      }
      if (q.nameOnEveryDelta) next.function = { name: c.name, arguments: piece };
      out.push({ tool_calls: [next] });
    }
  });
  return out;
}

const SAFE = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

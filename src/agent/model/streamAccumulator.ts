/**
 * Folds the chunks of one streamed Chat Completion into a ModelTurn, tolerating what real servers send
 * besides OpenAI's own shape: chunks with `choices: []` (the usage chunk; Azure's first chunk carrying
 * `prompt_filter_results`, AbanteAI/archive-old-cli-mentat#429), `choices: null` (MiniMax,
 * RooCodeInc/Roo-Code#9105), choices without `delta` (Azure's `content_filter_offsets` annotations,
 * microsoft/autogen#6465), reasoning as `delta.reasoning_content` (DeepSeek, SGLang, older vLLM) or
 * `delta.reasoning` (vLLM ≥ 0.19.1, strands-agents/harness-sdk#2191), and every tool-call shape in
 * toolCallAssembler.ts.
 */
import { ModelError, type ModelCallOptions, type ModelTurn } from '../modelClient';
import { ToolCallAssembler, type ToolCallDelta } from './toolCallAssembler';

interface LooseChoice {
  delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown } | null;
  finish_reason?: unknown;
}
interface LooseChunk {
  choices?: LooseChoice[] | null;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
}

export class TurnAccumulator {
  private text = '';
  private reasoning = '';
  private finishReason: string | null = null;
  private usage: ModelTurn['usage'];
  private readonly calls = new ToolCallAssembler();
  private sawChunk = false;

  add(raw: unknown, onDelta: ModelCallOptions['onDelta']): void {
    if (!raw || typeof raw !== 'object') throw new ModelError('garbage', 'the server sent a chunk that is not an object');
    const chunk = raw as LooseChunk;
    this.sawChunk = true;
    if (chunk.usage && typeof chunk.usage === 'object') {
      this.usage = { promptTokens: count(chunk.usage.prompt_tokens), completionTokens: count(chunk.usage.completion_tokens) };
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!choice || typeof choice !== 'object') return;
    const delta = choice.delta && typeof choice.delta === 'object' ? choice.delta : undefined;
    // When a server sends both names (vLLM did for a while), they carry the same text: read one.
    const reasoning = nonEmpty(delta?.reasoning_content) ?? nonEmpty(delta?.reasoning);
    if (reasoning) {
      this.reasoning += reasoning;
      onDelta?.('reasoning', reasoning);
    }
    const content = nonEmpty(delta?.content);
    if (content) {
      this.text += content;
      onDelta?.('text', content);
    }
    if (Array.isArray(delta?.tool_calls)) for (const tc of delta.tool_calls as ToolCallDelta[]) this.calls.add(tc);
    if (typeof choice.finish_reason === 'string' && choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  finish(): ModelTurn {
    if (!this.sawChunk) throw new ModelError('garbage', 'the server closed the stream without sending any data');
    if (this.finishReason === null) {
      throw new ModelError('incomplete', 'the stream ended without a finish reason (cut off mid-answer)');
    }
    return {
      text: this.text,
      reasoning: this.reasoning,
      toolCalls: this.calls.finish(),
      finishReason: this.finishReason,
      usage: this.usage,
    };
  }
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

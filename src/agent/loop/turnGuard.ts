/**
 * Takes one turn's reply only when it is whole and readable, asking again (bounded) when it is not:
 * - `finish_reason: "length"` (cut in the middle of a call or of the answer): asked again with
 *   `max_tokens` ×1.1, as MiroThinker does, at most 3 times; a cut reply is never the answer;
 * - the same short text repeated (RepetitionDetector): the stream is stopped and the turn asked again
 *   once, with a note;
 * - `<use_mcp_tool>` with no readable call (the protocol says `malformed`), or `finish_reason:
 *   "content_filter"` (Azure): rolled back and asked again with a note, at most 5 times in a row
 *   (MiroThinker's limit on consecutive rollbacks).
 * A discarded reply leaves a `turn_redo` event and nothing in the history; it is not a tool call.
 * Call ids are made unique here, before anything is run or sent back.
 */
import type { AgentEventBody, RedoReason } from '../events';
import type { ChatMessage } from '../messages';
import { ModelError, type ModelTurn } from '../modelClient';
import type { ParsedTurn, ToolProtocol } from '../model/protocols/types';
import { RepetitionDetector } from './repetition';
import type { CallIds } from './callIds';
import { estimateTokens } from './context';

export const MAX_LENGTH_REDOS = 3;
export const MAX_ROLLBACKS = 5;
const DISCARD_CHARS = 4_000;

/** What one model request of a turn gets on top of the history. */
export interface TurnRequestExtra {
  maxTokens?: number;
  /** Messages added to this request only (a redo's note); never kept in the history. */
  notes: ChatMessage[];
  signal: AbortSignal;
  /** True for the second and later requests of a turn. */
  redo: boolean;
  /** Sees every streamed piece. */
  watch: (kind: 'text' | 'reasoning', text: string) => void;
}

export interface TurnGuardDeps {
  protocol: ToolProtocol;
  ids: CallIds;
  /** Tools a text protocol may accept several calls of in one message (research_subtask). */
  concurrent?: ReadonlySet<string>;
  signal: AbortSignal;
  emit: (body: AgentEventBody) => void;
  contextWindow: number;
  maxOutputTokens: number;
  promptTokens: () => number;
  /** Tokens a discarded reply cost (they count toward the run's usage and budget). */
  onSpent: (usage: { promptTokens: number; completionTokens: number }) => void;
}

interface Attempt {
  maxTokens?: number;
  notes: ChatMessage[];
  n: number;
  lengthRedos: number;
  degenerateRedos: number;
  rollbacks: number;
}

export class TurnGuard {
  constructor(private readonly d: TurnGuardDeps) {}

  async take(
    turn: number,
    final: boolean,
    call: (extra: TurnRequestExtra) => Promise<ModelTurn>,
  ): Promise<{ reply: ModelTurn; parsed: ParsedTurn }> {
    const a: Attempt = { notes: [], n: 0, lengthRedos: 0, degenerateRedos: 0, rollbacks: 0 };
    for (;;) {
      const streamed = await this.request(a, call);
      if ('loop' in streamed) {
        if (a.degenerateRedos++ >= 1) throw new ModelError('degenerate', `the model kept repeating itself ("${clip(streamed.loop, 80)}")`);
        this.redo(turn, a, 'degenerate', streamed.text, [{ role: 'user', content: degenerateNote(streamed.loop) }]);
        continue;
      }
      const reply = streamed.reply;
      if (reply.finishReason === 'length') {
        if (a.lengthRedos++ >= MAX_LENGTH_REDOS) {
          throw new ModelError(
            'truncated',
            `the reply was cut off by max_tokens ${MAX_LENGTH_REDOS + 1} times, the last at ${a.maxTokens ?? 'the server default'}`,
          );
        }
        a.maxTokens = this.largerLimit(a.maxTokens, reply);
        this.redo(turn, a, 'length', reply.text, a.notes, reply);
        continue;
      }
      if (reply.finishReason === 'content_filter') {
        this.rollback(turn, a, 'content_filter', reply, CONTENT_FILTER_NOTE);
        continue;
      }
      const parsed = this.d.protocol.parse(reply, turn, this.d.concurrent);
      if (parsed.malformed && !final) {
        this.rollback(turn, a, 'malformed_call', reply, parsed.malformed);
        continue;
      }
      return { reply, parsed: { ...parsed, calls: this.d.ids.claim(parsed.calls, turn) } };
    }
  }

  /** One request; stops the stream itself when the output turns degenerate. */
  private async request(
    a: Attempt,
    call: (extra: TurnRequestExtra) => Promise<ModelTurn>,
  ): Promise<{ reply: ModelTurn } | { loop: string; text: string }> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    this.d.signal.addEventListener('abort', onAbort, { once: true });
    const detectors = { text: new RepetitionDetector(), reasoning: new RepetitionDetector() };
    let loop: string | undefined;
    let seen = '';
    try {
      const reply = await call({
        ...(a.maxTokens !== undefined ? { maxTokens: a.maxTokens } : {}),
        notes: a.notes,
        signal: controller.signal,
        redo: a.n > 0,
        watch: (kind, text) => {
          if (seen.length < DISCARD_CHARS) seen += text;
          if (loop === undefined && detectors[kind].push(text)) {
            loop = detectors[kind].unit;
            controller.abort();
          }
        },
      });
      // A server that ignores the abort may still finish: the reply is degenerate all the same.
      return loop === undefined ? { reply } : { loop, text: seen };
    } catch (e) {
      if (loop === undefined || this.d.signal.aborted) throw e;
      return { loop, text: seen };
    } finally {
      this.d.signal.removeEventListener('abort', onAbort);
    }
  }

  private rollback(turn: number, a: Attempt, reason: RedoReason, reply: ModelTurn, note: string): void {
    if (a.rollbacks++ >= MAX_ROLLBACKS) {
      throw new ModelError(
        reason === 'content_filter' ? 'content_filter' : 'malformed',
        reason === 'content_filter'
          ? `the endpoint's content filter blocked the reply ${MAX_ROLLBACKS + 1} times in a row`
          : `the model wrote a tool call that could not be read ${MAX_ROLLBACKS + 1} times in a row`,
      );
    }
    const notes: ChatMessage[] = reply.text ? [{ role: 'assistant', content: reply.text }] : [];
    this.redo(turn, a, reason, reply.text, [...notes, { role: 'user', content: note }], reply);
  }

  private redo(turn: number, a: Attempt, reason: RedoReason, discarded: string, notes: ChatMessage[], reply?: ModelTurn): void {
    a.n++;
    a.notes = notes;
    if (reply?.usage) this.d.onSpent(reply.usage);
    this.d.emit({
      type: 'turn_redo',
      turn,
      reason,
      attempt: a.n,
      discarded: clip(discarded, DISCARD_CHARS),
      ...(reason === 'length' && a.maxTokens !== undefined ? { maxTokens: a.maxTokens } : {}),
      ...(reply?.usage ? { usage: reply.usage } : {}),
    });
  }

  /** MiroThinker's rule: ×1.1. Without a limit sent yet, start from the larger of the default and what came back. */
  private largerLimit(current: number | undefined, reply: ModelTurn): number {
    const produced =
      reply.usage?.completionTokens ||
      estimateTokens(reply.text.length + reply.reasoning.length + reply.toolCalls.reduce((n, c) => n + c.arguments.length, 0));
    const base = current ?? Math.max(this.d.maxOutputTokens, produced);
    const next = Math.ceil(base * 1.1);
    const room = this.d.contextWindow - this.d.promptTokens();
    return room > 1024 ? Math.min(next, room) : next;
  }
}

const CONTENT_FILTER_NOTE =
  "[The endpoint's content filter blocked your last reply, so it was discarded. Continue the task, wording your reply differently.]";

function degenerateNote(unit: string): string {
  return (
    `[Your last reply got stuck repeating "${clip(unit.trim(), 120)}" and was discarded. ` +
    `Do not repeat yourself: continue the task with the next step, or give your final answer.]`
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

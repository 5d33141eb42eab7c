/**
 * The fold of a session's oldest turns: one model call without tools, as an attempt's summary is
 * written (run/attemptSummary.ts), retried like any turn. When the endpoint cannot write it (not a
 * Stop), the summary is made from the questions and answers alone, so the follow-up still starts.
 */
import type { Usage } from '../usage';
import type { RunContext } from '../runContext';
import { ModelError } from '../modelClient';
import { completeWithRetry } from '../model/retry';
import { protocolFor } from '../model/protocols';
import { CHARS_PER_TOKEN, estimateTokens } from '../loop/context';
import { FOLD_SYSTEM, foldInstruction, noAnswer } from './prompt';
import type { SessionTurn } from './turns';

/** What the fold uses of the run's context. */
export type FoldContext = Pick<RunContext, 'model' | 'protocol' | 'settings' | 'signal'>;

export interface Fold {
  summary: string;
  usage: Usage;
  mechanical?: boolean;
}

/** What to fold: the text the model reads, and (for a summary made without it) the earlier summary and the turns. */
export interface FoldMaterial {
  text: string;
  previous: string | undefined;
  turns: readonly SessionTurn[];
}

/** A summary of the material of at most `maxTokens`. Throws only when stopped. */
export async function foldTurns(ctx: FoldContext, material: FoldMaterial, maxTokens: number): Promise<Fold> {
  const messages = [
    { role: 'system' as const, content: FOLD_SYSTEM },
    { role: 'user' as const, content: `${material.text}\n\n${foldInstruction(Math.floor(maxTokens * 0.7))}` },
  ];
  const { temperature, retry } = ctx.settings;
  try {
    const reply = await completeWithRetry(
      ctx.model,
      { messages, maxTokens, ...(temperature !== undefined ? { temperature } : {}) },
      retry,
      ctx.signal,
    );
    const text = protocolFor(ctx.protocol).parse(reply, 0).text.trim();
    const usage: Usage = reply.usage
      ? { ...reply.usage, estimated: false }
      : {
          promptTokens: estimateTokens(messages.reduce((n, m) => n + m.content.length, 0)),
          completionTokens: estimateTokens(reply.text.length),
          estimated: true,
        };
    if (text) return { summary: cap(text, maxTokens), usage };
    return { summary: mechanical(material, maxTokens), usage, mechanical: true };
  } catch (e) {
    if (ctx.signal.aborted || (e instanceof ModelError && e.kind === 'cancelled')) throw e;
    return { summary: mechanical(material, maxTokens), usage: { promptTokens: 0, completionTokens: 0, estimated: true }, mechanical: true };
  }
}

/** A summary longer than asked for is cut: the record's budget holds whatever the model wrote. */
function cap(text: string, maxTokens: number): string {
  const max = Math.floor(maxTokens * CHARS_PER_TOKEN);
  return text.length <= max ? text : `${text.slice(0, max - 2)} …`;
}

/** The earlier summary's start, then each folded turn's question and the start of its answer. */
function mechanical(material: FoldMaterial, maxTokens: number): string {
  const lines = material.turns.map((t) => {
    const answer = (t.answer?.trim() || noAnswer(t.stopReason)).replace(/\s+/g, ' ');
    return `- Turn ${t.turn}: ${clip(t.question.replace(/\s+/g, ' '), 200)} → ${clip(answer, 600)}`;
  });
  const share = Math.floor(maxTokens * CHARS_PER_TOKEN * 0.4);
  if (material.previous) lines.unshift(clip(material.previous.trim(), share));
  return cap(lines.join('\n'), maxTokens);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * The prompt history and what keeps it bounded: the K most recent tool results stay whole, older ones
 * become a one-line placeholder that still names the tool and its arguments (the trajectory on disk
 * keeps them whole); every result is capped in size; tokens are counted from the server's usage when
 * it reports it and estimated otherwise. All work per step is O(1) in the length of the run.
 */
import { messageChars, type ChatMessage } from '../messages';

/** Rough characters per token for mixed prose and code; conservative on purpose. */
export const CHARS_PER_TOKEN = 3.5;

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Cuts a tool result to `max` characters with a marker that says how much was cut. */
export function capToolResult(content: string, max: number): { content: string; cutChars: number } {
  if (content.length <= max) return { content, cutChars: 0 };
  const cut = content.length - max;
  return {
    content:
      content.slice(0, max) +
      `\n[… cut ${cut.toLocaleString('en-US')} of ${content.length.toLocaleString('en-US')} characters; ` +
      `ask for a narrower part (a line range, a more specific search) to see the rest]`,
    cutChars: cut,
  };
}

export function placeholderFor(name: string, rawArgs: string, turn: number, chars: number): string {
  const args = rawArgs.replace(/\s+/g, ' ').trim();
  const shown = args.length > 200 ? args.slice(0, 200) + '…' : args;
  return `[Result omitted: ${name} ${shown} (turn ${turn}, ${chars.toLocaleString('en-US')} chars)]`;
}

interface RetainedResult {
  index: number;
  callId: string;
  placeholder: string;
}

export class History {
  readonly messages: ChatMessage[] = [];
  private chars = 0;
  /** Results still whole, oldest first; `head` skips the ones already replaced. */
  private readonly retained: RetainedResult[] = [];
  private head = 0;
  /** Tokens the server counted for the prompt + completion at a point, and our char count then. */
  private usageBase: { tokens: number; chars: number } | undefined;

  /** `keep` < 0 keeps every result whole. */
  constructor(private readonly keep: number) {}

  push(message: ChatMessage): void {
    this.messages.push(message);
    this.chars += messageChars(message);
  }

  /** Adds a tool result; returns the call ids of results this pushed out of the window. */
  pushResult(message: ChatMessage, callId: string, placeholder: string): string[] {
    this.push(message);
    this.retained.push({ index: this.messages.length - 1, callId, placeholder });
    return this.keep < 0 ? [] : this.trimTo(this.keep);
  }

  /** Replaces every remaining whole result with its placeholder (used before a forced final turn). */
  trimAll(): string[] {
    return this.trimTo(0);
  }

  private trimTo(keep: number): string[] {
    const trimmed: string[] = [];
    while (this.retained.length - this.head > keep) {
      const r = this.retained[this.head++];
      const old = this.messages[r.index];
      const replaced = { ...old, content: r.placeholder };
      this.messages[r.index] = replaced;
      this.chars += messageChars(replaced) - messageChars(old);
      trimmed.push(r.callId);
    }
    if (this.head > 1024 && this.head * 2 > this.retained.length) {
      this.retained.splice(0, this.head);
      this.head = 0;
    }
    return trimmed;
  }

  /** Call after a turn whose server reported usage, once its assistant message has been pushed. */
  recordUsage(promptTokens: number, completionTokens: number): void {
    this.usageBase = { tokens: promptTokens + completionTokens, chars: this.chars };
  }

  get promptChars(): number {
    return this.chars;
  }

  /** Tokens the next prompt will take, as exactly as we know. */
  estimatePromptTokens(): number {
    if (!this.usageBase) return estimateTokens(this.chars);
    return Math.max(0, this.usageBase.tokens + estimateTokens(this.chars - this.usageBase.chars));
  }
}

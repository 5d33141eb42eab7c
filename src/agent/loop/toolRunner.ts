/**
 * Runs one tool call and turns whatever happens into an observation the model can read: invalid JSON,
 * an unknown tool, a tool that throws or times out. Only cancellation is not an observation.
 */
import type { ToolCallRecord } from '../messages';
import type { AgentEventBody } from '../events';
import type { Tool, ToolResult } from '../tool';
import { capToolResult } from './context';
import type { Consent } from '../consent/consent';
import type { ApprovalEvent } from '../events';

export interface ToolOutcome {
  content: string;
  isError: boolean;
  cutChars: number;
  repeatOf: number;
  durationMs: number;
  details?: Record<string, unknown>;
}

export interface ToolRunnerOptions {
  tools: readonly Tool[];
  /** Decides what needs the user's consent and remembers what was read (consent.ts). */
  consent: Consent;
  maxResultChars: number;
  timeoutMs: number;
  /** The run's event stream, handed to tools that add events of their own (a subtask's child run). */
  emit?: (body: AgentEventBody) => void;
}

export class ToolRunner {
  private readonly byName = new Map<string, Tool>();
  /** Canonical call → { count, first turn } for repetition notes. */
  private readonly seen = new Map<string, { count: number; turn: number }>();

  constructor(private readonly options: ToolRunnerOptions) {
    for (const t of options.tools) this.byName.set(t.name, t);
  }

  /** Parses arguments; `undefined` args with an error message when they are not a JSON object. */
  static parseArgs(raw: string): { args?: Record<string, unknown>; error?: string } {
    const text = raw.trim() === '' ? '{}' : raw;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { error: 'the arguments must be a JSON object' };
      }
      return { args: value as Record<string, unknown> };
    } catch (e) {
      return { error: `the arguments are not valid JSON (${(e as Error).message})` };
    }
  }

  /** Remembers a call for repetition counting (also used when resuming from a trajectory). */
  noteCall(call: ToolCallRecord, turn: number): number {
    const key = `${call.name}\u0000${canonicalArgs(call.arguments)}`;
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      return prior.count - 1;
    }
    this.seen.set(key, { count: 1, turn });
    return 0;
  }

  private firstTurn(call: ToolCallRecord): number | undefined {
    return this.seen.get(`${call.name}\u0000${canonicalArgs(call.arguments)}`)?.turn;
  }

  async run(call: ToolCallRecord, turn: number, signal: AbortSignal): Promise<ToolOutcome> {
    const started = performance.now();
    const repeatOf = this.noteCall(call, turn);
    const { args, error } = ToolRunner.parseArgs(call.arguments);
    let result: ToolResult;
    const tool = this.byName.get(call.name);
    if (!tool) {
      result = {
        isError: true,
        content: `Error: there is no tool named "${call.name}". Available tools: ${[...this.byName.keys()].join(', ')}.`,
      };
    } else if (error || !args) {
      result = {
        isError: true,
        content: `Error: ${error}. Call ${call.name} again with a JSON object matching its schema: ${JSON.stringify(tool.schema)}`,
      };
    } else {
      result = await this.execute(tool, args, signal, { callId: call.id, turn });
    }
    this.options.consent.afterCall(tool, args, result.content, turn, result.isError === true);
    const capped = capToolResult(result.content, this.options.maxResultChars);
    const note =
      repeatOf > 0
        ? `[Note: this exact call was already made ${repeatOf} time${repeatOf > 1 ? 's' : ''} (first at turn ${this.firstTurn(call)}). ` +
          `Its result is below; if you are going in circles, change approach.]\n`
        : '';
    return {
      content: note + capped.content,
      isError: result.isError === true,
      cutChars: capped.cutChars,
      repeatOf,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(args ? { args } : {}),
      ...(result.details ? { details: result.details } : {}),
    };
  }

  /** Re-reads a result from a trajectory (resume), so the egress guard knows what was read before. */
  noteResult(call: ToolCallRecord, content: string, turn: number, isError: boolean): void {
    const { args } = ToolRunner.parseArgs(call.arguments);
    this.options.consent.afterCall(this.byName.get(call.name), args, content, turn, isError);
  }

  /** Why the run must stop, once the consent rules say it must (repeated guesses at a file). */
  get halt(): string | undefined {
    return this.options.consent.halt;
  }

  /** An approval from a trajectory (resume): the same call is not asked about twice. */
  replayApproval(event: ApprovalEvent): void {
    this.options.consent.replay(event);
  }

  private async execute(
    tool: Tool,
    args: Record<string, unknown>,
    outer: AbortSignal,
    at: { callId: string; turn: number },
  ): Promise<ToolResult> {
    const { consent, emit } = this.options;
    // Consent first (MCP approval, egress guard): a denial is the observation and nothing runs.
    const refused = await consent.beforeCall(tool, args, { ...at, signal: outer });
    if (refused) return refused;
    const limitMs = tool.timeoutMs ?? this.options.timeoutMs;
    const timeout = limitMs > 0 ? AbortSignal.timeout(limitMs) : new AbortController().signal;
    const signal = AbortSignal.any([outer, timeout]);
    try {
      const approve = consent.askFor({ ...at, signal });
      const ctx = { signal, approve, consent, callId: at.callId, turn: at.turn, ...(emit ? { emit } : {}) };
      const result = await raceAbort(tool.execute(args, ctx), signal);
      return typeof result?.content === 'string' ? result : { isError: true, content: `Error: ${tool.name} returned no content.` };
    } catch (e) {
      if (outer.aborted) throw e;
      if (timeout.aborted) {
        return {
          isError: true,
          content: `Error: ${tool.name} did not finish within ${Math.round(limitMs / 1000)} s and was stopped.`,
        };
      }
      return { isError: true, content: `Error: ${tool.name} failed: ${(e as Error)?.message ?? String(e)}` };
    }
  }
}

/** Rejects as soon as the signal fires, even if the tool ignores it. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The same arguments written with other spacing or key order count as the same call. */
function canonicalArgs(raw: string): string {
  const { args } = ToolRunner.parseArgs(raw);
  return args ? JSON.stringify(sortKeys(args)) : raw.trim();
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The one table of defaults. The loop, the CLI, the extension's settings reader and package.json's
 * contributed defaults all come from here (test/unit/defaults.test.ts checks package.json and README).
 */
import type { RunSettings } from './runContext';
import type { RetryPolicy } from './model/retry';

export const DEFAULTS = {
  /** Tool-using turns before a last turn without tools. */
  maxTurns: 600,
  /** Tool results kept whole in the prompt; -1 keeps all. */
  keepToolResults: 5,
  /** Characters of one tool result the model sees at most. */
  maxToolResultChars: 50_000,
  /** The model's context window, in tokens. */
  contextWindow: 131_072,
  /** Tokens reserved for the model's reply when checking the context budget. */
  maxOutputTokens: 16_384,
  /** Time one tool call may take. */
  toolTimeoutMs: 300_000,
  sandbox: { jsEngine: 'auto', timeoutMs: 30_000, memoryMb: 256 },
  search: { provider: 'none', url: '' },
  allowPrivateNetwork: false,
  /** Attempts a run may make: after one that ends without a confident answer, a summary and a fresh start (attempts.ts). */
  attempts: 1,
  /** research_subtask children of one run that run at the same time (subtasks.ts). */
  maxParallelSubtasks: 3,
  /** How deep subtasks may nest: 1 lets the run start children that cannot start their own. */
  subtaskDepth: 1,
  /** Tool calls a child run may make when the model does not say. */
  subtaskToolCalls: 50,
  /** A failed model request: tries in all (the first included), backoff, and the longest Retry-After waited for. */
  retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 },
  /** A research session's follow-up starts from a record of the turns before it, of at most this many tokens (session/). */
  session: { recordBudget: 16_384 },
  /** `research-copilot eval` and the Run Evaluation command: tool-call caps, samples per task, runs at once. */
  eval: { budgets: [10, 50, 200, 600], attempts: 1, concurrency: 4 },
} as const;

/** The limits every run has, whoever starts it (panel, @research, CLI, evaluation). */
export interface RunLimits {
  maxTurns: number;
  keepToolResults: number;
  maxToolResultChars: number;
  contextWindow: number;
  attempts: number;
  maxParallelSubtasks: number;
}

/** A run's settings with every gap filled from the table (runContext.ts says what each is). */
export function runSettingsFrom(partial: Partial<Omit<RunSettings, 'retry'>> & { retry?: Partial<RetryPolicy> } = {}): RunSettings {
  const retry = partial.retry ?? {};
  return {
    ...limitsFrom(partial),
    maxOutputTokens: partial.maxOutputTokens ?? DEFAULTS.maxOutputTokens,
    toolTimeoutMs: partial.toolTimeoutMs ?? DEFAULTS.toolTimeoutMs,
    subtaskDepth: partial.subtaskDepth ?? DEFAULTS.subtaskDepth,
    retry: {
      maxAttempts: retry.maxAttempts ?? DEFAULTS.retry.maxAttempts,
      baseDelayMs: retry.baseDelayMs ?? DEFAULTS.retry.baseDelayMs,
      maxDelayMs: retry.maxDelayMs ?? DEFAULTS.retry.maxDelayMs,
      maxRetryAfterMs: retry.maxRetryAfterMs ?? DEFAULTS.retry.maxRetryAfterMs,
    },
    ...(partial.temperature !== undefined ? { temperature: partial.temperature } : {}),
  };
}

export function limitsFrom(partial: Partial<RunLimits> = {}): RunLimits {
  return {
    maxTurns: partial.maxTurns ?? DEFAULTS.maxTurns,
    keepToolResults: partial.keepToolResults ?? DEFAULTS.keepToolResults,
    maxToolResultChars: partial.maxToolResultChars ?? DEFAULTS.maxToolResultChars,
    contextWindow: partial.contextWindow ?? DEFAULTS.contextWindow,
    attempts: partial.attempts ?? DEFAULTS.attempts,
    maxParallelSubtasks: partial.maxParallelSubtasks ?? DEFAULTS.maxParallelSubtasks,
  };
}

/**
 * The one table of defaults. The loop, the CLI, the extension's settings reader and package.json's
 * contributed defaults all come from here (test/unit/defaults.test.ts checks package.json and README).
 */
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
  retry: { maxTries: 6, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 },
  /** A research session's follow-up starts from a record of the turns before it, of at most this many tokens (session/). */
  session: { recordBudget: 16_384 },
  /** `research-copilot eval` and the Run Evaluation command: tool-call caps, samples per task and cap, runs at once. */
  eval: { caps: [10, 50, 200, 600], samples: 1, concurrency: 4 },
  /** Runs the default runs folders keep (the CLI's and the extension's); older ones go when a run starts. */
  keepRuns: 200,
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

/** How a failed model request is retried (model/retry.ts). */
export interface RetryPolicy {
  /** Tries in all, the first included (default 6). */
  maxTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

/** The limits of a run plus the loop's own knobs; every field set (runSettingsFrom fills the gaps). The run context carries it. */
export interface RunSettings extends RunLimits {
  /** Tokens reserved for the model's reply when checking the context budget. */
  maxOutputTokens: number;
  /** Time one tool call may take. */
  toolTimeoutMs: number;
  /** How a failed model request is retried (model/retry.ts). */
  retry: RetryPolicy;
  /** How deep research_subtask may nest (0: no subtasks). */
  subtaskDepth: number;
  temperature?: number;
}

/** A run's settings with every gap filled from the table. */
export function runSettingsFrom(partial: Partial<Omit<RunSettings, 'retry'>> & { retry?: Partial<RetryPolicy> } = {}): RunSettings {
  const retry = partial.retry ?? {};
  return {
    ...limitsFrom(partial),
    maxOutputTokens: partial.maxOutputTokens ?? DEFAULTS.maxOutputTokens,
    toolTimeoutMs: partial.toolTimeoutMs ?? DEFAULTS.toolTimeoutMs,
    subtaskDepth: partial.subtaskDepth ?? DEFAULTS.subtaskDepth,
    retry: {
      maxTries: retry.maxTries ?? DEFAULTS.retry.maxTries,
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

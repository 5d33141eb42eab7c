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

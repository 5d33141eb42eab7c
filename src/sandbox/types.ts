/**
 * The sandbox seam: one small interface every engine implements, and the options a host passes.
 * Nothing here imports node modules, so src/tools/runCode.ts can depend on it.
 */

export type Language = 'javascript' | 'python';
/** Which JavaScript engine to use. `auto`: isolated-vm when it loads, else QuickJS (wasm). */
export type JsEngineChoice = 'auto' | 'isolated-vm' | 'quickjs';

export interface CodeRequest {
  code: string;
  /** Wall-clock limit for this call, milliseconds. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Why a call ended badly; `undefined` in RunOutcome.errorKind means it completed normally. */
export type ErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'crash' | 'aborted' | 'unavailable';

export interface RunOutcome {
  stdout: string;
  stderr: string;
  /** The last expression's value, formatted (JavaScript: completion value; Python: last expression statement). */
  value?: string;
  /** A message for the model, with the line where the engine gives one. */
  error?: string;
  errorKind?: ErrorKind;
  /** Characters dropped from stdout + stderr because the output budget ran out. */
  truncatedChars: number;
  /** True when the interpreter was recreated, so earlier state (Python variables) is gone. */
  restarted?: boolean;
  durationMs: number;
  /** The engine that ran the call, e.g. "isolated-vm", "quickjs", "pyodide". */
  engine: string;
}

/** One interpreter. `run` never throws for the code's own failures: they come back in the outcome. */
export interface Engine {
  readonly name: string;
  readonly language: Language;
  run(request: CodeRequest): Promise<RunOutcome>;
  dispose(): Promise<void>;
}

export interface SandboxOptions {
  /** JavaScript engine (default `auto`). */
  jsEngine?: JsEngineChoice;
  /** Default per-call time limit, ms (default 30 000). A call may ask for less, never more than maxTimeoutMs. */
  timeoutMs?: number;
  /** Upper bound a call's timeout_ms may ask for (default 600 000, MiroThinker's limit). */
  maxTimeoutMs?: number;
  /** Memory limit per interpreter, MB (default 256). */
  memoryMb?: number;
  /** Characters of stdout + stderr kept per call (default 20 000). */
  maxOutputChars?: number;
  /**
   * Folder holding the sandbox assets in the bundled layout: sandbox-worker.js, pyodide/, quickjs/.
   * In an installed extension pass the extension's dist folder. Omitted: found next to the running
   * bundle, or in node_modules when running from source.
   */
  assetsDir?: string;
  /** Receives one line per notable event (engine fallback, worker restart). */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** The engine names that will run each language (resolved lazily for `auto`). */
  describe(): Promise<Record<Language, string>>;
  run(language: Language, request: CodeRequest): Promise<RunOutcome>;
  readonly limits: { timeoutMs: number; maxTimeoutMs: number; memoryMb: number; maxOutputChars: number };
  dispose(): Promise<void>;
}

/** Messages between the host (workerEngine.ts) and the sandbox worker (sandboxWorker.ts). */
import type { RunOutcome } from '../types';

export type WorkerEngineKind = 'quickjs' | 'pyodide';

export interface WorkerInit {
  kind: WorkerEngineKind;
  memoryMb: number;
  maxOutputChars: number;
  /** QuickJS: path of emscripten-module.wasm. */
  quickjsWasm: string;
  /** Pyodide: folder holding pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  pyodideDir: string;
  /** Int32Array over it; the host stores 2 (SIGINT) in slot 0 to interrupt Python. */
  interrupt: SharedArrayBuffer;
}

export type WorkerOutcome = Omit<RunOutcome, 'durationMs' | 'engine' | 'restarted'>;

export type ToWorker = { type: 'run'; id: number; code: string; timeoutMs: number };

export type FromWorker =
  { type: 'ready'; loadMs: number } | { type: 'result'; id: number; outcome: WorkerOutcome } | { type: 'fatal'; message: string };

/** What a worker-side engine does with one call. */
export interface WorkerRunner {
  run(code: string, timeoutMs: number): WorkerOutcome;
}

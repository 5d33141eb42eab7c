/**
 * Host side of an engine that runs in a worker thread (QuickJS, Pyodide). Calls run one at a time.
 * A call that overruns its time is first interrupted (Python: KeyboardInterrupt through a shared
 * buffer; QuickJS: its own interrupt handler), then, after a grace period, the worker is terminated
 * and a fresh one starts on the next call. A worker that dies (out of memory, wasm crash) is replaced
 * the same way. The host's event loop never waits on the engine.
 */
import { Worker } from 'node:worker_threads';
import { missingAssets, type SandboxAssets } from './assets';
import type { Engine, Language, RunOutcome, CodeRequest } from './types';
import type { FromWorker, WorkerEngineKind, WorkerInit, WorkerOutcome } from './worker/protocol';

export interface WorkerEngineOptions {
  kind: WorkerEngineKind;
  assets: SandboxAssets;
  memoryMb: number;
  maxOutputChars: number;
  /** How long the engine may take to load (not counted in a call's time), ms. */
  startTimeoutMs?: number;
  /** Extra time after the timeout before the worker is terminated, ms. */
  graceMs?: number;
  log?: (line: string) => void;
}

interface Live {
  worker: Worker;
  ready: Promise<void>;
  interrupt: Int32Array;
  /** Settles the call in flight when the worker fails. */
  onFailure?: (message: string) => void;
  onResult?: (id: number, outcome: WorkerOutcome) => void;
  dead: boolean;
}

export class WorkerEngine implements Engine {
  readonly name: string;
  readonly language: Language;
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Milliseconds the last engine start took (for the benchmark). */
  lastLoadMs: number | undefined;

  constructor(private readonly options: WorkerEngineOptions) {
    this.name = options.kind;
    this.language = options.kind === 'pyodide' ? 'python' : 'javascript';
  }

  run(request: CodeRequest): Promise<RunOutcome> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts the worker ahead of the first call (optional). */
  async warmUp(): Promise<void> {
    await this.ensure().ready;
  }

  private ensure(): Live {
    if (this.live && !this.live.dead) return this.live;
    const missing = missingAssets(this.options.assets, this.options.kind);
    if (missing.length) throw new Error(`sandbox files are missing: ${missing.join(', ')}`);
    const shared = new SharedArrayBuffer(4);
    const init: WorkerInit = {
      kind: this.options.kind,
      memoryMb: this.options.memoryMb,
      maxOutputChars: this.options.maxOutputChars,
      quickjsWasm: this.options.assets.quickjsWasm,
      pyodideDir: this.options.assets.pyodideDir,
      interrupt: shared,
    };
    const { workerScript, workerNeedsTsx } = this.options.assets;
    const entry = workerNeedsTsx ? `require('tsx/cjs'); require(${JSON.stringify(workerScript)});` : workerScript;
    const worker = new Worker(entry, {
      eval: workerNeedsTsx,
      workerData: init,
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(128, this.options.memoryMb), maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
    });
    worker.stdout.resume();
    worker.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => this.options.log?.(`${this.name} worker stderr: ${chunk.trimEnd().slice(0, 500)}`));
    worker.unref();
    const live: Live = { worker, interrupt: new Int32Array(shared), dead: false, ready: Promise.resolve() };
    const started = performance.now();
    live.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(`${this.name} did not start within ${this.options.startTimeoutMs ?? 60_000} ms`),
        this.options.startTimeoutMs ?? 60_000,
      );
      const fail = (message: string) => {
        clearTimeout(timer);
        if (!live.dead) {
          live.dead = true;
          void worker.terminate();
        }
        reject(new Error(message));
        live.onFailure?.(message);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.lastLoadMs = performance.now() - started;
          resolve();
        } else if (message.type === 'result') live.onResult?.(message.id, message.outcome);
        else fail(message.message);
      });
      worker.on('error', (error: Error & { code?: string }) =>
        fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the ${this.name} worker ran out of memory (limit ${this.options.memoryMb} MB)`
            : `the ${this.name} worker crashed: ${error.message}`,
        ),
      );
      worker.on('exit', (code) => fail(`the ${this.name} worker exited (code ${code})`));
    });
    live.ready.catch(() => undefined);
    this.live = live;
    return live;
  }

  private async runNow(request: CodeRequest): Promise<RunOutcome> {
    const started = performance.now();
    const done = (partial: Partial<RunOutcome>): RunOutcome => {
      const { restarted, ...rest } = partial;
      return {
        stdout: '',
        stderr: '',
        truncatedChars: 0,
        ...rest,
        ...(restarted ? { restarted } : {}),
        durationMs: performance.now() - started,
        engine: this.name,
      };
    };
    if (request.signal?.aborted) return done({ error: 'The run was stopped before the code started.', errorKind: 'aborted' });
    let live: Live;
    try {
      live = this.ensure();
      await live.ready;
    } catch (error) {
      this.live = undefined;
      return done({
        error: `The ${this.name} engine could not start: ${error instanceof Error ? error.message : String(error)}`,
        errorKind: 'unavailable',
      });
    }
    const callStarted = performance.now();
    const id = this.nextId++;
    Atomics.store(live.interrupt, 0, 0);
    return new Promise<RunOutcome>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: RunOutcome) => {
        for (const t of timers) clearTimeout(t);
        request.signal?.removeEventListener('abort', onAbort);
        live.onResult = undefined;
        live.onFailure = undefined;
        resolve(outcome);
      };
      const kill = (partial: Partial<RunOutcome>) => {
        live.dead = true;
        live.onFailure = undefined;
        void live.worker.terminate();
        if (this.live === live) this.live = undefined;
        finish(done({ ...partial, restarted: this.options.kind === 'pyodide' }));
      };
      const onAbort = () => kill({ error: 'The run was stopped before the code finished.', errorKind: 'aborted' });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      live.onResult = (gotId, outcome) => {
        if (gotId === id) finish(done({ ...outcome, durationMs: performance.now() - callStarted }));
      };
      live.onFailure = (message) => {
        if (this.live === live) this.live = undefined;
        const memory = /out of memory|memory limit/i.test(message);
        finish(
          done({
            error: `${message}. A fresh interpreter starts on the next call.`,
            errorKind: memory ? 'memory' : 'crash',
            restarted: this.options.kind === 'pyodide',
          }),
        );
      };
      // Soft stop at the deadline (Python reads the buffer; QuickJS has its own deadline), hard stop after the grace.
      timers.push(setTimeout(() => Atomics.store(live.interrupt, 0, 2), request.timeoutMs));
      timers.push(
        setTimeout(
          () =>
            kill({
              error: `Timed out after ${request.timeoutMs} ms; the interpreter did not stop by itself and was restarted${this.options.kind === 'pyodide' ? ' (Python variables from earlier calls are gone)' : ''}.`,
              errorKind: 'timeout',
            }),
          request.timeoutMs + (this.options.graceMs ?? 2000),
        ),
      );
      live.worker.postMessage({ type: 'run', id, code: request.code, timeoutMs: request.timeoutMs });
    });
  }

  async dispose(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (live && !live.dead) {
      live.dead = true;
      live.onFailure = undefined;
      await live.worker.terminate();
    }
  }
}

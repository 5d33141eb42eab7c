/**
 * Who scans the builtin search's pieces. A pool of worker threads, one per core (up to 8), started on
 * first use and ended after a while without searches; each scans one piece at a time with synchronous
 * reads, so the cores read and match in parallel. Where no worker can start (the worker file is
 * missing, or a worker died), the pieces are scanned in the caller's thread instead: the same code,
 * one piece at a time.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PieceReply, PieceRequest } from './scanProtocol';
import { TreeScanner, type PieceResult } from './treeScan';

export interface PieceRunner {
  /** How many pieces run at once. */
  readonly size: number;
  run(request: Omit<PieceRequest, 'id'>): Promise<PieceResult>;
}

/** The bundled worker, next to dist/cli.js and dist/extension.js (esbuild.config.mjs builds it). */
export const SCAN_WORKER_FILE = 'search-worker.js';
/** Workers end after this long without a piece to scan. */
const IDLE_MS = 30_000;
const here = typeof __dirname === 'string' ? __dirname : process.cwd();

/** Scans in the caller's thread, keeping the last search's scanner. */
export class InlineRunner implements PieceRunner {
  readonly size = 1;
  private current: { search: number; scanner: TreeScanner } | undefined;

  run(request: Omit<PieceRequest, 'id'>): Promise<PieceResult> {
    try {
      if (this.current?.search !== request.search) this.current = { search: request.search, scanner: new TreeScanner(request.spec) };
      return Promise.resolve(this.current.scanner.scan(request.piece, request.split));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}

interface Pending {
  resolve: (result: PieceResult) => void;
  reject: (error: Error) => void;
}

export class WorkerPool implements PieceRunner {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: Array<{ resolve: (worker: Worker) => void; reject: (error: Error) => void }> = [];
  /** Set when a worker ended before it answered anything: the pool stops starting them. */
  private broken = false;
  private readonly pending = new Map<Worker, Pending>();
  private readonly inline = new InlineRunner();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Pieces scanned in the caller's thread because no worker could take them. */
  inlineRuns = 0;

  constructor(
    readonly size: number,
    private readonly entry: { file: string; needsTsx: boolean },
  ) {}

  async run(request: Omit<PieceRequest, 'id'>): Promise<PieceResult> {
    let worker: Worker;
    try {
      worker = await this.acquire();
    } catch {
      this.inlineRuns++;
      return this.inline.run(request); // no worker could start
    }
    try {
      return await this.send(worker, { ...request, id: this.nextId++ });
    } catch (error) {
      if (!(error instanceof WorkerGone)) throw error;
      this.inlineRuns++;
      return this.inline.run(request);
    } finally {
      this.release(worker);
    }
  }

  /** Ends every worker now (tests; the idle timer does it otherwise). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private acquire(): Promise<Worker> {
    clearTimeout(this.idleTimer);
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.broken) return Promise.reject(new WorkerGone());
    if (this.all.size < this.size) return Promise.resolve(this.start());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: Worker): void {
    if (!this.all.has(worker)) return;
    worker.unref();
    const next = this.waiting.shift();
    if (next) return next.resolve(worker);
    this.idle.push(worker);
    if (this.idle.length === this.all.size) this.idleTimer = setTimeout(() => void this.close(), IDLE_MS).unref();
  }

  private send(worker: Worker, request: PieceRequest): Promise<PieceResult> {
    return new Promise((resolve, reject) => {
      this.pending.set(worker, { resolve, reject });
      worker.ref(); // a search waiting on this worker keeps the process alive
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const { file, needsTsx } = this.entry;
    const tsx = needsTsx ? createRequire(file).resolve('tsx/cjs') : '';
    const source = needsTsx ? `require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});` : file;
    const worker = new Worker(source, { eval: needsTsx, execArgv: [], stdout: false, stderr: false });
    this.all.add(worker);
    let answered = false;
    worker.on('message', (reply: PieceReply) => {
      answered = true;
      const pending = this.pending.get(worker);
      this.pending.delete(worker);
      if ('error' in reply) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply.result);
    });
    const gone = (): void => {
      this.all.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
      this.pending.get(worker)?.reject(new WorkerGone());
      this.pending.delete(worker);
      if (!answered) this.broken = true;
      // Nobody is left to hand a worker on: the waiting pieces run in this thread.
      if (this.all.size === 0) for (const waiter of this.waiting.splice(0)) waiter.reject(new WorkerGone());
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    return worker;
  }
}

class WorkerGone extends Error {}

/** The worker entry: bundled next to this code, else the TypeScript source (run through tsx). */
export function scanWorkerEntry(): { file: string; needsTsx: boolean } | undefined {
  if (existsSync(join(here, SCAN_WORKER_FILE))) return { file: join(here, SCAN_WORKER_FILE), needsTsx: false };
  const source = join(here, 'scanWorker.ts');
  return existsSync(source) ? { file: source, needsTsx: true } : undefined;
}

let shared: PieceRunner | undefined;

/** The process's runner: a worker pool when the worker file is there and there is more than one core. */
export function sharedRunner(): PieceRunner {
  if (!shared) {
    const entry = scanWorkerEntry();
    const cores = Math.min(availableParallelism(), 8);
    shared = entry && cores > 1 ? new WorkerPool(cores, entry) : new InlineRunner();
  }
  return shared;
}

/**
 * JavaScript on isolated-vm: a V8 isolate with its own heap limit, run on isolated-vm's own thread
 * (async API), so the caller's event loop never blocks. One warm isolate; a fresh context per call,
 * so calls share no state. The isolate gets no host object: console output stays in the isolate
 * (jsPrelude.ts) and comes back as one JSON string.
 */
import { createRequire } from 'node:module';
import type IsolatedVM from 'isolated-vm';
import { CODE_FILENAME, formatJsError, parseReport } from './jsErrors';
import { jsPrelude, PRELUDE_FILENAME } from './jsPrelude';
import type { Engine, RunOutcome, CodeRequest } from './types';

type Ivm = typeof IsolatedVM;

/** Loads the native module; throws with the reason when it cannot load in this host. */
export function loadIsolatedVm(): Ivm {
  // A plain require, so esbuild leaves the external native module to be resolved at run time.
  const req = createRequire(typeof __filename === 'string' ? __filename : process.cwd() + '/');
  return req('isolated-vm') as Ivm;
}

const TIMEOUT_MESSAGE = /execution timed out/i;
const DISPOSED_MESSAGE = /disposed|memory limit/i;

export interface IsolatedVmEngineOptions {
  memoryMb: number;
  maxOutputChars: number;
  log?: (line: string) => void;
}

export class IsolatedVmEngine implements Engine {
  readonly name = 'isolated-vm';
  readonly language = 'javascript' as const;
  private isolate: IsolatedVM.Isolate | undefined;
  private prelude: IsolatedVM.Script | undefined;
  private readonly preludeSource: string;

  constructor(
    private readonly ivm: Ivm,
    private readonly options: IsolatedVmEngineOptions,
  ) {
    this.preludeSource = jsPrelude(options.maxOutputChars);
  }

  /** The warm isolate, recreated after a memory-limit disposal (calls share no state, so nothing is lost). */
  private async warm(): Promise<{ isolate: IsolatedVM.Isolate; prelude: IsolatedVM.Script }> {
    if (!this.isolate || this.isolate.isDisposed || !this.prelude) {
      this.isolate = new this.ivm.Isolate({
        memoryLimit: Math.max(8, this.options.memoryMb),
        onCatastrophicError: (message) => this.options.log?.(`isolated-vm catastrophic error: ${message}`),
      });
      this.prelude = await this.isolate.compileScript(this.preludeSource, { filename: PRELUDE_FILENAME });
    }
    return { isolate: this.isolate, prelude: this.prelude };
  }

  async run(request: CodeRequest): Promise<RunOutcome> {
    const started = performance.now();
    const { isolate, prelude } = await this.warm();
    const outcome = (partial: Partial<RunOutcome>): RunOutcome => ({
      stdout: '',
      stderr: '',
      truncatedChars: 0,
      ...partial,
      durationMs: performance.now() - started,
      engine: this.name,
    });
    const deadline = started + request.timeoutMs;
    const left = () => Math.max(1, Math.round(deadline - performance.now()));
    const onAbort = () => {
      if (!isolate.isDisposed) isolate.dispose();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let context: IsolatedVM.Context | undefined;
    try {
      context = await isolate.createContext();
      await prelude.run(context, { timeout: 1000 });
      let script: IsolatedVM.Script;
      try {
        script = await isolate.compileScript(request.code, { filename: CODE_FILENAME });
      } catch (error) {
        return outcome({ error: formatJsError(errorText(error), ''), errorKind: 'syntax' });
      }
      let failure: { error: string; errorKind: RunOutcome['errorKind'] } | undefined;
      try {
        const value = await script.run(context, { timeout: left(), reference: true });
        await context.evalClosure('__sandbox.finish($0)', [value.derefInto()], { timeout: left() });
      } catch (error) {
        failure = this.classify(error, isolate, request);
      }
      const report = isolate.isDisposed
        ? undefined
        : parseReport(await context.eval('__sandbox.report()', { timeout: 1000 }).catch(() => undefined));
      const base = { stdout: report?.stdout ?? '', stderr: report?.stderr ?? '', truncatedChars: report?.dropped ?? 0 };
      if (failure) return outcome({ ...base, ...failure });
      if (report?.error) return outcome({ ...base, error: formatJsError(report.error.message, report.error.stack), errorKind: 'runtime' });
      return outcome({ ...base, ...(report?.value !== undefined ? { value: report.value } : {}) });
    } catch (error) {
      return outcome(this.classify(error, isolate, request));
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      if (context && !isolate.isDisposed) context.release();
    }
  }

  private classify(
    error: unknown,
    isolate: IsolatedVM.Isolate,
    request: CodeRequest,
  ): { error: string; errorKind: RunOutcome['errorKind'] } {
    const text = errorText(error);
    if (request.signal?.aborted) return { error: 'The run was stopped before the code finished.', errorKind: 'aborted' };
    if (TIMEOUT_MESSAGE.test(text)) {
      return { error: `Timed out after ${request.timeoutMs} ms; the code was stopped.`, errorKind: 'timeout' };
    }
    if (isolate.isDisposed || DISPOSED_MESSAGE.test(text)) {
      return {
        error: `Memory limit of ${this.options.memoryMb} MB exceeded; the code was stopped (its output is lost).`,
        errorKind: 'memory',
      };
    }
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
    return { error: formatJsError(text, stack), errorKind: 'runtime' };
  }

  async dispose(): Promise<void> {
    if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
    this.isolate = undefined;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Uncaught ${String(error)}`;
}

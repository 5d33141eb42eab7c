/**
 * QuickJS (wasm) inside the sandbox worker. One runtime with a memory limit and a stack limit; a
 * fresh context per call. The interrupt handler stops loops at the deadline; the host terminates
 * the worker as a backstop when a builtin runs past it without checking.
 */
import { readFileSync } from 'node:fs';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  shouldInterruptAfterDeadline,
  type QuickJSRuntime,
} from 'quickjs-emscripten';
import { CODE_FILENAME, formatJsError, parseReport } from '../jsErrors';
import { jsPrelude, PRELUDE_FILENAME } from '../jsPrelude';
import type { WorkerInit, WorkerOutcome, WorkerRunner } from './protocol';

/** QuickJS's own stack limit; below the worker's native stack so deep recursion is a JS error. */
const MAX_STACK_BYTES = 256 * 1024;

export async function createQuickjsRunner(init: WorkerInit): Promise<WorkerRunner> {
  const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;
  const wasmModule = new wasm.Module(readFileSync(init.quickjsWasm)) as Parameters<typeof newVariant>[1]['wasmModule'];
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule }));
  let runtime: QuickJSRuntime | undefined;
  const prelude = jsPrelude(init.maxOutputChars);
  const freshRuntime = (): QuickJSRuntime => {
    const rt = quickjs.newRuntime();
    rt.setMemoryLimit(init.memoryMb * 1024 * 1024);
    rt.setMaxStackSize(MAX_STACK_BYTES);
    return rt;
  };
  return {
    run(code: string, timeoutMs: number): WorkerOutcome {
      runtime ??= freshRuntime();
      const rt = runtime;
      const deadline = Date.now() + timeoutMs;
      let interrupted = false;
      const stop = shouldInterruptAfterDeadline(deadline);
      rt.setInterruptHandler((r) => (interrupted = stop(r) === true));
      const vm = rt.newContext();
      let failure: Pick<WorkerOutcome, 'error' | 'errorKind'> | undefined;
      try {
        const pre = vm.evalCode(prelude, PRELUDE_FILENAME);
        if (pre.error) throw new Error(`sandbox prelude failed: ${JSON.stringify(vm.dump(pre.error))}`);
        pre.value.dispose();
        const result = vm.evalCode(code, CODE_FILENAME);
        if (result.error) {
          failure = classify(vm.dump(result.error), interrupted, timeoutMs, init.memoryMb);
          result.error.dispose();
        } else {
          const sandbox = vm.getProp(vm.global, '__sandbox');
          const finish = vm.getProp(sandbox, 'finish');
          const called = vm.callFunction(finish, vm.undefined, result.value);
          result.value.dispose();
          if (called.error) {
            failure = classify(vm.dump(called.error), interrupted, timeoutMs, init.memoryMb);
            called.error.dispose();
          } else called.value.dispose();
          const jobs = rt.executePendingJobs(-1);
          if (jobs.error) {
            failure ??= classify(vm.dump(jobs.error), interrupted, timeoutMs, init.memoryMb);
            jobs.error.dispose();
          }
          finish.dispose();
          sandbox.dispose();
        }
        // The report must be read even after a timeout: lift the deadline for this one small call.
        rt.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + 1000));
        const reported = vm.evalCode('__sandbox.report()', 'report.js');
        const report = parseReport(reported.error ? undefined : vm.dump(reported.value));
        (reported.error ?? reported.value).dispose();
        const base = { stdout: report.stdout, stderr: report.stderr, truncatedChars: report.dropped };
        if (failure) return { ...base, ...failure };
        if (report.error) return { ...base, error: formatJsError(report.error.message, report.error.stack), errorKind: 'runtime' };
        return { ...base, ...(report.value !== undefined ? { value: report.value } : {}) };
      } finally {
        vm.dispose();
        if (interrupted || failure?.errorKind === 'memory' || failure?.errorKind === 'timeout') {
          // A runtime that hit its memory limit or was interrupted mid-allocation starts clean next time.
          rt.dispose();
          runtime = undefined;
        }
      }
    },
  };
}

function classify(dumped: unknown, interrupted: boolean, timeoutMs: number, memoryMb: number): Pick<WorkerOutcome, 'error' | 'errorKind'> {
  const e = (typeof dumped === 'object' && dumped !== null ? dumped : { message: String(dumped) }) as {
    name?: string;
    message?: string;
    stack?: string;
    lineNumber?: number;
  };
  const isError = typeof e.message === 'string' && typeof e.name === 'string';
  if (interrupted || (e.name === 'InternalError' && e.message === 'interrupted')) {
    return { error: `Timed out after ${timeoutMs} ms; the code was stopped.`, errorKind: 'timeout' };
  }
  if (e.name === 'InternalError' && e.message === 'out of memory') {
    return { error: `Memory limit of ${memoryMb} MB exceeded: out of memory.`, errorKind: 'memory' };
  }
  if (!isError) return { error: `Uncaught ${JSON.stringify(dumped)}`, errorKind: 'runtime' };
  if (e.name === 'InternalError' && e.message === 'stack overflow') {
    return { error: 'RangeError: Maximum call stack size exceeded (stack overflow)' + lineSuffix(e.stack), errorKind: 'runtime' };
  }
  if (e.name === 'SyntaxError' && /code\.js:(\d+)/.test(e.stack ?? '')) {
    const m = /code\.js:(\d+):(\d+)/.exec(e.stack ?? '');
    return { error: `SyntaxError: ${e.message}` + (m ? ` (line ${m[1]}, column ${m[2]})` : ''), errorKind: 'syntax' };
  }
  return { error: formatJsError(`${e.name}: ${e.message}`, e.stack ?? ''), errorKind: 'runtime' };
}

function lineSuffix(stack: string | undefined): string {
  const m = /code\.js:(\d+)/.exec(stack ?? '');
  return m ? ` (line ${m[1]})` : '';
}

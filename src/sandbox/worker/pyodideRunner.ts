/**
 * CPython (Pyodide, wasm) inside the sandbox worker: one warm interpreter for the worker's life,
 * so a call's variables, functions and imports are there for the next call. The host interrupts a
 * call through a shared buffer (KeyboardInterrupt) and terminates the worker when that is not enough.
 */
import { sep } from 'node:path';
import { loadPyodide } from 'pyodide';
import type { WorkerInit, WorkerOutcome, WorkerRunner } from './protocol';
import { capWasmMemory, lockDownRealm, stripPyodide } from './lockdown';
import { PYTHON_BOOTSTRAP } from './pythonBootstrap';

interface PyReport {
  kind?: WorkerOutcome['errorKind'];
  error?: string;
  value?: string;
  stdout?: string;
  stderr?: string;
  dropped?: number;
}

/** The only names `import js` could ever have seen; the bootstrap removes the module anyway. */
function safeJsGlobals(): object {
  return Object.freeze(Object.create(null));
}

export async function createPyodideRunner(init: WorkerInit): Promise<WorkerRunner> {
  capWasmMemory(init.memoryMb * 1024 * 1024);
  const pyodide = await loadPyodide({
    indexURL: init.pyodideDir.endsWith(sep) ? init.pyodideDir : init.pyodideDir + sep,
    jsglobals: safeJsGlobals(),
    env: { HOME: '/home/pyodide' },
    args: [],
    packages: [],
    stdout: () => undefined,
    stderr: () => undefined,
  });
  pyodide.setInterruptBuffer(new Int32Array(init.interrupt));
  pyodide.runPython(PYTHON_BOOTSTRAP);
  const setup = pyodide.globals.get('_sandbox_setup') as (maxChars: number) => (code: string) => string;
  const run = setup(init.maxOutputChars);
  pyodide.runPython('del _sandbox_setup');
  stripPyodide(pyodide as unknown as Record<string, unknown>);
  lockDownRealm();
  return {
    run(code: string, timeoutMs: number): WorkerOutcome {
      const report = JSON.parse(run(code)) as PyReport;
      const base = { stdout: report.stdout ?? '', stderr: report.stderr ?? '', truncatedChars: report.dropped ?? 0 };
      if (report.kind === 'timeout')
        return { ...base, error: `Timed out after ${timeoutMs} ms (KeyboardInterrupt); the code was stopped.`, errorKind: 'timeout' };
      if (report.kind === 'memory') {
        return { ...base, error: `Memory limit of ${init.memoryMb} MB reached: ${report.error ?? 'MemoryError'}`, errorKind: 'memory' };
      }
      if (report.kind) return { ...base, error: report.error ?? 'The code failed.', errorKind: report.kind };
      return { ...base, ...(report.value !== undefined ? { value: report.value } : {}) };
    },
  };
}

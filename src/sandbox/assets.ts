/**
 * Where the sandbox finds its files. Bundled layout (an installed extension's dist/ folder):
 *   sandbox-worker.js              the worker entry (QuickJS and Pyodide run in it)
 *   quickjs/emscripten-module.wasm QuickJS compiled to wasm
 *   pyodide/                       pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json
 * esbuild.config.mjs copies exactly these. From source (tsx) the same files come from node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const WORKER_FILE = 'sandbox-worker.js';
export const QUICKJS_WASM = join('quickjs', 'emscripten-module.wasm');
export const PYODIDE_DIR = 'pyodide';
/** The Pyodide files the sandbox needs at run time (no packages: the standard library only). */
export const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

export interface SandboxAssets {
  workerScript: string;
  /** From source only: the worker entry is TypeScript and is loaded through tsx's require hook. */
  workerNeedsTsx: boolean;
  quickjsWasm: string;
  pyodideDir: string;
}

const here = typeof __dirname === 'string' ? __dirname : process.cwd();

export function bundledAssets(assetsDir: string): SandboxAssets {
  return {
    workerScript: join(assetsDir, WORKER_FILE),
    workerNeedsTsx: false,
    quickjsWasm: join(assetsDir, QUICKJS_WASM),
    pyodideDir: join(assetsDir, PYODIDE_DIR),
  };
}

/** Assets from the given folder, else next to the running bundle, else from node_modules (source). */
export function resolveSandboxAssets(assetsDir?: string): SandboxAssets {
  if (assetsDir) return bundledAssets(assetsDir);
  if (existsSync(join(here, WORKER_FILE))) return bundledAssets(here);
  const req = createRequire(join(here, 'index.js'));
  const sourceWorker = join(here, 'worker', 'sandboxWorker.ts');
  return {
    workerScript: sourceWorker,
    workerNeedsTsx: true,
    quickjsWasm: req.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'),
    pyodideDir: dirname(req.resolve('pyodide/package.json')),
  };
}

/** Names the missing files, so a broken package fails with a clear message. */
export function missingAssets(assets: SandboxAssets, kind: 'quickjs' | 'pyodide'): string[] {
  const wanted = [
    assets.workerScript,
    ...(kind === 'quickjs' ? [assets.quickjsWasm] : PYODIDE_FILES.map((f) => join(assets.pyodideDir, f))),
  ];
  return wanted.filter((f) => !existsSync(f));
}

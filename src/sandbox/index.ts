/** Public surface of the sandbox: create one per host (CLI process, extension activation). */
export { createSandbox, SANDBOX_DEFAULTS } from './sandbox';
export { resolveSandboxAssets, bundledAssets, PYODIDE_FILES, WORKER_FILE, QUICKJS_WASM, PYODIDE_DIR } from './assets';
export type { Engine, ErrorKind, JsEngineChoice, Language, RunOutcome, CodeRequest, Sandbox, SandboxOptions } from './types';

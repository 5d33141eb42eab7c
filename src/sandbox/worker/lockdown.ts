/**
 * Makes the sandbox worker's own JavaScript realm harmless, in case Python code ever gets hold of a
 * JavaScript object (pyodide's FFI gives every JS function a `.constructor`). Runs after the engine
 * has loaded and before any user code:
 *  - code generation from strings is switched off (Function / AsyncFunction / GeneratorFunction
 *    constructors and eval throw), so no JS object leads to new code, `process` or `import()`;
 *  - host-reaching globals are deleted (process, fetch, WebSocket, BroadcastChannel, ...);
 *  - Pyodide's own host bridges are removed (NODEFS mounts, node sockets, package loading).
 * The worker is also started with an empty environment (workerEngine.ts).
 */

const HOST_GLOBALS = [
  'process',
  'require',
  'module',
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'WebSocket',
  'EventSource',
  'XMLHttpRequest',
  'BroadcastChannel',
  'MessageChannel',
  'MessagePort',
  'Worker',
  'importScripts',
  'navigator',
  'Buffer',
  'global',
  'Bun',
  'Deno',
];

function refuse(): never {
  throw new EvalError('Code generation from strings is disabled in the sandbox.');
}

export function lockDownRealm(): void {
  const g = globalThis as Record<string, unknown>;
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ] as object[];
  for (const proto of prototypes) {
    Object.defineProperty(proto, 'constructor', { value: refuse, writable: false, configurable: false, enumerable: false });
  }
  for (const name of ['eval', 'Function']) {
    Object.defineProperty(g, name, { value: refuse, writable: false, configurable: false, enumerable: false });
  }
  for (const name of HOST_GLOBALS) {
    try {
      delete g[name];
    } catch {
      // a non-configurable global: make it undefined where we can
    }
    if (name in g) {
      try {
        Object.defineProperty(g, name, { value: undefined, writable: false, configurable: false });
      } catch {
        // left as is; checked by the test suite
      }
    }
  }
}

/** Pyodide API members that reach the host (files, sockets, network, host paths). */
const PYODIDE_PUBLIC = [
  'mountNodeFS',
  'mountNativeFS',
  'useNodeSockFS',
  'loadPackage',
  'loadPackagesFromImports',
  'registerJsModule',
  'pyimport',
  'runPythonAsync',
  '_api',
  '_module',
];
const PYODIDE_API = ['_nodeSock', 'initializeNodeSockFS', 'loadBinaryFile', 'loadPackage', 'packageManager', 'public_api'];
const EMSCRIPTEN_MODULE = [
  'NODEFS',
  'NODERAWFS',
  'SOCKFS',
  'Sockets',
  'WS',
  'websocket',
  'wget',
  'IDBFS',
  'WORKERFS',
  'PROXYFS',
  'API',
  'require',
];

export function stripPyodide(pyodide: Record<string, unknown>): void {
  const api = pyodide['_api'] as Record<string, unknown> | undefined;
  const module = pyodide['_module'] as Record<string, unknown> | undefined;
  const fs = module?.['FS'] as { filesystems?: Record<string, unknown> } | undefined;
  if (fs?.filesystems) {
    for (const name of Object.keys(fs.filesystems)) if (name !== 'MEMFS') delete fs.filesystems[name];
  }
  for (const name of EMSCRIPTEN_MODULE) if (module) delete module[name];
  for (const name of PYODIDE_API) if (api) delete api[name];
  for (const name of PYODIDE_PUBLIC) delete pyodide[name];
}

/** Caps a wasm memory's growth, so Python gets MemoryError instead of taking the machine's RAM. */
interface WasmMemoryLike {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

export function capWasmMemory(maxBytes: number): void {
  const wasm = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemoryLike } } }).WebAssembly;
  const proto = wasm.Memory.prototype;
  const grow = proto.grow;
  Object.defineProperty(proto, 'grow', {
    value: function (this: WasmMemoryLike, pages: number): number {
      if (this.buffer.byteLength + pages * 65536 > maxBytes) {
        throw new RangeError(`sandbox memory limit of ${Math.round(maxBytes / 2 ** 20)} MB reached`);
      }
      return grow.call(this, pages);
    },
    writable: false,
    configurable: false,
  });
}

/** The contract's programs, one set per language (see sandboxContract.ts). */
import { nativePython, type ContractCase } from './sandboxContract';

function jsNative(code: string): () => string {
  return () => {
    const v: unknown = (0, eval)(code);
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  };
}

const JS_COMPUTE = [
  'let s = 0; for (let i = 0; i < 1000; i++) s += i * i; s',
  'JSON.stringify([5, 3, 10, 1].sort((a, b) => a - b))',
  '(22 / 7).toFixed(6)',
  '"a1b22c333".match(/\\d+/g).join(",")',
  'JSON.stringify(Object.entries({ b: 1, a: 2 }).sort())',
  '[...new Set("mississippi")].join("")',
  '2n ** 70n + ""',
];

export const JS_CASE: ContractCase = {
  language: 'javascript',
  compute: JS_COMPUTE.map((code) => ({ code, native: jsNative(code) })),
  print: (t) => `console.log(${JSON.stringify(t)})`,
  printErr: (t) => `console.error(${JSON.stringify(t)})`,
  syntaxErrorLine3: 'const a = 1;\nconst b = 2;\nconst c = ;\n',
  runtimeErrorLine2: 'const a = null;\na.field.deeper;\n',
  infiniteLoop: 'while (true) {}',
  memoryBomb: 'const keep = []; while (true) keep.push(new Array(1e6).fill(1.5));',
  stackOverflow: 'function f(n) { return f(n + 1) + 1; } f(0)',
  flood: 'for (let i = 0; i < 100000; i++) console.log("x".repeat(50));',
  readFile: (path) => `require("fs").readFileSync(${JSON.stringify(path)}, "utf8")`,
  network: (port) => `fetch("http://127.0.0.1:${port}/").then(() => "CONNECTED")`,
  escapes: [
    { name: 'process.env', code: 'process.env.SANDBOX_CONTRACT_SECRET' },
    { name: 'require child_process', code: 'require("child_process").execSync("echo ESCAPED").toString()' },
    { name: 'constructor chain from this', code: 'this.constructor.constructor("return process")().env.SANDBOX_CONTRACT_SECRET' },
    {
      name: 'constructor chain from a promise',
      code: 'Promise.resolve().constructor.constructor("return process")().env.SANDBOX_CONTRACT_SECRET',
    },
    {
      name: 'constructor chain from an error',
      code: 'try { null.x } catch (e) { e.constructor.constructor("return process.env.SANDBOX_CONTRACT_SECRET")() }',
    },
    { name: 'sloppy this', code: '(function () { return this; })().process.env.SANDBOX_CONTRACT_SECRET' },
    { name: 'dynamic import', code: 'import("node:fs").then((fs) => fs.readFileSync("/etc/hostname", "utf8") + "ESCAPED")' },
    { name: 'Function("return import()")', code: 'Function("return import(\\"node:child_process\\")")().then(() => "ESCAPED")' },
    {
      name: 'host globals present',
      code: 'const bad = Object.getOwnPropertyNames(globalThis).filter((k) => /^(process|require|module|fetch|Buffer|WebSocket|XMLHttpRequest|setTimeout|global)$/.test(k)); bad.length ? "ESCAPED " + bad.join(",") : "clean"',
    },
    {
      name: 'prepareStackTrace frames',
      code: 'Error.prepareStackTrace = (e, frames) => frames.map((f) => typeof f.getThis === "function" && f.getThis()); const frames = new Error().stack; Array.isArray(frames) && frames.some((t) => t && t.process) ? "ESCAPED" : "clean"',
    },
    { name: 'console methods lead nowhere', code: 'console.log.constructor("return typeof process")() === "object" ? "ESCAPED" : "clean"' },
  ],
};

const PY_COMPUTE = [
  'sum(i * i for i in range(1000))',
  'sorted({"b": 1, "a": 2}.items())',
  '"%.6f" % (22 / 7)',
  'import statistics\nstatistics.mean([1, 2, 3, 4])',
  'import re\nre.findall(r"\\d+", "a1b22c333")',
  'import hashlib\nhashlib.sha256(b"abc").hexdigest()',
  'import json\njson.dumps({"x": [1, 2, {"y": None}]})',
  '2 ** 100',
];

const REAL_IMPORT =
  'import builtins\nreal = [c.cell_contents for c in (builtins.__import__.__closure__ or ()) if getattr(c.cell_contents, "__name__", "") == "__import__"]\nreal = real[0] if real else builtins.__import__\n';

export const PY_CASE: ContractCase = {
  language: 'python',
  compute: PY_COMPUTE.map((code) => ({ code, native: () => nativePython(code) })),
  print: (t) => `print(${JSON.stringify(t)})`,
  printErr: (t) => `import sys\nprint(${JSON.stringify(t)}, file=sys.stderr)`,
  syntaxErrorLine3: 'x = 1\ny = 2\nif x\n    pass\n',
  runtimeErrorLine2: 'x = 1\ny = x / 0\n',
  infiniteLoop: 'while True:\n    pass',
  memoryBomb: 'keep = []\nwhile True:\n    keep.append(bytearray(10 ** 7))',
  stackOverflow: 'def f(n):\n    return f(n + 1) + 1\nf(0)',
  flood: 'for i in range(100000):\n    print("x" * 50)',
  readFile: (path) => `open(${JSON.stringify(path)}).read()`,
  network: (port) => `import socket\ns = socket.create_connection(("127.0.0.1", ${port}), timeout=2)\nprint("CONNECTED")`,
  escapes: [
    { name: 'import js → process.env', code: 'import js\njs.process.env.SANDBOX_CONTRACT_SECRET' },
    { name: 'pyodide_js._api.loadBinaryFile', code: 'import pyodide_js\npyodide_js._api.loadBinaryFile("/etc/hostname")' },
    { name: 'pyodide.code.run_js', code: 'from pyodide.code import run_js\nrun_js("process.env.SANDBOX_CONTRACT_SECRET")' },
    { name: 'pyodide.http', code: 'import pyodide.http\n"ESCAPED"' },
    { name: 'ctypes', code: 'import ctypes\nctypes.CDLL(None)\n"ESCAPED"' },
    { name: 'os.environ', code: 'import os\ndict(os.environ)' },
    { name: 'subprocess', code: 'import subprocess\nsubprocess.run(["echo", "ESC" + "APED"], capture_output=True).stdout' },
    {
      name: 'os.system / os.popen',
      code: 'import os\nprint(os.system("echo " + "ESC" + "APED"))\nos.popen("echo " + "ESC" + "APED").read()',
    },
    { name: 'urllib to the host', code: 'import urllib.request\nurllib.request.urlopen("http://127.0.0.1:1/").read()' },
    {
      name: 'real import via the guard closure, then to_js constructor chain',
      code: `${REAL_IMPORT}ffi = real("pyodide.ffi", fromlist=["to_js"])\nffi.to_js([1]).constructor.constructor("return process")().env.SANDBOX_CONTRACT_SECRET`,
    },
    {
      name: 'real import of pyodide_js and js',
      code: `${REAL_IMPORT}out = []\nfor name in ("pyodide_js", "js"):\n    try:\n        m = real(name)\n        out.append("ESCAPED " + name)\n    except Exception as e:\n        out.append(type(e).__name__)\nout`,
    },
    {
      name: 'real import, run_js',
      code: `${REAL_IMPORT}real("pyodide.code", fromlist=["run_js"]).run_js("process.env.SANDBOX_CONTRACT_SECRET")`,
    },
    {
      name: 'every JsProxy the GC knows, constructor chain and mounts',
      code: 'import gc\nfound = []\nfor o in gc.get_objects():\n    if "JsProxy" not in type(o).__name__ and "Js" not in type(o).__name__:\n        continue\n    for attempt in (lambda: o.constructor.constructor("return process")().env.SANDBOX_CONTRACT_SECRET, lambda: o.mountNodeFS("/host", "/"), lambda: o._api.loadBinaryFile("/etc/hostname"), lambda: o.FS.filesystems.NODEFS):\n        try:\n            v = attempt()\n            if v is not None:\n                found.append("ESCAPED")\n        except Exception:\n            pass\nfound',
    },
    {
      name: 'host folders are not mounted',
      code: 'import os\nbad = [p for p in ("/work", "/usr", "/etc/passwd", "/root", "/proc/self/environ") if os.path.exists(p) and (p != "/proc/self/environ" or "SANDBOX" in open(p).read())]\n("ESCAPED " + str(bad)) if bad else "clean"',
    },
  ],
};

// Builds the bundles: dist/cli.js (headless runner), dist/extension.js (extension host: what it needs at
// start-up) and its chunks dist/extension-NAME.js (loaded on first use; tools/build/nodeBundles.mjs names
// them), dist/sandbox-worker.js (run_code's QuickJS/Pyodide worker), dist/search-worker.js (the builtin
// search's worker threads), dist/sandbox.js (a test entry proving the sandbox's assets resolve from dist/),
// dist/webview.js (+ .css, the panel) and dist/export-viewer.js (the exported HTML's viewer).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { viewerBundle, webviewBundle } from './tools/build/browserBundles.mjs';
import { extensionBundles, nodeBundle } from './tools/build/nodeBundles.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  nodeBundle('src/cli/index.ts', 'dist/cli.js', production, {
    banner: { js: '#!/usr/bin/env node' },
    define: { __VERSION__: JSON.stringify(pkg.version) },
  }),
  ...extensionBundles(production, { __VERSION__: JSON.stringify(pkg.version) }),
  // Sandbox (run_code): the worker that hosts QuickJS and Pyodide, and a small entry that exposes
  // createSandbox / createRunCodeTool from dist/ (dist/sandbox.js), used to prove the assets resolve.
  nodeBundle('src/sandbox/worker/sandboxWorker.ts', 'dist/sandbox-worker.js', production, {
    sourcemap: false,
    // QuickJS's emscripten glue reads import.meta.url, which a CJS bundle lacks.
    define: { 'import.meta.url': '__sandboxWorkerUrl' },
    banner: { js: 'const __sandboxWorkerUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  // The builtin search's worker threads (src/node/search/scanPool.ts looks for it next to the bundle).
  nodeBundle('src/node/search/scanWorker.ts', 'dist/search-worker.js', production, { sourcemap: false }),
  nodeBundle('test/bundles/sandbox.ts', 'dist/sandbox.js', production, { sourcemap: false, external: ['isolated-vm'] }),
  webviewBundle('dist/webview.js', production),
  viewerBundle('dist/export-viewer.js'),
];

/** Copies the wasm engines' runtime files next to the bundles (dist/quickjs/, dist/pyodide/): nothing else of those packages. */
function copySandboxAssets() {
  const req = createRequire(import.meta.url);
  const pyodideDir = dirname(req.resolve('pyodide/package.json'));
  mkdirSync('dist/pyodide', { recursive: true });
  for (const file of ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']) {
    copyFileSync(join(pyodideDir, file), join('dist/pyodide', file));
  }
  mkdirSync('dist/quickjs', { recursive: true });
  copyFileSync(req.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), 'dist/quickjs/emscripten-module.wasm');
  // isolated-vm (native, built for this Node's ABI): require('isolated-vm') from dist/*.js finds it
  // here, in the .vsix too. Where its ABI does not match the host, the sandbox falls back to QuickJS.
  const ivmDir = dirname(req.resolve('isolated-vm/package.json'));
  mkdirSync('dist/node_modules/isolated-vm/out', { recursive: true });
  for (const file of ['package.json', 'isolated-vm.js', 'LICENSE', 'out/isolated_vm.node']) {
    copyFileSync(join(ivmDir, file), join('dist/node_modules/isolated-vm', file));
  }
  stripDebugInfo('dist/node_modules/isolated-vm/out/isolated_vm.node');
}

/**
 * node-gyp builds isolated-vm with debug info: 26 MB, of which 1.4 MB is the code. Drop the debug
 * sections from dist's copy (never the file in node_modules, which may be hard-linked elsewhere); it
 * loads and runs the same, and the .vsix shrinks by most of its size. Where GNU strip is missing the
 * copy stays as it is.
 */
function stripDebugInfo(file) {
  if (process.platform !== 'linux') return;
  const r = spawnSync('strip', ['--strip-debug', file], { encoding: 'utf8' });
  if (r.error || r.status !== 0) console.warn(`esbuild.config: could not strip ${file}: ${r.error?.message ?? r.stderr.trim()}`);
}
copySandboxAssets();

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

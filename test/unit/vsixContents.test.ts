/**
 * What the .vsix holds, as vsce itself lists it from .vscodeignore and the built dist/ (`vsce ls`,
 * the file list `vsce package` packs): every file the extension loads at run time, and nothing it
 * does not (the CLI bundle, the test bundle, source maps). Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { localVsce } from '../../tools/e2e/package-vsix';
import { CHUNKS, chunkOutfile } from '../../tools/build/nodeBundles.mjs';

const ROOT = resolve(__dirname, '../..');

/** Loaded by the extension host, the panel, run_code's engines and Export Run. */
const NEEDED = [
  'package.json',
  'README.md',
  'LICENSE',
  'media/icon.png',
  'dist/extension.js',
  // The chunks the extension loads on first use.
  ...CHUNKS.map((c) => chunkOutfile(c.name)),
  'dist/webview.js',
  'dist/webview.css',
  'dist/export-viewer.js',
  'dist/sandbox-worker.js',
  'dist/search-worker.js',
  'dist/quickjs/emscripten-module.wasm',
  'dist/pyodide/pyodide.asm.mjs',
  'dist/pyodide/pyodide.asm.wasm',
  'dist/pyodide/python_stdlib.zip',
  'dist/pyodide/pyodide-lock.json',
  'dist/node_modules/isolated-vm/package.json',
  'dist/node_modules/isolated-vm/isolated-vm.js',
  'dist/node_modules/isolated-vm/out/isolated_vm.node',
];

test('the .vsix holds what the extension loads and not the CLI, the test bundle or source maps', () => {
  for (const built of ['dist/extension.js', 'dist/cli.js', 'dist/sandbox.js', 'dist/extension.js.map']) {
    assert.ok(existsSync(join(ROOT, built)), `build first: ${built} is missing (npm run build)`);
  }
  const vsce = localVsce();
  assert.ok(vsce, '@vscode/vsce is installed');
  const ls = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(ls.status, 0, ls.stderr);
  const files = ls.stdout.split('\n').filter(Boolean);
  for (const file of NEEDED) assert.ok(files.includes(file), `${file} ships`);
  assert.ok(!files.includes('dist/cli.js'), 'the CLI bundle is not loaded by the extension');
  assert.ok(!files.includes('dist/sandbox.js'), 'the test bundle does not ship');
  // The CLI's own ripgrep (@vscode/ripgrep-universal, every platform's binary) stays out: the extension uses VS Code's.
  assert.deepEqual(
    files.filter((f) => f.includes('ripgrep-universal') || /(^|\/)rg(\.exe)?$/.test(f)),
    [],
  );
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map')),
    [],
  );
  const stray = files.filter(
    (f) => !f.startsWith('dist/') && !f.startsWith('media/') && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f),
  );
  assert.deepEqual(stray, [], 'only dist/, media/ and the manifest and its documents ship');
});

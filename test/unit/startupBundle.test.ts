// What every VS Code window loads at start-up: dist/extension.js, built here exactly as it ships (the
// options of tools/build/nodeBundles.mjs, minified). Its source files are listed below; a heavy import
// that creeps back into start-up (the run loop, a tool, an npm package) changes the list and fails here.
// The built file is then loaded and activated against a stand-in `vscode` with no chunk beside it: a
// chunk required at load or activation would fail to resolve.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { CHUNKS, extensionBundles } from '../../tools/build/nodeBundles.mjs';
import { vscodeApiNames } from '../../tools/bench/moduleLoad';

const ROOT = resolve(__dirname, '../..');

/** Every source file of dist/extension.js. Add to it only what must exist before the first command runs. */
const EAGER = [
  'src/agent/defaults.ts',
  'src/host/commands.ts',
  'src/host/config.ts',
  'src/host/connectModel.ts',
  'src/host/diagnostics.ts',
  'src/host/editorTools/lmToolNames.ts',
  'src/host/editorTracker.ts',
  'src/host/entryPoints.ts',
  'src/host/evaluation.ts',
  'src/host/extension.ts',
  'src/host/findingsEntry.ts',
  'src/host/gettingStarted.ts',
  'src/host/questions.ts',
  'src/host/runtimeLoader.ts',
  'src/host/settings.ts',
  'src/host/statusBar.ts',
  'src/node/trajectoryFile.ts',
  'src/node/trajectoryFolder.ts',
];

/** npm packages the runtime chunk may bundle; the heavy ones (openai, linkedom, unpdf, the MCP SDK, Plot) have chunks of their own. */
const RUNTIME_PACKAGES = ['ignore', 'picomatch'];

let dir: string;
const built = new Map<string, esbuild.Metafile['outputs'][string] & { file: string }>();

async function build(options: esbuild.BuildOptions, name: string): Promise<void> {
  const file = join(dir, `${name}.js`);
  const r = await esbuild.build({ ...options, absWorkingDir: ROOT, outfile: file, sourcemap: false, metafile: true, logLevel: 'silent' });
  const output = Object.entries(r.metafile.outputs).find(([out]) => out.endsWith(`${name}.js`));
  assert.ok(output, `esbuild wrote ${name}.js`);
  built.set(name, { ...output[1], file });
}

const packagesOf = (inputs: Record<string, unknown>) =>
  [...new Set(Object.keys(inputs).flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []))].sort();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rc-startup-'));
  const [main, ...chunks] = extensionBundles(true, { __VERSION__: '"0.0.0-test"' });
  await build(main, 'extension');
  await build(chunks[CHUNKS.findIndex((c) => c.name === 'runtime')], 'extension-runtime');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('dist/extension.js holds exactly the start-up files, and no npm package', () => {
  const inputs = Object.keys(built.get('extension')!.inputs);
  assert.deepEqual(packagesOf(built.get('extension')!.inputs), [], 'no npm package at start-up');
  assert.deepEqual(inputs.sort(), EAGER);
});

test('every chunk the main module names is required inside import(), on first use', () => {
  const main = built.get('extension')!;
  const chunkImports = main.imports.filter((i) => i.path.startsWith('./extension-'));
  assert.deepEqual([...new Set(chunkImports.map((i) => i.path))].sort(), [
    './extension-connect.js',
    './extension-evaluation.js',
    './extension-findings.js',
    './extension-runtime.js',
  ]);
  const code = readFileSync(main.file, 'utf8');
  const requires = [...code.matchAll(/require\("\.\/extension-[\w-]+\.js"\)/g)];
  assert.ok(requires.length >= 3);
  for (const m of requires) {
    const before = code.slice(Math.max(0, m.index - 60), m.index);
    assert.match(before, /Promise\.resolve\(\)\.then\(\(\)=>[\w$]*\($/, `${m[0]} runs when its import() does: ${before}${m[0]}`);
  }
});

test('loading and activating dist/extension.js needs no chunk (none is beside it) and registers every command', () => {
  const probe = `
const Module = require('node:module');
const registered = [];
const deep = new Proxy(function () {}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : deep), apply: () => deep, construct: () => deep });
const api = Object.fromEntries(JSON.parse(process.argv[2]).map((n) => [n, deep]));
api.commands = new Proxy({}, { get: (_t, k) => (k === 'registerCommand' ? (id) => (registered.push(id), deep) : deep) });
const load = Module._load;
const chunks = [];
Module._load = function (request, ...rest) {
  if (request.startsWith('./extension-')) chunks.push(request);
  return request === 'vscode' ? api : load.call(this, request, ...rest);
};
const ext = require(process.argv[1]);
const context = { subscriptions: [], globalStorageUri: { fsPath: process.argv[3] }, extensionUri: deep, secrets: deep,
  globalState: { get: () => true, update: async () => {} } };
ext.activate(context);
// After what activation started on its own (the walkthrough offer, anything async) has had its turn.
setTimeout(() => {
  const loaded = Object.keys(require.cache);
  process.stdout.write(JSON.stringify({ loaded, chunks, registered, subscriptions: context.subscriptions.length }));
}, 200);`;
  const main = built.get('extension')!.file;
  const r = spawnSync(process.execPath, ['-e', probe, main, JSON.stringify(vscodeApiNames()), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const out = JSON.parse(r.stdout) as { loaded: string[]; chunks: string[]; registered: string[]; subscriptions: number };
  assert.deepEqual(out.chunks, [], 'no chunk was asked for');
  assert.deepEqual(out.loaded, [main], 'only the main module was loaded');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[] };
  };
  for (const { command } of pkg.contributes.commands) assert.ok(out.registered.includes(command), `${command} is registered at activation`);
  assert.ok(out.subscriptions >= pkg.contributes.commands.length);
});

test('the runtime chunk leaves the heavy packages to chunks of their own', () => {
  const packages = packagesOf(built.get('extension-runtime')!.inputs);
  assert.deepEqual(
    packages.filter((p) => !RUNTIME_PACKAGES.includes(p)),
    [],
  );
  const lazy = built.get('extension-runtime')!.imports.filter((i) => i.path.startsWith('./extension-'));
  for (const name of ['openai', 'html', 'pdf', 'mcp', 'export'])
    assert.ok(
      lazy.some((i) => i.path === `./extension-${name}.js`),
      `the runtime loads ${name} as a chunk`,
    );
});

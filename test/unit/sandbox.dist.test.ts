/**
 * The bundled layout: dist/sandbox.js (built by `npm run build`) must find its worker, QuickJS's
 * wasm and Pyodide's files inside dist/, with nothing from node_modules or src/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as SandboxEntry from '../bundles/sandbox';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

describe('sandbox from dist/', () => {
  let entry: typeof SandboxEntry;
  before(() => {
    if (!existsSync(join(DIST, 'sandbox.js')) || !existsSync(join(DIST, 'pyodide', 'pyodide.asm.wasm'))) {
      execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
    }
    entry = require(join(DIST, 'sandbox.js')) as typeof SandboxEntry;
  });

  it('dist/pyodide holds only the runtime files', () => {
    assert.deepEqual(readdirSync(join(DIST, 'pyodide')).sort(), [
      'pyodide-lock.json',
      'pyodide.asm.mjs',
      'pyodide.asm.wasm',
      'python_stdlib.zip',
    ]);
  });

  it(
    "ships isolated-vm without debug info (the build strips dist/'s copy; node_modules keeps its own)",
    { skip: process.platform !== 'linux' },
    () => {
      const sections = (file: string) => readFileSync(file).includes('.debug_info');
      assert.equal(sections(join(DIST, 'node_modules/isolated-vm/out/isolated_vm.node')), false);
      assert.equal(sections(join(ROOT, 'node_modules/isolated-vm/out/isolated_vm.node')), true, 'node-gyp builds with debug info');
    },
  );

  it('resolves every asset next to the bundle', () => {
    const assets = entry.resolveSandboxAssets();
    assert.equal(assets.workerScript, join(DIST, 'sandbox-worker.js'));
    assert.equal(assets.quickjsWasm, join(DIST, 'quickjs', 'emscripten-module.wasm'));
    assert.equal(assets.pyodideDir, join(DIST, 'pyodide'));
    assert.equal(assets.workerNeedsTsx, false);
  });

  describe('runs each engine from the bundle', () => {
    const sandboxes: { dispose(): Promise<void> }[] = [];
    after(async () => {
      await Promise.all(sandboxes.map((s) => s.dispose()));
    });
    const ctx = { signal: new AbortController().signal, approve: async () => false };
    for (const jsEngine of ['quickjs', 'isolated-vm'] as const) {
      it(`JavaScript on ${jsEngine}`, async () => {
        const sandbox = entry.createSandbox({ jsEngine, assetsDir: DIST });
        sandboxes.push(sandbox);
        const r = await entry
          .createRunCodeTool(sandbox)
          .execute({ language: 'javascript', code: 'console.log("from dist"); [1, 2, 3].reduce((a, b) => a + b)' }, ctx);
        assert.equal(r.isError, undefined, r.content);
        assert.match(r.content, /from dist/);
        assert.match(r.content, /value:\n6$/);
        assert.equal(r.details?.['engine'], jsEngine);
      });
    }
    it('Python on Pyodide', async () => {
      const sandbox = entry.createSandbox({ assetsDir: DIST });
      sandboxes.push(sandbox);
      const r = await entry
        .createRunCodeTool(sandbox)
        .execute({ language: 'python', code: 'import sys\nprint(sys.version_info[0])\nsum(range(10))' }, ctx);
      assert.equal(r.isError, undefined, r.content);
      assert.match(r.content, /stdout:\n3/);
      assert.match(r.content, /value:\n45$/);
    });
    it('a missing asset is a clear error, not a crash', async () => {
      const sandbox = entry.createSandbox({ jsEngine: 'quickjs', assetsDir: join(DIST, 'no-such-folder') });
      sandboxes.push(sandbox);
      const r = await entry.createRunCodeTool(sandbox).execute({ language: 'javascript', code: '1' }, ctx);
      assert.equal(r.isError, true);
      assert.match(r.content, /sandbox files are missing: .*sandbox-worker\.js/);
    });
  });
});

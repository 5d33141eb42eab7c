// @vscode/test-electron: the extension in desktop VS Code (Electron), for machines that can download
// VS Code. Where VS Code cannot be downloaded (no internet, as on this project's CI) or there is no X
// display, the test is skipped with the reason; it is never counted as passed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../tools/e2e/driver';
import { startFakeModel } from '../../tools/fake-model/server';

async function reachable(url: string): Promise<string | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return r.ok ? undefined : `HTTP ${r.status}`;
  } catch (e) {
    return ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message;
  }
}

test('desktop VS Code via @vscode/test-electron: Research This on a selection answers', { timeout: 10 * 60_000 }, async (t) => {
  const problem = await reachable('https://update.code.visualstudio.com/api/releases/stable');
  if (problem) return t.skip(`no network: @vscode/test-electron cannot download VS Code (${problem})`);
  const hasXvfb = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).status === 0;
  if (!process.env.DISPLAY && !hasXvfb) return t.skip('no X display and no Xvfb (apt-get install xvfb) for desktop VS Code');
  // Desktop VS Code needs a display: a virtual one when there is none.
  const xvfb = process.env.DISPLAY ? undefined : spawn('Xvfb', [':97', '-screen', '0', '1280x1024x24'], { stdio: 'ignore' });
  if (xvfb) process.env.DISPLAY = ':97';
  t.after(() => void xvfb?.kill());

  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const root = mkdtempSync(join(tmpdir(), 'rc-electron-'));
  const suite = join(root, 'suite.js');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'test/electron/suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  });
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'notes.md'), '# Notes\n\nWhere is the greeting defined?\n');
  const userData = join(root, 'user-data');
  const model = await startFakeModel({ script: [{ content: 'The greeting is defined in notes.md:3.' }] });
  try {
    const vscodeExecutablePath = await downloadAndUnzipVSCode('stable');
    const env = { RC_ELECTRON_MODEL_URL: model.url, RC_ELECTRON_USER_DATA: userData, RESEARCH_COPILOT_API_KEY: 'test-key' };
    Object.assign(process.env, env);
    const args = [workspace, `--user-data-dir=${userData}`, '--disable-extensions', '--disable-workspace-trust', '--no-sandbox'];
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      launchArgs: args,
      extensionTestsEnv: env,
    });
    assert.equal(code, 0);
  } finally {
    await model.close();
  }
});

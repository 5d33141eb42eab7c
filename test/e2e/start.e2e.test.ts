// README's run command on a machine without desktop VS Code: `npm start` builds, packages, starts the
// real VS Code the tests use with the extension installed, and prints a URL that answers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../tools/e2e/driver';

test('npm start without desktop VS Code prints the URL of a running VS Code with the extension', { timeout: 5 * 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'rc-start-'));
  writeFileSync(join(folder, 'README.md'), '# A project\n');
  const env: NodeJS.ProcessEnv = { ...process.env, RC_NO_DESKTOP: '1', RC_START_SMOKE: '1' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  const child = spawn('npm', ['start', '--', folder], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  assert.equal(code, 0, out);
  const url = /Research Copilot is running in VS Code at:\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
  assert.ok(url, `a URL is printed:\n${out}`);
  assert.ok(url[1].endsWith(encodeURIComponent(folder)), 'the URL opens the folder');
  assert.match(out, /healthz 200/);
});

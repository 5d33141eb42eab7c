// The e2e harness's clean-up on signals, as npm start uses it: the first SIGINT goes to the script's own
// graceful stop (the process stays up for it), a second one runs the synchronous clean-up and ends the
// process by that signal; without an owner the first signal does that at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const HOOKS = join(__dirname, '..', '..', 'tools', 'e2e', 'exitHooks.ts');

function child(withOwner: boolean) {
  const src = `
    const { onExitOrSignal, ownFirstSignal } = require(${JSON.stringify(HOOKS)});
    onExitOrSignal(() => console.log('cleanup'));
    if (${withOwner}) ownFirstSignal((sig) => console.log('owner ' + sig));
    setInterval(() => {}, 1000);
    console.log('ready');
  `;
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  const p = spawn(process.execPath, ['--import', 'tsx', '-e', src], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const until = async (text: string) => {
    for (let i = 0; i < 300 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(out.includes(text), `"${text}" in ${JSON.stringify(out)}`);
  };
  const exited = new Promise<NodeJS.Signals | null>((r) => p.on('exit', (_code, signal) => r(signal)));
  return { p, until, exited, output: () => out };
}

test("with an owner: the first SIGINT is the owner's, the second cleans up and ends the process", async () => {
  const c = child(true);
  await c.until('ready');
  c.p.kill('SIGINT');
  await c.until('owner SIGINT');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(c.p.exitCode, null, 'still running after the first signal');
  assert.ok(!c.output().includes('cleanup'));
  c.p.kill('SIGINT');
  assert.equal(await c.exited, 'SIGINT');
  assert.match(c.output(), /cleanup/);
});

test('without an owner: the first SIGTERM cleans up and ends the process by that signal', async () => {
  const c = child(false);
  await c.until('ready');
  c.p.kill('SIGTERM');
  assert.equal(await c.exited, 'SIGTERM');
  assert.match(c.output(), /cleanup/);
});

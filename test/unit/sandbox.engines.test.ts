/** Engine-specific behaviour beyond the shared contract, and the run_code tool's text. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createSandbox } from '../../src/sandbox/index';
import type { RunOutcome, CodeRequest, Sandbox } from '../../src/sandbox/types';
import { createRunCodeTool, formatOutcome } from '../../src/tools/runCode';

const ctx = { signal: new AbortController().signal, approve: async () => false };

describe('Pyodide keeps one warm interpreter per sandbox', () => {
  const sandbox = createSandbox({ memoryMb: 128 });
  const tool = createRunCodeTool(sandbox);
  after(() => sandbox.dispose());
  const py = (code: string, timeout_ms?: number) => tool.execute({ language: 'python', code, ...(timeout_ms ? { timeout_ms } : {}) }, ctx);

  it('keeps variables between calls, and the tool description says so', async () => {
    assert.match(tool.description, /Python state .* persists between calls/);
    await py('total = 40');
    const r = await py('total + 2');
    assert.match(r.content, /value:\n42$/);
  });
  it('keeps the host event loop turning while Python spins', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const r = await py('while True:\n    pass', 400);
    clearInterval(timer);
    assert.match(r.content, /Timed out/);
    assert.ok(ticks > 0, 'the event loop ran during the call');
  });
  it('restarts the interpreter when an interrupt is not enough, and says state is gone', async () => {
    // list.sort() on floats is one C call that never checks for signals; the data is built beforehand so
    // the timed call allocates almost nothing and only the restart (not the memory limit) can end it.
    const big = createSandbox({ memoryMb: 1024 });
    const run = (code: string, timeout_ms?: number) =>
      createRunCodeTool(big).execute({ language: 'python', code, ...(timeout_ms ? { timeout_ms } : {}) }, ctx);
    try {
      await run('import random\nkept = 1\ndata = [random.random() for _ in range(5 * 10 ** 6)]', 120_000);
      const r = await run('data.sort()', 300);
      assert.equal(r.isError, true);
      assert.match(r.content, /restarted/);
      assert.equal(r.details?.['restarted'], true);
      const after = await run('kept');
      assert.match(after.content, /NameError/);
    } finally {
      await big.dispose();
    }
  });
});

describe('JavaScript calls start fresh', () => {
  for (const jsEngine of ['isolated-vm', 'quickjs'] as const) {
    it(`${jsEngine}: a global from one call is gone in the next`, async () => {
      const sandbox = createSandbox({ jsEngine });
      const tool = createRunCodeTool(sandbox);
      try {
        await tool.execute({ language: 'javascript', code: 'var leftover = 1' }, ctx);
        const r = await tool.execute({ language: 'javascript', code: 'typeof leftover' }, ctx);
        assert.match(r.content, /value:\n"undefined"$/);
      } finally {
        await sandbox.dispose();
      }
    });
  }
});

describe('run_code tool', () => {
  const calls: CodeRequest[] = [];
  const fake = (outcome: Partial<RunOutcome>): Sandbox => ({
    limits: { timeoutMs: 30_000, maxTimeoutMs: 60_000, memoryMb: 256, maxOutputChars: 20_000 },
    describe: async () => ({ javascript: 'fake', python: 'fake' }),
    run: async (_l, request) => (
      calls.push(request),
      { stdout: '', stderr: '', truncatedChars: 0, durationMs: 1, engine: 'fake', ...outcome }
    ),
    dispose: async () => {},
  });

  it('uses the default timeout, passes a smaller one, and refuses one above the maximum', async () => {
    const tool = createRunCodeTool(fake({ value: '1' }));
    await tool.execute({ language: 'python', code: '1' }, ctx);
    await tool.execute({ language: 'python', code: '1', timeout_ms: 500 }, ctx);
    assert.deepEqual(
      calls.slice(-2).map((c) => c.timeoutMs),
      [30_000, 500],
    );
    const r = await tool.execute({ language: 'python', code: '1', timeout_ms: 90_000 }, ctx);
    assert.equal(r.isError, true);
    assert.match(r.content, /timeout_ms" must be at most 60000/);
  });
  it('formats sections, the cut marker and errors for the model', () => {
    const text = formatOutcome({ stdout: 'a\n', stderr: 'b\n', truncatedChars: 1234, value: '3', durationMs: 1, engine: 'x' }, 20_000);
    assert.equal(
      text,
      'stdout:\na\n\nstderr:\nb\n\n[output cut: 1234 more characters were printed than the 20000-character limit keeps]\n\nvalue:\n3',
    );
    const err = formatOutcome(
      { stdout: '', stderr: '', truncatedChars: 0, error: 'boom', errorKind: 'timeout', restarted: true, durationMs: 1, engine: 'x' },
      100,
    );
    assert.match(err, /^error \(timeout\):\nboom\n\n\[the interpreter was restarted/);
  });
  it('marks a failed run as an error result with details', async () => {
    const r = await createRunCodeTool(fake({ error: 'SyntaxError (line 2)', errorKind: 'syntax' })).execute(
      { language: 'javascript', code: 'x' },
      ctx,
    );
    assert.equal(r.isError, true);
    assert.equal(r.details?.['errorKind'], 'syntax');
  });
});

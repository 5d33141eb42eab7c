import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ofType } from '../helpers/agentHarness';
import type { DeepRunRequest, DeepRunResult } from '../helpers/deepRunWorker';
import type { Protocol } from '../../src/agent/events';

// A real folder of code: the openai SDK as installed (hundreds of .js/.d.ts files).
const ROOT = join(__dirname, '..', '..', 'node_modules', 'openai');
const DEPTH = 600;

/** The run itself goes in a worker thread (test/helpers/deepRunWorker.ts); the checks stay here. */
function runInWorker(protocol: Protocol): Promise<DeepRunResult> {
  const request: DeepRunRequest = { root: ROOT, depth: DEPTH, protocol };
  return new Promise((resolve, reject) => {
    // A worker does not inherit the TypeScript loader of `--import tsx`: it registers tsx's require hook itself.
    const entry = join(__dirname, '..', 'helpers', 'deepRunWorker.ts');
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: request });
    worker.once('message', (m: { ok: true; result: DeepRunResult } | { ok: false; error: string }) =>
      m.ok ? resolve(m.result) : reject(new Error(`the deep run failed in its worker: ${m.error}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the deep run's worker exited (${code}) before it answered`)));
  });
}

for (const protocol of ['openai-tools', 'mirothinker-xml'] as Protocol[]) {
  test(`${DEPTH} tool calls on a real folder of code (${protocol}): every call runs, the prompt stays bounded`, async () => {
    const { files, figures: r, events, lastMessages: last } = await runInWorker(protocol);
    assert.ok(files > 100, `found ${files} files`);
    assert.equal(r.stopReason, 'answered', r.error);
    assert.equal(r.toolCalls, DEPTH);
    const results = ofType(events, 'tool_result');
    assert.equal(results.length, DEPTH);
    const errors = results.filter((x) => x.isError);
    assert.deepEqual(
      errors.map((e) => e.content.slice(0, 120)),
      [],
      'no tool errors',
    );
    // The last prompt: exactly K results whole, every older one a placeholder naming its tool.
    const resultMsgs = protocol === 'openai-tools' ? last.filter((m) => m.role === 'tool') : last.filter((m) => m.role === 'user').slice(1);
    assert.equal(resultMsgs.length, DEPTH);
    const whole = resultMsgs.filter((m) => !m.content.startsWith('[Result omitted: '));
    assert.equal(whole.length, 5);
    assert.match(resultMsgs[0].content, /^\[Result omitted: list_directory \{"path":".*"\} \(turn 1, [\d,]+ chars\)\]$/);
    // Bounded: K whole results plus ~one line per older step, far below the sum of all results.
    const totalResultChars = results.reduce((n, x) => n + x.content.length, 0);
    const promptChars = JSON.stringify(last).length;
    assert.ok(promptChars < totalResultChars / 3, `prompt ${promptChars} chars vs ${totalResultChars} chars of results`);
    assert.ok(
      resultMsgs.slice(0, -5).every((m) => m.content.length < 400),
      'placeholders are one short line',
    );
    // Repeated identical calls happen in this walk and are flagged.
    assert.ok(results.some((x) => x.repeatOf > 0));
  });
}

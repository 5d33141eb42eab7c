/**
 * The evaluation runner end to end in-process: real runs (runAgent, the workspace tools, trajectory
 * files) against the scripted model over HTTP, where a task is answered right only when its budget
 * allows K tool calls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { loadDataset } from '../../src/eval/datasets';
import { runEvaluation, type EvalOptions } from '../../src/eval/runner';
import { writeReport } from '../../src/eval/report';
import { mergeResults } from '../../src/eval/merge';
import { readResults } from '../../src/eval/results';
import { startFakeModel, type FakeModel } from '../../tools/fake-model/server';
import { evalStep } from '../helpers/evalScript';

const NEEDS = [0, 1, 2, 3, 5, 5, 8, 12];

function dataset(dir: string, lines: object[]): string {
  const path = join(dir, 'tasks.jsonl');
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}

async function withModel<T>(fn: (fake: FakeModel, tmp: string) => Promise<T>, script = evalStep): Promise<T> {
  const fake = await startFakeModel({ script: (req) => script(req) });
  const tmp = mkdtempSync(join(tmpdir(), 'rc-eval-'));
  try {
    return await fn(fake, tmp);
  } finally {
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function options(fake: FakeModel, file: string, out: string, extra: Partial<EvalOptions> = {}): EvalOptions {
  return {
    dataset: loadDataset(file),
    out,
    caps: [1, 3, 5, 10],
    samples: 1,
    concurrency: 4,
    run: { model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'scripted' }), protocol: 'openai-tools' },
    ...extra,
  };
}

const scaled = (tmp: string) =>
  dataset(
    tmp,
    NEEDS.map((k, i) => ({ id: `t${i}`, question: `Task ${i} [needs ${k}] [answer A${i}]`, answer: `A${i}` })),
  );

test('the interaction-scaling curve rises exactly as scripted', async () => {
  await withModel(async (fake, tmp) => {
    const out = join(tmp, 'out');
    const outcome = await runEvaluation(options(fake, scaled(tmp), out));
    const report = writeReport(out, outcome.meta, outcome.results);
    const expected = [1, 3, 5, 10].map((b) => NEEDS.filter((k) => k <= b).length / NEEDS.length);
    assert.deepEqual(
      report.summary.budgets.map((b) => b.accuracy),
      expected.map((x) => Math.round(x * 1e6) / 1e6),
    );
    assert.deepEqual(
      report.summary.budgets.map((b) => b.tasks),
      [8, 8, 8, 8],
    );
    for (const r of outcome.results) {
      const k = NEEDS[Number(r.task_id.slice(1))];
      assert.equal(r.correct, k <= r.budget, `${r.task_id}@${r.budget}`);
      assert.equal(r.tool_calls, Math.min(k, r.budget), `${r.task_id}@${r.budget} tool calls`);
      assert.equal(r.stop_reason, k < r.budget ? 'answered' : 'max_turns', `${r.task_id}@${r.budget} stop`);
      assert.equal(r.answer, k <= r.budget ? `A${r.task_id.slice(1)}` : null);
      assert.equal(r.tokens, (Math.min(k, r.budget) + 1) * 110, 'fixed usage per reply');
      assert.ok(existsSync(join(out, r.trajectory)), 'each run has its own trajectory file');
    }
    assert.equal(outcome.results.length, 32);
    // The system prompt told the model the expected answer form.
    assert.match(fake.requests[0].body.messages[0].content, /\\boxed\{\}/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(md, /\| 1 \| 8 \| 25\.0% \| 0\.0% \| 25\.0% \|/);
    assert.match(md, /\| 10 \| 8 \| 87\.5% \|/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.equal((html.match(/<svg/g) ?? []).length >= 3, true, 'three charts as inline SVG');
    assert.match(html, /Accuracy against tool-call budget/);
  });
});

test('samples: mean and population std over samples, pass@N counts a task right in any sample', async () => {
  await withModel(async (fake, tmp) => {
    const file = dataset(tmp, [
      { id: 'steady', question: '[needs 1] [answer X]', answer: 'X' },
      { id: 'flaky', question: '[needs 1] [answer Y] [flaky]', answer: 'Y' },
      { id: 'never', question: '[needs 9] [answer Z]', answer: 'Z' },
      { id: 'flaky2', question: '[needs 0] [answer W] [flaky]', answer: 'W' },
    ]);
    const out = join(tmp, 'out');
    // One at a time, so the n-th final answer to a question is attempt n (the flaky script alternates).
    const outcome = await runEvaluation(options(fake, file, out, { caps: [2], samples: 2, concurrency: 1 }));
    const [b] = writeReport(out, outcome.meta, outcome.results).summary.budgets;
    // attempt 1: steady only (1/4); attempt 2: steady, flaky, flaky2 (3/4)
    assert.deepEqual(b.attempt_accuracy, [0.25, 0.75]);
    assert.equal(b.accuracy, 0.5);
    assert.equal(b.std, 0.25);
    assert.equal(b.pass_at_n, 0.75);
    assert.equal(b.cells, 8);
  });
});

test('a rerun skips finished cells and redoes only what was not recorded', async () => {
  await withModel(async (fake, tmp) => {
    const file = scaled(tmp);
    const out = join(tmp, 'out');
    const controller = new AbortController();
    let seen = 0;
    const first = await runEvaluation(
      options(fake, file, out, {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 5 && ++seen === 1) controller.abort();
        },
      }),
    );
    assert.equal(first.cancelled, true);
    const kept = readResults(out);
    assert.ok(kept.length >= 5 && kept.length < 32, `${kept.length} recorded before the stop`);
    const before = fake.requests.length;
    let redone = 0;
    const second = await runEvaluation(options(fake, file, out, { onProgress: (p) => (redone = p.done) }));
    assert.equal(second.results.length, 32);
    assert.equal(redone, 32 - kept.length, 'only the unfinished cells ran');
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 32, 'no cell recorded twice');
    assert.ok(fake.requests.length > before);
  });
});

test('merged shards give byte for byte the report of the unsharded run', async () => {
  await withModel(async (fake, tmp) => {
    const file = scaled(tmp);
    const whole = join(tmp, 'whole');
    const w = await runEvaluation(options(fake, file, whole, { samples: 2 }));
    writeReport(whole, w.meta, w.results);
    const shards = [0, 1, 2].map((i) => join(tmp, `shard-${i}`));
    for (const [i, dir] of shards.entries()) {
      const s = await runEvaluation(options(fake, file, dir, { samples: 2, shard: { index: i, count: 3 } }));
      assert.ok(s.results.length > 0 && s.results.length < 64);
    }
    const merged = join(tmp, 'merged');
    const m = mergeResults(shards, merged);
    assert.equal(m.missing, 0);
    for (const name of ['summary.json', 'report.md', 'report.html'])
      assert.equal(readFileSync(join(merged, name), 'utf8'), readFileSync(join(whole, name), 'utf8'), name);
    for (const r of m.results) assert.ok(existsSync(join(merged, r.trajectory)), 'trajectories copied beside the merged results');
  });
});

test('one 429 with Retry-After holds every task, not just the one refused', async () => {
  let refusedAt = 0;
  const times: number[] = [];
  const script = (req: Parameters<typeof evalStep>[0]) => {
    times.push(Date.now());
    if (req.index === 0) {
      refusedAt = Date.now();
      return { fault: 'http' as const, status: 429, retryAfter: '1' };
    }
    return evalStep(req);
  };
  await withModel(async (fake, tmp) => {
    const file = dataset(
      tmp,
      [0, 1, 2, 3].map((i) => ({ id: `r${i}`, question: `[needs 3] [answer R${i}] task ${i}`, answer: `R${i}` })),
    );
    const outcome = await runEvaluation(options(fake, file, join(tmp, 'out'), { caps: [5], concurrency: 4 }));
    assert.equal(outcome.limiter.rateLimited, 1);
    assert.ok(outcome.results.every((r) => r.correct));
    // Requests already on the wire when the 429 came back finish; every later one waits out Retry-After.
    const later = times.slice(4);
    assert.ok(later.length >= 12);
    for (const t of later) assert.ok(t >= refusedAt + 950, `a request went out ${t - refusedAt} ms after the 429`);
  }, script);
});

/** Cells, shards and the progress line: pure pieces of the evaluation runner. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellKey, listCells, resolveShard, shardCells } from '../../src/eval/cells';
import { progressText } from '../../src/eval/progressBar';

const tasks = Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, question: 'q', answer: 'a' }));

test('shards are disjoint, cover every cell, and are the same slice every time', () => {
  const all = listCells(tasks, [10, 50, 200], 2);
  assert.equal(all.length, 42);
  for (const n of [1, 2, 3, 5, 42, 50]) {
    const keys = Array.from({ length: n }, (_, i) =>
      shardCells(all, { index: i, count: n }).map((c) => cellKey(c.task.id, c.cap, c.sample)),
    );
    const flat = keys.flat();
    assert.equal(flat.length, 42, `n=${n}`);
    assert.equal(new Set(flat).size, 42, `n=${n}: no cell in two shards`);
    assert.deepEqual(
      shardCells(all, { index: 0, count: n }).map((c) => cellKey(c.task.id, c.cap, c.sample)),
      keys[0],
    );
  }
});

test('the shard comes from --shard, an Indexed Job or a Slurm array', () => {
  assert.deepEqual(resolveShard('1/4', undefined, {}), { index: 1, count: 4 });
  assert.equal(resolveShard(undefined, undefined, {}), undefined);
  assert.deepEqual(resolveShard(undefined, '3', { JOB_COMPLETION_INDEX: '2' }), { index: 2, count: 3 });
  assert.deepEqual(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '0', RESEARCH_COPILOT_EVAL_SHARDS: '8' }), {
    index: 0,
    count: 8,
  });
  assert.deepEqual(
    resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }),
    {
      index: 3,
      count: 4,
    },
  );
  assert.throws(() => resolveShard('4/4', undefined, {}), /shard index 4 is not in 0\.\.3/);
  assert.throws(() => resolveShard('a/b', undefined, {}), /--shard must look like i\/n/);
  assert.throws(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '1' }), /number of shards is not/);
  assert.throws(() => resolveShard(undefined, '2', {}), /--shard-count needs an index/);
  assert.throws(() => resolveShard(undefined, '0', { JOB_COMPLETION_INDEX: '0' }), /at least 1/);
});

test('the progress line: done/total, accuracy so far, ETA, tokens', () => {
  const line = progressText({ done: 30, total: 120, skipped: 10, correct: 12, tokens: 1_234_567, elapsedMs: 60_000, running: 4 });
  assert.equal(line, '[######------------------] 30/120 runs (+10 done before)  acc 40.0%  ETA 3m00s  tokens 1.2M');
  assert.match(
    progressText({ done: 0, total: 5, skipped: 0, correct: 0, tokens: 0, elapsedMs: 0, running: 0 }),
    /0\/5 runs {2}acc – {2}ETA \?/,
  );
});

/**
 * `research-copilot eval` as a real process (dist/cli.js) against the scripted model over HTTP:
 * a SIGKILL mid-way loses only the runs in flight, array-job shards merge into the unsharded report,
 * and bad input is refused with a clear message.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModel, type FakeModel } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { evalStep } from '../helpers/evalScript';

let tmp: string;
before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  tmp = mkdtempSync(join(tmpdir(), 'rc-evalcli-'));
});

function dataset(name: string, lines: object[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}

async function withModel<T>(fn: (fake: FakeModel) => Promise<T>): Promise<T> {
  const fake = await startFakeModel({ script: (req) => evalStep(req) });
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const questionOf = (req: { body: { messages: { role: string; content: string }[] } }) =>
  req.body.messages.find((m) => m.role === 'user')!.content;

test('killed with SIGKILL mid-way, a rerun redoes only the runs that were in flight', async () => {
  const file = dataset(
    'slow.jsonl',
    Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, question: `Slow ${i} [needs 2] [answer S${i}] [slow 40]`, answer: `S${i}` })),
  );
  const out = join(tmp, 'killed');
  await withModel(async (fake) => {
    const results = join(out, 'results.jsonl');
    const first = await runCli(
      ['eval', file, '--base-url', fake.url, '--model', 'scripted', '--out', out, '--budgets', '5', '--concurrency', '2'],
      {
        onSpawn: (kill) => {
          const timer = setInterval(() => {
            if (lines(results).length >= 3) {
              clearInterval(timer);
              kill('SIGKILL');
            }
          }, 20);
        },
      },
    );
    assert.equal(first.code, null, 'killed, not finished');
    const done = lines(results).map((l) => (JSON.parse(l) as { task_id: string }).task_id);
    assert.ok(done.length >= 3 && done.length < 8, `${done.length} finished before the kill`);
    const before = fake.requests.length;
    const second = await runCli([
      'eval',
      file,
      '--base-url',
      fake.url,
      '--model',
      'scripted',
      '--out',
      out,
      '--budgets',
      '5',
      '--concurrency',
      '2',
    ]);
    assert.equal(second.code, 0, second.stderr);
    const asked = new Set(fake.requests.slice(before).map(questionOf));
    for (const id of done)
      assert.equal(
        [...asked].some((q) => q.startsWith(`Slow ${id.slice(1)} `)),
        false,
        `${id} was run again`,
      );
    assert.equal(lines(results).length, 8, 'every cell recorded once');
    assert.match(second.stderr, new RegExp(`\\+${done.length} done before`));
    assert.match(second.stdout, /budget +5: accuracy 100\.0% ± 0\.0%, pass@1 100\.0%, 8 tasks/);
    for (const f of ['summary.json', 'report.md', 'report.html']) assert.ok(existsSync(join(out, f)), f);
  });
});

test('an Indexed Job (JOB_COMPLETION_INDEX) and a Slurm array give shards that merge into the unsharded report', async () => {
  const file = dataset(
    'scale.jsonl',
    [0, 1, 2, 4, 6].map((k, i) => ({ id: `k${i}`, question: `Scale ${i} [needs ${k}] [answer K${i}]`, answer: `K${i}` })),
  );
  await withModel(async (fake) => {
    const common = ['eval', file, '--base-url', fake.url, '--model', 'scripted', '--budgets', '1,2,5', '--attempts', '2'];
    const whole = join(tmp, 'whole');
    assert.equal((await runCli([...common, '--out', whole])).code, 0);
    const shared = join(tmp, 'sharded');
    const k8s = await runCli([...common, '--out', shared], { env: { JOB_COMPLETION_INDEX: '0', RESEARCH_COPILOT_EVAL_SHARDS: '2' } });
    assert.equal(k8s.code, 0, k8s.stderr);
    // Slurm numbers this array 1-2: index 2 with MIN 1 is the second shard.
    const slurm = await runCli([...common, '--out', shared], {
      env: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2' },
    });
    assert.equal(slurm.code, 0, slurm.stderr);
    assert.deepEqual(readdirSync(shared).sort(), ['shard-0-of-2', 'shard-1-of-2']);
    const merged = join(tmp, 'merged');
    const m = await runCli(['eval', 'merge', join(shared, 'shard-0-of-2'), join(shared, 'shard-1-of-2'), '--out', merged]);
    assert.equal(m.code, 0, m.stderr);
    for (const name of ['summary.json', 'report.md', 'report.html'])
      assert.equal(readFileSync(join(merged, name), 'utf8'), readFileSync(join(whole, name), 'utf8'), name);
    const summary = JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8')) as { budgets: { budget: number; accuracy: number }[] };
    assert.deepEqual(
      summary.budgets.map((b) => b.accuracy),
      [0.4, 0.6, 0.8],
    );
  });
});

test('bad input: unknown dataset shape, flags that do not apply, a shard index without a count, another dataset in --out', async () => {
  const odd = dataset('odd.jsonl', [{ prompt: 'x', target: 'y' }]);
  let r = await runCli(['eval', odd, '--model', 'm']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /odd\.jsonl:1: unknown dataset format \(keys: prompt, target\)/);
  r = await runCli(['eval', odd, '--model', 'm', '--max-turns', '5']);
  assert.match(r.stderr, /--max-turns does not apply to eval/);
  const ok = dataset('ok.jsonl', [{ id: 'a', question: 'q', answer: '1' }]);
  r = await runCli(['eval', ok, '--model', 'm'], { env: { JOB_COMPLETION_INDEX: '1' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /JOB_COMPLETION_INDEX is set but the number of shards is not/);
  r = await runCli(['eval', ok, '--model', 'm', '--shard', '3/2']);
  assert.match(r.stderr, /shard index 3 is not in 0\.\.1/);
  r = await runCli(['eval', ok, '--model', 'm', '--budgets', '10,x']);
  assert.match(r.stderr, /--budgets takes whole numbers/);
  const out = join(tmp, 'taken');
  mkdirSync(out);
  writeFileSync(
    join(out, 'meta.json'),
    JSON.stringify({
      version: 1,
      dataset: { name: 'other', sha256: 'x', format: 'plain', tasks: [] },
      budgets: [10],
      attempts: 1,
      model: 'm',
    }),
  );
  r = await runCli(['eval', ok, '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--budgets', '10', '--out', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /holds another evaluation \(dataset other ≠ ok\.jsonl/);
  assert.equal(lines(join(out, 'results.jsonl')).length, 0);
});

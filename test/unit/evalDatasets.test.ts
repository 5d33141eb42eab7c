/**
 * Datasets: the three shapes told apart by their keys, clear errors for anything else, and each task's
 * workspace its own (GAIA attachments copied into a fresh folder; a plain task's folder read in place,
 * never written). The judge: its verdict parsed strictly and recorded beside the scorer's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { DatasetError, loadDataset } from '../../src/eval/datasets';
import { createJudge, parseVerdict } from '../../src/eval/judge';
import { runEvaluation } from '../../src/eval/runner';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { startFakeModel, type RecordedRequest, type Step } from '../../tools/fake-model/server';

function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'rc-evalds-'));
}
function write(dir: string, name: string, lines: object[]): string {
  writeFileSync(join(dir, name), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return join(dir, name);
}

test('the three shapes are detected; ids, attachments and workspaces resolved', () => {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sheet.xlsx'), 'x');
  mkdirSync(join(dir, 'repo'));
  const gaia = loadDataset(
    write(dir, 'metadata.jsonl', [
      { task_id: 'c61d22de-5f6c-4958-a7f6-5e9707bd3466', Question: 'Q1', Level: 1, 'Final answer': 'egalitarian', file_name: '' },
      { task_id: '32102e3e-d12a-4209-9163-7b3a104efe5d', Question: 'Q2', Level: 2, 'Final answer': 17, file_name: 'sheet.xlsx' },
    ]),
  );
  assert.equal(gaia.format, 'gaia');
  assert.equal(gaia.tasks[1].answer, '17');
  assert.equal(gaia.tasks[1].attachment, join(dir, 'sheet.xlsx'));
  assert.equal(gaia.tasks[0].attachment, undefined);
  const bc = loadDataset(
    write(dir, 'bc.jsonl', [
      { problem: 'P', answer: 'A' },
      { problem: 'P2', answer: 'B', id: 'x7' },
    ]),
  );
  assert.equal(bc.format, 'browsecomp');
  assert.deepEqual(
    bc.tasks.map((t) => t.id),
    ['line-1', 'x7'],
  );
  const plain = loadDataset(write(dir, 'plain.jsonl', [{ id: 'p1', question: 'Q', answer: 'A', workspace: 'repo' }]));
  assert.equal(plain.format, 'plain');
  assert.equal(plain.tasks[0].workspace, join(dir, 'repo'));
  rmSync(dir, { recursive: true, force: true });
});

test('bad datasets are refused with the line and the reason', () => {
  const dir = tmpDir();
  const cases: [string, RegExp][] = [
    ['{"id":"a","question":"q","answer":"1"}\nnot json\n', /:2: not JSON/],
    ['[1,2]\n', /:1: not a JSON object/],
    ['{"input":"x","output":"y"}\n', /:1: unknown dataset format \(keys: input, output\)/],
    ['{"id":"a","question":"q","answer":"1"}\n{"id":"a","question":"q","answer":"2"}\n', /task id "a" appears twice/],
    ['{"id":"../x","question":"q","answer":"1"}\n', /task id "\.\.\/x" must be/],
    ['{"id":"a","question":"q"}\n', /unknown dataset format/],
    ['{"id":"a","question":"","answer":"1"}\n', /:1: "question" is missing/],
    ['{"task_id":"t","Question":"q","Final answer":"1","file_name":"missing.pdf"}\n', /file "missing\.pdf" not found/],
    ['{"task_id":"t","Question":"q","Final answer":"1","file_name":"../../etc/passwd"}\n', /outside the dataset's folder/],
    ['{"id":"a","question":"q","answer":"1","workspace":"nope"}\n', /folder "nope" not found/],
    ['\n\n', /no tasks/],
  ];
  for (const [text, why] of cases) {
    writeFileSync(join(dir, 'd.jsonl'), text);
    assert.throws(
      () => loadDataset(join(dir, 'd.jsonl')),
      (e: Error) => e instanceof DatasetError && why.test(e.message),
      text,
    );
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Lists the workspace, then tries to write a file, then answers with what it saw. */
function snoopingModel(req: RecordedRequest): Step {
  const msgs = (req.body as { messages: { role: string; content: string }[] }).messages;
  const tools = msgs.filter((m) => m.role === 'tool');
  if (tools.length === 0) return { toolCalls: [{ name: 'list_directory', arguments: '{"path":"."}' }] };
  if (tools.length === 1) return { toolCalls: [{ name: 'write_file', arguments: '{"path":"planted.txt","content":"x"}' }] };
  return { content: '\\boxed{seen}' };
}

test('each task works in its own folder: its attachment only, nothing from other tasks, no writes', async () => {
  const dir = tmpDir();
  writeFileSync(join(dir, 'a.txt'), 'A');
  writeFileSync(join(dir, 'b.txt'), 'B');
  mkdirSync(join(dir, 'repo'));
  writeFileSync(join(dir, 'repo', 'code.ts'), 'export {}');
  const gaia = write(dir, 'metadata.jsonl', [
    { task_id: 'ta', Question: 'Qa', 'Final answer': 'seen', file_name: 'a.txt' },
    { task_id: 'tb', Question: 'Qb', 'Final answer': 'seen', file_name: 'b.txt' },
  ]);
  const plain = write(dir, 'plain.jsonl', [{ id: 'pa', question: 'Q', answer: 'seen', workspace: 'repo' }]);
  const fake = await startFakeModel({ script: snoopingModel });
  try {
    const run = { model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'm' }), protocol: 'openai-tools' as const };
    const out = join(dir, 'out');
    const g = await runEvaluation({ dataset: loadDataset(gaia), out, caps: [5], samples: 1, concurrency: 2, run });
    for (const r of g.results) {
      const listing = readTrajectory(join(out, r.trajectory)).find((e) => e.type === 'tool_result' && e.name === 'list_directory');
      const content = listing && listing.type === 'tool_result' ? listing.content : '';
      const own = r.task_id === 'ta' ? 'a.txt' : 'b.txt';
      const other = r.task_id === 'ta' ? 'b.txt' : 'a.txt';
      assert.match(content, new RegExp(own.replace('.', '\\.')));
      assert.doesNotMatch(content, new RegExp(other.replace('.', '\\.')));
      assert.doesNotMatch(content, /metadata\.jsonl/);
      assert.equal(r.correct, true);
    }
    assert.equal(existsSync(join(out, 'workspaces', 'ta__b5__a1')), false, 'a fresh folder is removed when its run ends');
    const p = await runEvaluation({ dataset: loadDataset(plain), out: join(dir, 'out2'), caps: [5], samples: 1, concurrency: 1, run });
    const write_ = readTrajectory(join(dir, 'out2', p.results[0].trajectory)).find(
      (e) => e.type === 'tool_result' && e.name === 'write_file',
    );
    assert.ok(write_ && write_.type === 'tool_result' && /denied write_file/.test(write_.content), 'the write was denied');
    assert.equal(existsSync(join(dir, 'repo', 'planted.txt')), false, 'the shared folder is never written');
    assert.equal(readFileSync(join(dir, 'repo', 'code.ts'), 'utf8'), 'export {}');
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('judge: grader verdicts parsed strictly; both verdicts recorded', async () => {
  assert.equal(parseVerdict('extracted_final_answer: Paris\nreasoning: same city\ncorrect: yes'), true);
  assert.equal(parseVerdict('correct: **no**'), false);
  assert.equal(parseVerdict('correct: yes\n...on reflection\ncorrect: no'), false, 'the last verdict counts');
  assert.throws(() => parseVerdict('I think it is right'), /no "correct: yes\|no" line/);
  const dir = tmpDir();
  const file = write(dir, 'd.jsonl', [
    { id: 'free', question: 'Which tower?', answer: 'Eiffel Tower' },
    { id: 'exact', question: 'How many?', answer: '17' },
  ]);
  // One server plays both parts: the agent (boxes an answer) and the judge (asked without tools).
  const fake = await startFakeModel({
    script: (req) => {
      const body = req.body as { model: string; messages: { role: string; content: string }[] };
      if (body.model === 'judge') {
        const p = body.messages[0].content;
        return { content: `extracted_final_answer: x\nreasoning: r\ncorrect: ${p.includes('the Eiffel Tower in Paris') ? 'yes' : 'no'}` };
      }
      const q = body.messages.find((m) => m.role === 'user')!.content;
      return { content: q.startsWith('Which') ? '\\boxed{the Eiffel Tower in Paris}' : '\\boxed{17}' };
    },
  });
  try {
    const out = join(dir, 'out');
    const r = await runEvaluation({
      dataset: loadDataset(file),
      out,
      caps: [3],
      samples: 1,
      concurrency: 2,
      run: { model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'agent' }), protocol: 'openai-tools' },
      judge: createJudge(new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'judge' })),
    });
    const byId = Object.fromEntries(r.results.map((x) => [x.task_id, x]));
    assert.deepEqual([byId.free.correct, byId.free.judge_correct], [false, true]);
    assert.deepEqual([byId.exact.correct, byId.exact.judge_correct], [true, false]);
    assert.equal(r.meta.judge_model, 'judge');
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

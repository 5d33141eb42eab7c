/**
 * The sample evaluation set (eval/samples/picomatch.jsonl) asks about picomatch, pinned exactly in
 * devDependencies. Every gold answer is checked here against that code: the file exists and holds
 * the definition, the number is what the code computes. When picomatch moves, this fails first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadDataset } from '../../src/eval/datasets';
import { questionScorer } from '../../src/eval/scorer';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'eval', 'samples', 'picomatch.jsonl');

type Check =
  | { kind: 'value'; expr: string }
  | { kind: 'defines'; file: string; text: string }
  | { kind: 'lines'; file: string }
  | { kind: 'count'; file: string; regex: string };

test('picomatch is pinned exactly, and the sample set asks about that version', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const pinned = pkg.devDependencies.picomatch;
  assert.match(pinned, /^\d+\.\d+\.\d+$/, 'an exact version, not a range');
  const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'picomatch', 'package.json'), 'utf8')) as { version: string })
    .version;
  assert.equal(installed, pinned);
});

test('every gold answer of the sample set holds against the code', () => {
  const dataset = loadDataset(SAMPLE);
  assert.equal(dataset.format, 'plain');
  assert.ok(dataset.tasks.length >= 20, `${dataset.tasks.length} questions`);
  const rows = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; check: Check });
  for (const task of dataset.tasks) {
    const dir = task.workspace!;
    assert.ok(existsSync(join(dir, 'package.json')), `${task.id}: the workspace is the picomatch package`);
    const check = rows.find((r) => r.id === task.id)!.check;
    const read = (file: string) => {
      assert.ok(existsSync(join(dir, file)), `${task.id}: ${file} exists`);
      return readFileSync(join(dir, file), 'utf8');
    };
    switch (check.kind) {
      case 'value': {
        const req = createRequire(join(dir, 'index.js'));
        const picomatch = req('./index.js') as { constants: unknown };
        const pkg = req('./package.json') as unknown;
        const value = new Function('picomatch', 'constants', 'pkg', 'fs', 'path', 'dir', `return (${check.expr});`)(
          picomatch,
          picomatch.constants,
          pkg,
          fs,
          path,
          dir,
        ) as unknown;
        assert.equal(
          questionScorer(String(value), task.answer),
          true,
          `${task.id}: the code gives ${String(value)}, gold is ${task.answer}`,
        );
        break;
      }
      case 'defines': {
        const text = read(check.file);
        assert.ok(text.includes(check.text), `${task.id}: ${check.file} holds "${check.text}"`);
        const names = questionScorer(check.file, task.answer) || check.text.includes(task.answer);
        assert.ok(names, `${task.id}: the gold answer ${task.answer} is the file or appears in its definition`);
        break;
      }
      case 'lines': {
        const lines = read(check.file).split('\n').length - 1;
        assert.equal(questionScorer(String(lines), task.answer), true, `${task.id}: ${check.file} has ${lines} lines`);
        break;
      }
      case 'count': {
        const n = (read(check.file).match(new RegExp(check.regex, 'gm')) ?? []).length;
        assert.equal(questionScorer(String(n), task.answer), true, `${task.id}: ${n} matches of ${check.regex}`);
        break;
      }
    }
  }
});

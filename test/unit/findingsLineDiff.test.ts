/**
 * The in-process line diff (src/agent/findings/lineDiff.ts) the editor uses after one file changes: the
 * same hunks as `git diff -U0` on files of distinct lines (no ambiguous alignment), and always a diff that
 * undoes to the committed text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffLines } from '../../src/agent/findings/lineDiff';
import { formerLines, parseUnifiedDiff } from '../../src/agent/findings/gitDiff';
import type { Hunk } from '../../src/agent/findings/types';

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Distinct lines, then a few insertions, deletions and edits in random places. */
function edited(rand: () => number, n: number): { before: string[]; after: string[] } {
  const before = Array.from({ length: n }, (_, i) => `line ${i + 1} of the original`);
  const after = [...before];
  let fresh = 0;
  for (let e = Math.floor(rand() * 6); e >= 0; e--) {
    const at = Math.floor(rand() * (after.length + 1));
    const kind = rand();
    if (kind < 0.4) after.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `new line ${++fresh}`));
    else if (kind < 0.7) after.splice(at, 1 + Math.floor(rand() * 3));
    else if (at < after.length) after[at] = `edited line ${++fresh}`;
  }
  return { before, after };
}

function gitHunks(dir: string, before: string[], after: string[]): Hunk[] {
  const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
  writeFileSync(join(dir, 'a'), text(before));
  writeFileSync(join(dir, 'b'), text(after));
  let out = '';
  try {
    execFileSync('git', ['diff', '--no-index', '-U0', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', 'a', 'b'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1: the files differ
  }
  return [...parseUnifiedDiff(out).values()][0]?.hunks ?? [];
}

test('the same hunks as git diff -U0 on 60 random edits of files of distinct lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-linediff-'));
  try {
    const rand = random(19);
    for (let i = 0; i < 60; i++) {
      const { before, after } = edited(rand, 1 + Math.floor(rand() * 40));
      assert.deepEqual(diffLines(before, after), gitHunks(dir, before, after), `case ${i}:\n${before.join('|')}\n${after.join('|')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('undoing the hunks gives the committed lines back, repeated lines included; the edges', () => {
  const rand = random(7);
  for (let i = 0; i < 200; i++) {
    const pick = () => ['}', '', 'return x;', '{', 'a'][Math.floor(rand() * 5)];
    const before = Array.from({ length: Math.floor(rand() * 30) }, pick);
    const after = before.filter(() => rand() > 0.2).flatMap((l) => (rand() > 0.8 ? [l, pick()] : [l]));
    assert.deepEqual(formerLines(after, diffLines(before, after)!), before, `case ${i}`);
  }
  assert.deepEqual(diffLines(['a'], ['a']), []);
  assert.deepEqual(diffLines([], ['x', 'y']), [{ oldStart: 0, oldCount: 0, newStart: 1, newCount: 2, removed: [], added: ['x', 'y'] }]);
  assert.deepEqual(diffLines(['x', 'y'], []), [{ oldStart: 1, oldCount: 2, newStart: 0, newCount: 0, removed: ['x', 'y'], added: [] }]);
});

test('past the edit limit it gives up, and the caller asks git', () => {
  const before = Array.from({ length: 50 }, (_, i) => `old ${i}`);
  const after = Array.from({ length: 50 }, (_, i) => `new ${i}`);
  assert.equal(diffLines(before, after, 20), undefined);
  assert.ok(diffLines(before, after, 100));
});

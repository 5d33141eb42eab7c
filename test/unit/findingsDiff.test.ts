/** Reading `git diff -U0` (src/agent/findings/gitDiff.ts): quoted paths, deleted, new and binary files, and lines followed through hunks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRange, formerLines, parseUnifiedDiff } from '../../src/agent/findings/gitDiff';
import { formerText } from '../../src/agent/findings/former';
import { scanCitations } from '../../src/agent/findings/scan';

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -0,0 +1,2 @@',
  '+// new 1',
  '+// new 2',
  '@@ -4 +6 @@ function x() {',
  '-  old four;',
  '+  new four;',
  '@@ -7,2 +8,0 @@',
  '-  seven',
  '-  eight',
  '\\ No newline at end of file',
  'diff --git "a/docs/t\\tab \\"q\\".md" "b/docs/t\\tab \\"q\\".md"',
  'deleted file mode 100644',
  '--- "a/docs/t\\tab \\"q\\".md"',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  'diff --git a/caf\\303\\251.txt b/caf\\303\\251.txt',
  'new file mode 100644',
  '--- /dev/null',
  '+++ "b/caf\\303\\251.txt"',
  '@@ -0,0 +1 @@',
  '+hello',
  'diff --git a/img.png b/img.png',
  'Binary files a/img.png and b/img.png differ',
  '',
].join('\n');

test('files, hunks, quoted and octal-escaped paths, deleted, new and binary files', () => {
  const files = parseUnifiedDiff(DIFF);
  assert.deepEqual([...files.keys()], ['src/a.ts', 'docs/t\tab "q".md', 'café.txt', 'img.png']);
  const a = files.get('src/a.ts')!;
  assert.deepEqual(
    a.hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount, h.removed, h.added]),
    [
      [0, 0, 1, 2, [], ['// new 1', '// new 2']],
      [4, 1, 6, 1, ['  old four;'], ['  new four;']],
      [7, 2, 8, 0, ['  seven', '  eight'], []],
    ],
  );
  assert.deepEqual(
    [files.get('docs/t\tab "q".md')!.deleted, files.get('café.txt')!.created, files.get('img.png')!.binary],
    [true, true, true],
  );
});

test('lines are followed through insertions, edits and deletions', () => {
  const hunks = parseUnifiedDiff(DIFF).get('src/a.ts')!.hunks;
  const now = ['// new 1', '// new 2', 'one', 'two', 'three', '  new four;', 'five', 'six', 'nine'];
  assert.deepEqual(followRange(hunks, { start: 1, end: 3 }, now), { kind: 'same', range: { start: 3, end: 5 } });
  assert.deepEqual(followRange(hunks, { start: 5, end: 6 }, now), { kind: 'same', range: { start: 7, end: 8 } });
  assert.deepEqual(followRange(hunks, { start: 9, end: 9 }, now), { kind: 'same', range: { start: 9, end: 9 } });
  assert.deepEqual(followRange(hunks, { start: 3, end: 5 }, now), { kind: 'touched', was: ['three', '  old four;', 'five'], near: 6 });
  assert.deepEqual(followRange(hunks, { start: 8, end: 8 }, now), { kind: 'touched', was: ['  eight'], near: 9 });
  assert.deepEqual(formerLines(now, hunks), ['one', 'two', 'three', '  old four;', 'five', 'six', '  seven', '  eight', 'nine']);
});

test('lines put between two cited lines touch the range; lines put right after it do not', () => {
  const hunks = parseUnifiedDiff('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -2,0 +3 @@\n+inserted\n').get('x')!.hunks;
  const now = ['a', 'b', 'inserted', 'c'];
  assert.equal(followRange(hunks, { start: 1, end: 3 }, now).kind, 'touched');
  assert.deepEqual(followRange(hunks, { start: 1, end: 2 }, now), { kind: 'same', range: { start: 1, end: 2 } });
  assert.deepEqual(followRange(hunks, { start: 3, end: 3 }, now), { kind: 'same', range: { start: 4, end: 4 } });
});

test('the former text of a changed citation: the committed file (git), or the excerpt put back at the cited lines', () => {
  const hunks = parseUnifiedDiff(DIFF).get('src/a.ts')!.hunks;
  const now = '// new 1\r\n// new 2\r\none\r\ntwo\r\nthree\r\n  new four;\r\nfive\r\nsix\r\nnine\r\n';
  const base = { ref: 'src/a.ts', status: 'changed' as const, reason: '', citation: scanCitations('`src/a.ts:2-3`')[0] };
  assert.equal(
    formerText({ ...base, basis: 'git', former: { kind: 'diff', hunks } }, now),
    'one\r\ntwo\r\nthree\r\n  old four;\r\nfive\r\nsix\r\n  seven\r\n  eight\r\nnine\r\n',
  );
  assert.equal(
    formerText({ ...base, basis: 'excerpt', former: { kind: 'excerpt', lines: ['was two', 'was three'], at: 2 } }, 'a\nb\nc\nd'),
    'a\nwas two\nwas three\nd',
  );
  assert.equal(formerText({ ...base, basis: 'range' }, 'a\n'), undefined);
});

/**
 * Deciding current / moved / changed / missing (src/agent/findings) on real folders: through the git
 * history (a real repository, `git diff` since the document's last commit) and, without history,
 * through the Sources excerpts or only the file and line range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formerLines } from '../../src/agent/findings/gitDiff';
import { applyEdits, fixEdits } from '../../src/agent/findings/fix';
import type { FindingsPort } from '../../src/agent/findings/types';
import { FindingsChecker } from '../../src/agent/findings/checker';
import { withRepo, GREET, LIST, NOTES } from './helpers/findingsRepo';

const FILES = { 'src/greet.ts': GREET, 'src/list.txt': LIST, 'docs/notes.md': NOTES };
const CODE_GREET = '`src/greet.ts:2`';
const CODE_LIST = '`src/list.txt:1-2`';
const SRC_GREET = '[src/greet.ts:2](../src/greet.ts#L2)';
const SRC_LIST = '[src/list.txt:1-2](../src/list.txt#L1)';

test('git: nothing changed since the commit, every citation is current', async () => {
  await withRepo(FILES, { git: true }, async (r) => {
    r.commit();
    assert.deepEqual(await r.statuses('docs/notes.md'), [
      [CODE_GREET, 'current', ''],
      [CODE_LIST, 'current', ''],
      [SRC_GREET, 'current', ''],
      [SRC_LIST, 'current', ''],
    ]);
  });
});

test('git: lines added above the cited code move the citation; an untouched file stays current', async () => {
  await withRepo(FILES, { git: true }, async (r) => {
    r.commit();
    r.write('src/greet.ts', '// one\n// two\n// three\n' + GREET);
    assert.deepEqual(await r.statuses('docs/notes.md'), [
      [CODE_GREET, 'moved', '5-5'],
      [CODE_LIST, 'current', ''],
      [SRC_GREET, 'moved', '5-5'],
      [SRC_LIST, 'current', ''],
    ]);
  });
});

test('git: an edited cited line is changed, even with no excerpt; the former file is the committed one', async () => {
  await withRepo(FILES, { git: true }, async (r) => {
    r.commit();
    r.write('src/list.txt', LIST.replace('const two = 2;', 'const two = 22;'));
    const result = await r.checker().check({ path: 'docs/notes.md', text: r.read('docs/notes.md') });
    const list = result.checks.filter((c) => c.ref === 'src/list.txt');
    assert.deepEqual(
      list.map((c) => [c.citation.raw, c.status, c.basis]),
      [
        [CODE_LIST, 'changed', 'git'],
        [SRC_LIST, 'changed', 'git'],
      ],
    );
    const former = list[0].former;
    assert.equal(former?.kind, 'diff');
    if (former?.kind === 'diff')
      assert.equal(formerLines(r.read('src/list.txt').split('\n').slice(0, -1), former.hunks).join('\n') + '\n', LIST);
  });
});

test('git: a hand-written citation whose line was removed is changed; its neighbours shift', async () => {
  await withRepo({ 'src/list.txt': LIST, 'notes.md': 'See `src/list.txt:2` and `src/list.txt:4`.\n' }, { git: true }, async (r) => {
    r.commit();
    r.write('src/list.txt', LIST.replace('const two = 2;\n', ''));
    assert.deepEqual(await r.statuses('notes.md'), [
      ['`src/list.txt:2`', 'changed', '2-2'],
      ['`src/list.txt:4`', 'moved', '3-3'],
    ]);
  });
});

test('git: cited code cut and pasted elsewhere in the file is found there (moved); re-indenting keeps it current', async () => {
  const body = ['function a() {', '  return compute(alpha, beta);', '}', '', 'function b() {', '  return other(gamma);', '}', ''].join(
    '\n',
  );
  await withRepo({ 'src/m.ts': body, 'notes.md': 'The sum is `src/m.ts:2`, the other `src/m.ts:6`.\n' }, { git: true }, async (r) => {
    r.commit();
    const moved = ['function b() {', '    return other(gamma);', '}', '', 'function a() {', '  return compute(alpha, beta);', '}', ''].join(
      '\n',
    );
    r.write('src/m.ts', moved);
    assert.deepEqual(await r.statuses('notes.md'), [
      ['`src/m.ts:2`', 'moved', '6-6'],
      ['`src/m.ts:6`', 'moved', '2-2'],
    ]);
    r.write('src/m.ts', body.replace('  return compute', '      return compute'));
    assert.deepEqual(await r.statuses('notes.md'), [
      ['`src/m.ts:2`', 'current', ''],
      ['`src/m.ts:6`', 'current', ''],
    ]);
  });
});

test('git: a deleted file is missing; a folder-less name that never was a file is no citation', async () => {
  await withRepo({ ...FILES, 'docs/notes.md': NOTES + '\nNot a file: `example.com:443`.\n' }, { git: true }, async (r) => {
    r.commit();
    r.remove('src/greet.ts');
    assert.deepEqual(await r.statuses('docs/notes.md'), [
      [CODE_GREET, 'missing', ''],
      [CODE_LIST, 'current', ''],
      [SRC_GREET, 'missing', ''],
      [SRC_LIST, 'current', ''],
    ]);
  });
});

test('git: once fixed (the document edited, not committed) the citations are current, and move again with the code', async () => {
  await withRepo(FILES, { git: true }, async (r) => {
    r.commit();
    r.write('src/greet.ts', '// one\n// two\n// three\n' + GREET);
    const checker = r.checker();
    const before = await checker.check({ path: 'docs/notes.md', text: r.read('docs/notes.md') });
    r.write('docs/notes.md', applyEdits(r.read('docs/notes.md'), fixEdits(before.checks)));
    assert.deepEqual(await r.statuses('docs/notes.md'), [
      ['`src/greet.ts:5`', 'current', ''],
      [CODE_LIST, 'current', ''],
      ['[src/greet.ts:5](../src/greet.ts#L5)', 'current', ''],
      [SRC_LIST, 'current', ''],
    ]);
    r.write('src/greet.ts', '// zero\n' + r.read('src/greet.ts'));
    assert.deepEqual(
      (await r.statuses('docs/notes.md')).filter(([raw]) => raw.includes('greet')),
      [
        ['`src/greet.ts:5`', 'current', ''], // no excerpt, edited since the commit: only the range can be checked
        ['[src/greet.ts:5](../src/greet.ts#L5)', 'moved', '6-6'], // its excerpt finds it
      ],
    );
  });
});

test('git: fixing one of two citations into a file, one at a time, keeps each paired with what it cited', async () => {
  await withRepo({ 'src/list.txt': LIST, 'n.md': 'First `src/list.txt:2`, then `src/list.txt:5`.\n' }, { git: true }, async (r) => {
    r.commit();
    r.write('src/list.txt', '// a\n// b\n// c\n' + LIST);
    assert.deepEqual(await r.statuses('n.md'), [
      ['`src/list.txt:2`', 'moved', '5-5'],
      ['`src/list.txt:5`', 'moved', '8-8'],
    ]);
    r.write('n.md', 'First `src/list.txt:5`, then `src/list.txt:5`.\n'); // the first one's Quick Fix
    assert.deepEqual(await r.statuses('n.md'), [
      ['`src/list.txt:5`', 'current', ''],
      ['`src/list.txt:5`', 'moved', '8-8'],
    ]);
  });
});

test('git: a document never committed is checked by its excerpts', async () => {
  await withRepo({ 'src/greet.ts': GREET }, { git: true }, async (r) => {
    r.commit();
    r.write('docs/notes.md', NOTES);
    r.write('src/list.txt', LIST);
    r.write('src/greet.ts', '\n\n' + GREET);
    const result = await r.checker().check({ path: 'docs/notes.md', text: NOTES });
    assert.deepEqual(
      result.checks.map((c) => [c.citation.raw, c.status, c.basis]),
      [
        [CODE_GREET, 'current', 'range'],
        [CODE_LIST, 'current', 'range'],
        [SRC_GREET, 'moved', 'excerpt'],
        [SRC_LIST, 'current', 'excerpt'],
      ],
    );
    assert.equal(result.commit, undefined);
  });
});

test('excerpts: moved, changed, missing and current decided without git', async () => {
  await withRepo(FILES, { git: false }, async (r) => {
    assert.deepEqual(
      (await r.statuses('docs/notes.md')).map(([, s]) => s),
      ['current', 'current', 'current', 'current'],
    );
    r.write('src/greet.ts', '// one\n// two\n' + GREET);
    r.write('src/list.txt', LIST.replace('const two = 2;', 'const two = 22;'));
    assert.deepEqual(await r.statuses('docs/notes.md'), [
      [CODE_GREET, 'current', ''], // no excerpt: line 2 exists
      [CODE_LIST, 'current', ''],
      [SRC_GREET, 'moved', '4-4'],
      [SRC_LIST, 'changed', '1-2'],
    ]);
    r.remove('src/greet.ts');
    assert.deepEqual(
      (await r.statuses('docs/notes.md')).map(([raw, s]) => [raw, s]),
      [
        [CODE_GREET, 'missing'],
        [CODE_LIST, 'current'],
        [SRC_GREET, 'missing'],
        [SRC_LIST, 'changed'],
      ],
    );
  });
});

test('no excerpt, no history: only the file and the line range are checked', async () => {
  await withRepo(
    { 'src/list.txt': LIST, 'n.md': 'At `src/list.txt:5`, `src/list.txt:4-9` and [x](src/list.txt#L6).\n' },
    { git: false },
    async (r) => {
      assert.deepEqual(await r.statuses('n.md'), [
        ['`src/list.txt:5`', 'current', ''],
        ['`src/list.txt:4-9`', 'changed', ''],
        ['[x](src/list.txt#L6)', 'changed', ''],
      ]);
    },
  );
});

test('after some files change, a check given them reads only those, diffs them without git, and decides only their citations', async () => {
  await withRepo(FILES, { git: true }, async (r) => {
    r.commit();
    const reads: string[] = [];
    const diffs: string[][] = [];
    const port: FindingsPort = {
      readFile: (p) => (reads.push(p), r.port.readFile(p)),
      lastCommit: (d) => r.port.lastCommit(d),
      diffSince: (c, ps) => (diffs.push([...ps]), r.port.diffSince(c, ps)),
    };
    const checker = new FindingsChecker(port, { workspaceRoot: r.root });
    const doc = { path: 'docs/notes.md', text: r.read('docs/notes.md') };
    const first = await checker.check(doc);
    assert.deepEqual(new Set(reads), new Set(['src/greet.ts', 'src/list.txt']));
    reads.length = 0;
    diffs.length = 0;
    r.write('src/greet.ts', '\n' + GREET);
    const second = await checker.check(doc, ['src/greet.ts']);
    assert.deepEqual(reads, ['src/greet.ts']);
    assert.deepEqual(diffs, [], 'compared with its committed lines, known from the first diff: git is not asked again');
    assert.deepEqual(
      second.checks.map((c) => c.status),
      ['moved', 'current', 'moved', 'current'],
    );
    assert.equal(second.checks[1], first.checks[1], 'the list citations were not decided again');
    reads.length = 0;
    diffs.length = 0;
    const edited = await checker.check({ ...doc, text: doc.text + '\nAlso [three](../src/list.txt#L3).\n' }, []);
    assert.deepEqual([reads, diffs], [[], []], 'an edit of the document alone reads no file again');
    assert.deepEqual(
      edited.checks.map((c) => c.status),
      ['moved', 'current', 'moved', 'current', 'current'],
    );
  });
});

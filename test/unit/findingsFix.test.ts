/**
 * The --fix edits (src/agent/findings/fix.ts): moved citations get their lines now in the label, the
 * #L anchor and the Sources entry; changed and missing ones are left as written; every other byte of
 * the document is the same, in LF and CRLF documents, fenced code and look-alike prose included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, fixEdits } from '../../src/agent/findings/fix';
import { withRepo, GREET, LIST } from './helpers/findingsRepo';

/** The document with the greeting cited at line `n` (everywhere a citation says so; the fenced copy and prose keep "2"). */
function document(n: number, eol = '\n'): string {
  return [
    '# Design note',
    '',
    `The greeting is built in \`src/greet.ts:${n}\` (see [the source](../src/greet.ts#L${n}-L${n + 1})).`,
    'In prose src/greet.ts:2 is not a citation, and neither is 10:30.',
    'The list changed at `src/list.txt:2`, and `src/gone.ts:4` was deleted.',
    '',
    '```md',
    'A fenced example: `src/greet.ts:2` and [x](../src/greet.ts#L2) stay as they are.',
    '```',
    '',
    '**Sources**',
    '',
    `- [src/greet.ts:${n}-${n + 1}](../src/greet.ts#L${n}) — *verified*: lines 2-3 shown by read_file 1-3`,
    '  ```',
    '    return `Hello, ${name}!`;',
    '  }',
    '  ```',
    '- [src/list.txt:2](../src/list.txt#L2) — *verified*: line 2 shown by read_file 1-5',
    '  ```',
    '  const two = 2;',
    '  ```',
    '',
    'Trailing text, unicode “quotes” — and no newline at the end',
  ].join(eol);
}

for (const [name, eol] of [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const) {
  test(`--fix rewrites only the moved citations' numbers; the rest is byte-identical (${name})`, async () => {
    await withRepo(
      { 'src/greet.ts': GREET, 'src/list.txt': LIST, 'src/gone.ts': 'a\nb\nc\nd\n', 'docs/design.md': document(2, eol) },
      { git: true },
      async (r) => {
        r.commit();
        r.write('src/greet.ts', '// a\n// b\n// c\n' + GREET);
        r.write('src/list.txt', LIST.replace('const two = 2;', 'const two = 2.5;'));
        r.remove('src/gone.ts');
        const original = r.read('docs/design.md');
        const result = await r.checker().check({ path: 'docs/design.md', text: original });
        assert.deepEqual(
          result.checks.map((c) => [c.ref, c.status]),
          [
            ['src/greet.ts', 'moved'],
            ['src/greet.ts', 'moved'],
            ['src/list.txt', 'changed'],
            ['src/gone.ts', 'missing'],
            ['src/greet.ts', 'moved'],
            ['src/list.txt', 'changed'],
          ],
        );
        const fixed = applyEdits(original, fixEdits(result.checks));
        assert.equal(fixed, document(5, eol));
        assert.ok(Buffer.from(fixed).equals(Buffer.from(document(5, eol))), 'byte for byte');
        r.write('docs/design.md', fixed);
        const again = await r.checker().check({ path: 'docs/design.md', text: fixed });
        assert.deepEqual(fixEdits(again.checks), [], 'nothing left to fix');
        assert.deepEqual(
          again.checks.map((c) => c.status),
          ['current', 'current', 'changed', 'missing', 'current', 'changed'],
        );
      },
    );
  });
}

test('applyEdits refuses overlapping edits instead of corrupting the text', () => {
  assert.throws(
    () =>
      applyEdits('abcdef', [
        { start: 1, end: 3, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    /overlapping/,
  );
  assert.equal(applyEdits('a:2 b:9', [{ start: 2, end: 3, text: '15' }]), 'a:15 b:9');
});

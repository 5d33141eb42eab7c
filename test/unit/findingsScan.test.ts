/**
 * Finding citations in Markdown (src/agent/findings/scan.ts): each form the issue names, the Sources
 * entries Insert Findings writes (their excerpt read as evidence), and the look-alikes that are not
 * citations: prose, fenced code, HTML comments, URLs with ports, images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanCitations } from '../../src/agent/findings/scan';
import { formatGroundedFindings } from '../../src/report/findingsFormat';
import type { DocCitation } from '../../src/agent/findings/types';
import type { CheckedCitation } from '../../src/agent/citations/types';

function brief(cs: DocCitation[]): Array<[string, string, string, number]> {
  return cs.map((c) => [c.form, c.paths[0], c.lines ? `${c.lines.start}-${c.lines.end}` : '', c.line]);
}

test('inline code path:line and path:line-line, with or without a folder, are citations', () => {
  const doc = 'See `src/config.ts:2`, `src/a.ts:10-12`, `a.ts:3–4` and `lib/x.js#L7-L9`.\n';
  assert.deepEqual(brief(scanCitations(doc)), [
    ['code', 'src/config.ts', '2-2', 1],
    ['code', 'src/a.ts', '10-12', 1],
    ['code', 'a.ts', '3-4', 1],
    ['code', 'lib/x.js', '7-9', 1],
  ]);
  assert.equal(scanCitations(doc)[2].weak, true, 'a folder-less name counts only when the file exists');
});

test('links with #Ln and #Ln-Lm anchors are citations, relative to the document; other links are not', () => {
  const doc = [
    '[greet](../src/greet.ts#L2) and [range](../src/greet.ts#L2-L3) and [short](../src/greet.ts#L4-6).',
    '[no anchor](../src/greet.ts), [heading](#usage), [web](https://example.com/a.ts#L3), ![pic](../media/a.png#L1).',
    '[root](/src/root.ts#L5)',
  ].join('\n');
  assert.deepEqual(brief(scanCitations(doc, { document: 'docs/notes.md' })), [
    ['link', 'src/greet.ts', '2-2', 1],
    ['link', 'src/greet.ts', '2-3', 1],
    ['link', 'src/greet.ts', '4-6', 1],
    ['link', 'src/root.ts', '5-5', 3],
  ]);
});

test('prose is not confused with citations', () => {
  const doc = [
    'The file src/config.ts:2 is named in prose, the meeting is at 10:30, the ratio 3:2.',
    'Inline code that is not a citation: `localhost:8080`, `ratio 3:2`, `v1.2:3`, `std::vector`, `http://host:80/x`, `a:1`.',
    'A path without a line: `src/config.ts`. Escaped: \\`src/e.ts:1`, not code.',
    '<!-- `src/hidden.ts:3` in a comment -->',
  ].join('\n');
  assert.deepEqual(brief(scanCitations(doc)), []);
});

test('citations inside fenced code blocks are left alone (backticks and tildes, unclosed fences too)', () => {
  const doc = [
    'Before `src/a.ts:1`.',
    '```ts',
    'const s = `src/in.ts:4`; // [x](src/in.ts#L4)',
    '```',
    '~~~~',
    '`src/tilde.ts:2`',
    '```',
    '`src/still-in-tilde.ts:2`',
    '~~~~',
    'After `src/b.ts:2`.',
    '```',
    '`src/unclosed.ts:9`',
  ].join('\n');
  assert.deepEqual(brief(scanCitations(doc)), [
    ['code', 'src/a.ts', '1-1', 1],
    ['code', 'src/b.ts', '2-2', 10],
  ]);
});

test('the Sources entries Insert Findings writes are found with their excerpt; lines from the label, numbers from label and anchor', () => {
  const cited: CheckedCitation[] = [
    {
      kind: 'file',
      ref: 'src/greet.ts',
      raw: 'src/greet.ts:2-3',
      index: 0,
      lines: '2-3',
      status: 'verified',
      reason: 'quote found at line 2, which was shown',
      snippet: '  return `Hello, ${name}!`;\n}',
      snippetLine: 2,
    },
    { kind: 'file', ref: 'lib/cli.js', raw: 'lib/cli.js', index: 0, status: 'missing', reason: 'no such file in the workspace' },
    {
      kind: 'url',
      ref: 'https://example.com/x',
      raw: 'https://example.com/x',
      index: 0,
      status: 'observed',
      reason: 'fetched in this run',
    },
  ];
  const findings = formatGroundedFindings(
    'Q?',
    'The answer.',
    { cited, consulted: [{ kind: 'file', ref: 'README.md' }] },
    { fromDir: 'docs' },
  );
  const found = scanCitations(findings, { document: 'docs/notes.md' });
  assert.deepEqual(brief(found), [
    ['source', 'src/greet.ts', '2-3', 5],
    ['source', 'lib/cli.js', '', 10],
  ]);
  assert.deepEqual(found[0].excerpt, ['  return `Hello, ${name}!`;', '}']);
  assert.deepEqual(
    found[0].numbers.map((n) => [findings.slice(n.start, n.end), n.role]),
    [
      ['2', 'start'],
      ['3', 'end'],
      ['2', 'start'],
    ],
  );
  assert.equal(findings.slice(found[0].start, found[0].end), '[src/greet.ts:2-3](../src/greet.ts#L2)');
});

test('a Sources label with Markdown escapes still names its file', () => {
  const doc = '- [src/my\\_file.ts:4](src/my_file.ts#L4) — *verified*: lines 4 shown by read_file\n';
  const [c] = scanCitations(doc, { document: 'notes.md' });
  assert.deepEqual([c.form, c.paths, c.lines], ['source', ['src/my_file.ts'], { start: 4, end: 4 }]);
  assert.equal(c.numbers.length, 2);
});

test('CRLF documents: the same citations, lines and offsets as LF, and excerpts without carriage returns', () => {
  const lf = [
    'Cited `src/a.ts:3`.',
    '',
    '- [src/a.ts:3](src/a.ts#L3) — *verified*: quote found at line 3, which was shown',
    '  ```',
    '  const three = 3;',
    '  ```',
    '```',
    '`src/fenced.ts:1`',
    '```',
    'Last [x](src/b.ts#L1-L2)',
  ].join('\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = scanCitations(lf, { document: 'n.md' });
  const b = scanCitations(crlf, { document: 'n.md' });
  assert.deepEqual(brief(b), brief(a));
  assert.deepEqual(b[1].excerpt, ['const three = 3;']);
  for (const c of b) for (const n of c.numbers) assert.match(crlf.slice(n.start, n.end), /^\d+$/);
  assert.equal(crlf.slice(b[2].start, b[2].end), '[x](src/b.ts#L1-L2)');
});

test('a link whose label is inline code is one citation, not two; a link label in code is not a link', () => {
  const doc = '[`src/a.ts:5`](src/a.ts#L5) and `[x](src/b.ts#L1)`\n';
  const found = scanCitations(doc);
  assert.deepEqual(brief(found), [['link', 'src/a.ts', '5-5', 1]]);
  assert.equal(found[0].numbers.length, 2);
});

test('paths that climb out of the workspace are not workspace citations', () => {
  assert.deepEqual(brief(scanCitations('`../../etc/passwd:1` and [x](../../../out.ts#L2)', { document: 'docs/n.md' })), []);
  const root = '/home/me/ws';
  assert.deepEqual(brief(scanCitations('`/home/me/ws/src/a.ts:3` and `/etc/hosts.txt:1`', { workspaceRoot: root })), [
    ['code', 'src/a.ts', '3-3', 1],
  ]);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { extractCitations } from '../../src/agent/citations/extract';
import { checkAnswer } from '../../src/agent/citations/review';
import { citationsJson } from '../../src/agent/citations/report';
import type { CheckedCitation } from '../../src/agent/citations/types';
import { citationFiles } from '../../src/tools/citationFiles';
import { recordRun, type CitationRun } from '../helpers/citationRun';

let run: CitationRun;
before(async () => {
  run = await recordRun();
});
after(() => run.close());

async function check(answer: string): Promise<CheckedCitation[]> {
  return checkAnswer(answer, run.events, citationFiles(run.workspace), run.root);
}
async function one(answer: string): Promise<CheckedCitation> {
  const all = await check(answer);
  assert.equal(all.length, 1, `one citation in ${JSON.stringify(answer)}: ${JSON.stringify(all)}`);
  return all[0];
}

test('the recorded run really used the tools', () => {
  const results = run.events.filter((e) => e.type === 'tool_result');
  assert.deepEqual(
    results.map((e) => [e.name, e.isError]),
    [
      ['read_file', false],
      ['search_text', false],
      ['fetch_url', false],
      ['fetch_url', true],
      ['web_search', false],
      ['read_file', false],
    ],
  );
});

test('file lines shown by read_file are verified; by search_text too', async () => {
  const a = await one('It starts at src/long.ts:3.');
  assert.equal(a.status, 'verified');
  assert.equal(a.ref, 'src/long.ts');
  assert.equal(a.lines, '3');
  assert.match(a.reason, /shown by read_file 1-10/);
  assert.equal(a.snippet, 'const line3 = 3;');
  assert.equal(a.snippetLine, 3);
  const b = await one('The needle is at src/long.ts:25.');
  assert.equal(b.status, 'verified');
  assert.match(b.reason, /search_text line 25/);
});

test('lines never shown are not_observed, with what was seen', async () => {
  const a = await one('See src/long.ts:20.');
  assert.equal(a.status, 'not_observed');
  assert.match(a.reason, /^line 20 was never shown in this run \(saw lines 1-10, 25\)$/);
  const b = await one('See src/long.ts:9-12.');
  assert.equal(b.status, 'not_observed');
  assert.match(b.reason, /^lines 11-12 were never shown/);
});

test('a file never opened is not_observed; a bare path that was opened is observed', async () => {
  const a = await one('The flag lives in src/unread.ts.');
  assert.deepEqual([a.status, a.reason], ['not_observed', 'never opened in this run']);
  const b = await one('Start with README.md.');
  assert.equal(b.status, 'observed');
  assert.match(b.reason, /opened in this run \(saw lines 1-3\)/);
});

test('no such file, lines past the end, outside the workspace: missing', async () => {
  const a = await one('The CLI entry is lib/cli.js:1.');
  assert.deepEqual([a.status, a.reason], ['missing', 'no such file in the workspace']);
  const b = await one('See src/long.ts:99.');
  assert.deepEqual([b.status, b.reason], ['missing', 'line 99 is past the end of the file (30 lines)']);
  const c = await one('See src/long.ts:28-40.');
  assert.deepEqual([c.status, c.reason], ['missing', 'lines 28-40 go past the end of the file (30 lines)']);
  const d = await one('See ../secret.ts for more.');
  assert.equal(d.status, 'missing');
  assert.match(d.reason, /not inside the workspace/);
  const e = await one('And /etc/passwd:1.');
  assert.equal(e.status, 'missing');
});

test('./ prefixes, Windows separators, #L anchors, Markdown links and absolute paths under the root all resolve', async () => {
  const forms = [
    './src/long.ts:3',
    '.\\src\\long.ts:3',
    'src\\long.ts#L3',
    '[the third line](src/long.ts#L3)',
    '[the third line](./src/long.ts:3)',
    `${run.root}/src/long.ts:3`,
  ];
  for (const form of forms) {
    const c = await one(`Look at ${form} please.`);
    assert.deepEqual([c.ref, c.lines, c.status], ['src/long.ts', '3', 'verified'], form);
  }
  const range = await one('Lines src/long.ts#L2-L4 define it.');
  assert.deepEqual([range.lines, range.status], ['2-4', 'verified']);
});

test('quotes: whitespace changes still match at or near the lines; elsewhere observed; absent missing', async () => {
  const a = await one('It says "const   line3\t=  3;" (src/long.ts:3).');
  assert.deepEqual([a.status, a.quote], ['verified', 'const   line3\t=  3;']);
  const near = await one('`const line5 = 5` is at src/long.ts:3.');
  assert.equal(near.status, 'verified', 'within three lines of the cited one');
  const far = await one('"const line9 = 9" is at src/long.ts:2.');
  assert.deepEqual([far.status, far.reason], ['observed', 'the quoted text is at line 9, not at the cited lines']);
  const absent = await one('It says "retry(5)" at src/long.ts:3.');
  assert.deepEqual([absent.status, absent.reason], ['missing', 'the quoted text is not in src/long.ts']);
  const code = await one('It calls `retry()` at src/long.ts:3.');
  assert.deepEqual([code.status, code.quote], ['verified', undefined], 'inline code that does not match is not held against the citation');
  const block = await one('In src/long.ts:2-3:\n```ts\n   2| const line2 = 2;\nconst   line3 = 3;\n```\n');
  assert.equal(block.status, 'verified', 'a fenced block after the line is its quote; read_file gutters are ignored');
  const bare = await one('README.md says "# Demo".');
  assert.equal(bare.status, 'verified');
});

test('URLs: fetched after a redirect (either address), failed, only a search result, never seen', async () => {
  const page = `${run.server.url}/page`;
  const a = await one(`Retries are capped (${page}).`);
  assert.equal(a.status, 'observed');
  assert.match(a.reason, /after redirects from .*\/old/);
  const b = await one(`"at most five times, waiting twice as long" per ${run.server.url}/old`);
  assert.deepEqual([b.status, b.reason], ['verified', 'quote found in the fetched text']);
  const c = await one(`"at most ten times" per ${page}`);
  assert.equal(c.status, 'not_observed');
  const d = await one(`Gone: ${run.server.url}/missing.`);
  assert.equal(d.status, 'missing');
  assert.match(d.reason, /^fetching it failed: fetch_url: .*404/);
  const e = await one('See https://docs.example.org/retry for more.');
  assert.deepEqual([e.status, e.reason], ['not_observed', 'seen only as a web_search result (for "retry policy"), never fetched']);
  const f = await one('See https://nowhere.example.com/x.');
  assert.deepEqual([f.status, f.reason], ['not_observed', 'never fetched in this run']);
});

test('prose that only looks like a file name is not a citation', async () => {
  assert.deepEqual(await check('Node.js 20, e.g. version 1.5, a 3:1 ratio, and/or input/output.'), []);
});

test('extraction: every form, quotes attached to the nearest citation on their line, code blocks skipped', () => {
  const found = extractCitations(
    [
      'See `src/a.ts:3`; the docs say "some text" at docs/b.md#L4-L6.',
      '[link](src/c.ts) and [site](https://example.org/a_(b)) and https://x.org/p.',
      '```js',
      "import x from './not/a/citation.js';",
      '```',
    ].join('\n'),
  );
  assert.deepEqual(
    found.map((c) => [c.kind, c.ref, c.lines, c.quotes]),
    [
      ['file', 'src/a.ts', { start: 3, end: 3 }, []],
      ['file', 'docs/b.md', { start: 4, end: 6 }, ['some text']],
      ['file', 'src/c.ts', undefined, []],
      ['url', 'https://example.org/a_(b)', undefined, []],
      ['url', 'https://x.org/p', undefined, []],
    ],
  );
});

test('the JSON form keeps one entry per claim', async () => {
  const all = await check('src/long.ts:3 and again src/long.ts:3, then lib/cli.js.');
  assert.deepEqual(citationsJson(all), [
    { kind: 'file', ref: 'src/long.ts', lines: '3', status: 'verified', reason: 'line 3 shown by read_file 1-10' },
    { kind: 'file', ref: 'lib/cli.js', status: 'missing', reason: 'no such file in the workspace' },
  ]);
});

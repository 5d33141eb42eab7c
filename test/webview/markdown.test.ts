// The pure parts of the panel's rendering in Node: Markdown tree, link finding, the line diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlines, parseMarkdown, type Block, type Inline } from '../../webview/markdown';
import { safeHttpUrl, tokenizeLinks } from '../../webview/linkify';
import { lineDiff } from '../../webview/diff';
import { clip } from '../../webview/format';

function links(nodes: Inline[] | Block[]): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if ((n as { t?: string }).t === 'link') out.push((n as { href: string }).href);
    for (const v of Object.values(n)) if (Array.isArray(v)) v.forEach(walk);
  };
  nodes.forEach(walk);
  return out;
}

test('block structure: headings, lists with nesting, fenced code, quotes, tables, rules', () => {
  const md = [
    '# Title',
    '',
    'Para with **bold**, *em*, ~~gone~~ and `code`.',
    '',
    '- one',
    '- two',
    '  - nested',
    '1. first',
    '2. second',
    '',
    '```ts',
    'const a = "<b>";',
    '```',
    '> quoted',
    '',
    '| a | b |',
    '|---|--:|',
    '| 1 | 2 |',
    '',
    '---',
  ].join('\n');
  const b = parseMarkdown(md);
  assert.deepEqual(
    b.map((x) => x.t),
    ['heading', 'para', 'list', 'list', 'code', 'quote', 'table', 'hr'],
  );
  const para = b[1] as Extract<Block, { t: 'para' }>;
  assert.deepEqual(
    para.c.map((n) => n.t),
    ['text', 'strong', 'text', 'em', 'text', 'del', 'text', 'code', 'text'],
  );
  const ul = b[2] as Extract<Block, { t: 'list' }>;
  assert.equal(ul.items.length, 2);
  assert.equal(ul.items[1].at(-1)!.t, 'list', 'the nested list belongs to the second item');
  assert.equal((b[3] as Extract<Block, { t: 'list' }>).ordered, true);
  assert.equal((b[4] as Extract<Block, { t: 'code' }>).s, 'const a = "<b>";');
  assert.deepEqual((b[6] as Extract<Block, { t: 'table' }>).align, ['', 'right']);
});

test('links keep an href only for http(s); everything else stays literal text', () => {
  assert.deepEqual(links(inlines('[ok](https://example.org/a) <http://x.org> bare https://y.org/p.')), [
    'https://example.org/a',
    'http://x.org/',
    'https://y.org/p',
  ]);
  for (const bad of [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html,<script>)',
    '[x](vbscript:msgbox)',
    '[x](jav&#x09;ascript:alert(1))',
    '[x](//evil.org)',
    '<javascript:alert(1)>',
    '![i](javascript:alert(1))',
  ]) {
    const n = inlines(bad);
    assert.deepEqual(links(n), [], bad);
    assert.equal(n.map((x) => (x.t === 'text' ? x.s : '')).join(''), bad, `${bad} is shown as written`);
  }
  assert.equal(safeHttpUrl('java\tscript:alert(1)'), undefined);
  assert.equal(safeHttpUrl('https://ok.org/x y'), undefined);
  assert.equal(safeHttpUrl('HTTPS://Example.org'), 'https://example.org/');
  // No link inside a link.
  const nested = inlines('[see https://a.org](https://b.org)');
  assert.deepEqual(links(nested), ['https://b.org/']);
});

test('raw HTML is text, snake_case is not emphasis, hostile nesting stays bounded', () => {
  const n = inlines('<img src=x onerror=alert(1)> and some_snake_case_name');
  assert.deepEqual(n, [{ t: 'text', s: '<img src=x onerror=alert(1)> and some_snake_case_name' }]);
  const deep = parseMarkdown('>'.repeat(5000) + ' x\n' + '- '.repeat(3000) + 'y');
  assert.ok(deep.length >= 1);
  const t0 = Date.now();
  parseMarkdown('*a '.repeat(30_000) + '[['.repeat(10_000) + '`x'.repeat(5_000));
  assert.ok(Date.now() - t0 < 5000, 'pathological input parses in bounded time');
});

test('file references and URLs in plain text', () => {
  const toks = tokenizeLinks(
    'see src/a.ts:12, ./lib/x.test.ts:3-9 and README.md:4 or /abs/p.py (https://ex.org/a_(b)). Node.js e.g. v1.2.3 www.x.com/a.html',
  );
  const found = toks.filter((t) => t.kind !== 'text');
  assert.deepEqual(found, [
    { kind: 'file', text: 'src/a.ts:12', path: 'src/a.ts', line: 12 },
    { kind: 'file', text: './lib/x.test.ts:3-9', path: './lib/x.test.ts', line: 3 },
    { kind: 'file', text: 'README.md:4', path: 'README.md', line: 4 },
    { kind: 'file', text: '/abs/p.py', path: '/abs/p.py', line: undefined },
    { kind: 'url', text: 'https://ex.org/a_(b)', url: 'https://ex.org/a_(b)' },
  ]);
  assert.equal(
    toks.map((t) => t.text).join(''),
    'see src/a.ts:12, ./lib/x.test.ts:3-9 and README.md:4 or /abs/p.py (https://ex.org/a_(b)). Node.js e.g. v1.2.3 www.x.com/a.html',
  );
  assert.deepEqual(
    tokenizeLinks('https://example.org/x/src/a.ts:3').map((t) => t.kind),
    ['url'],
  );
});

test('line diff: LCS hunks with context, new files, big files capped', () => {
  const before = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
  const after = before.replace('line 10', 'line ten').replace('line 30\n', '');
  const d = lineDiff(before, after);
  assert.equal(d.added, 1);
  assert.equal(d.removed, 2);
  assert.deepEqual(
    d.lines.filter((l) => l.kind !== 'ctx' && l.kind !== 'skip').map((l) => `${l.kind} ${l.text}`),
    ['del line 10', 'add line ten', 'del line 30'],
  );
  assert.equal(d.lines[0].kind, 'skip');
  const created = lineDiff(undefined, 'a\nb\n');
  assert.deepEqual(
    created.lines.map((l) => l.kind),
    ['add', 'add'],
  );
  const huge = lineDiff(
    Array.from({ length: 5000 }, (_, i) => `a${i}`).join('\n'),
    Array.from({ length: 5000 }, (_, i) => `b${i}`).join('\n'),
    { maxLines: 100 },
  );
  assert.equal(huge.approximate, true);
  assert.equal(huge.lines.length, 100);
  assert.equal(huge.truncated, 9900);
});

test('clip: long text collapses to its first lines or characters', () => {
  assert.equal(clip('a\nb', 12, 100), undefined);
  assert.equal(clip('x'.repeat(200), 12, 100), 'x'.repeat(100));
  assert.equal(clip(Array.from({ length: 20 }, (_, i) => String(i)).join('\n'), 3, 1000), '0\n1\n2');
});

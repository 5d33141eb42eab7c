/**
 * The builtin search engine against ripgrep, over files that tell them apart: NUL bytes before and
 * after rg's first read and near the ends of its later reads, a line longer than rg's buffer, byte
 * order marks (UTF-8 and UTF-16), CRLF lines under a regex, invalid UTF-8, long lines, a last line
 * without "\n". Each file sits at the root (rg is handed it by name when the tree is cut) and in a
 * folder (rg walks to it). The builtin engine must give what rg gives, the rg on PATH and the one
 * bundled with the CLI, split across processes or not. Also: the regex prefilter never loses a
 * match, the worker threads give what one thread gives, and a worker that cannot start is replaced.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IgnoreRules } from '../../src/node/gitignore';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep } from '../../src/node/ripgrep';
import { searchBuiltin } from '../../src/node/builtinSearch';
import { requiredLiteral } from '../../src/node/search/matcher';
import { InlineRunner, WorkerPool, scanWorkerEntry, type PieceRunner } from '../../src/node/search/scanPool';
import { bundledRipgrep } from '../../src/node/searchEngine';
import type { SearchOptions } from '../../src/tools/workspace/port';

const RG = findRipgrep();
const BUNDLED = bundledRipgrep();

/** Lines of `width` bytes ("hit 0001 ..." padded), with a NUL written over byte `nul`. */
function linesWithNul(nul: number, size: number, width = 100): Buffer {
  const lines: string[] = [];
  for (let i = 0; lines.length * width < size; i++) lines.push(`hit ${String(i).padStart(5, '0')} `.padEnd(width - 1, '.'));
  const buf = Buffer.from(lines.join('\n') + '\n');
  buf[nul] = 0;
  return buf;
}

const FILES: Record<string, string | Buffer> = {
  'nul-early.bin': 'hit early\n\0binary\nhit past\n',
  // rg's first read is 64 KiB: a NUL in it makes the file binary. It searches the 655 whole lines of
  // 100 bytes it read (65,500 bytes) and reads 64 KiB more behind them, up to 131,036; a NUL there
  // drops that read's lines.
  'nul-65535.txt': linesWithNul(65_535, 140_000),
  'nul-65536.txt': linesWithNul(65_536, 140_000),
  'nul-131035.txt': linesWithNul(131_035, 200_000),
  'nul-131036.txt': linesWithNul(131_036, 200_000),
  'nul-200000.txt': linesWithNul(200_000, 300_000),
  'bom.txt': '\ufeffhit after the mark\nhit two\n',
  'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hit sixteen\nmiss\nhit é again\n', 'utf16le')]),
  'crlf.txt': 'hit one\r\nmiss\r\nhit two\r\n',
  'invalid.txt': Buffer.concat([Buffer.from('ok\nhit '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' bad bytes\n')]),
  'long.txt': 'x'.repeat(500) + 'hit' + 'y'.repeat(500) + '\n' + 'hit é'.repeat(400) + '\n',
  'no-eol.txt': 'first\nlast hit',
  'empty.txt': '',
};

async function write(root: string, rel: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

const QUERIES: Array<[string, Partial<SearchOptions>]> = [
  ['hit', {}],
  ['hit', { maxResults: 3 }],
  ['hit', { maxResults: 1500 }],
  ['hit', { include: 'sub/**' }],
  ['hit two$', { regex: true }], // "\r" stays part of the line, as in rg
  ['hit two.$', { regex: true }],
  ['é', {}],
  ['é again$', { regex: true }],
  ['bad bytes', {}],
  ['after the mark', {}],
  ['^hit 0065[0-9] ', { regex: true }],
];

describe('the builtin engine gives what ripgrep gives', { skip: RG ? false : 'rg is not installed' }, () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rc-builtin-'));
    for (const [name, content] of Object.entries(FILES)) {
      await write(root, name, content);
      await write(root, `sub/deeper/${name}`, content);
    }
  });
  after(() => rm(root, { recursive: true, force: true }));

  const engines = () => [
    ...[1, 3].map((processes) => ({
      label: `rg on PATH, ${processes} processes`,
      ws: new NodeWorkspace(root, { ripgrep: RG, searchProcesses: processes }),
    })),
    ...(BUNDLED ? [{ label: 'bundled rg', ws: new NodeWorkspace(root, { ripgrep: BUNDLED, searchProcesses: 2 }) }] : []),
  ];

  it('over NUL bytes, byte order marks, CRLF, invalid UTF-8 and long lines', async () => {
    const builtin = new NodeWorkspace(root, { ripgrep: false });
    for (const [query, options] of QUERIES) {
      const full = { regex: false, maxResults: 500, ...options };
      const mine = await builtin.search(query, full);
      assert.equal(mine.engine, 'builtin');
      for (const { label, ws } of engines()) {
        const theirs = await ws.search(query, full);
        assert.deepEqual({ ...mine, engine: '' }, { ...theirs, engine: '' }, `${query} ${JSON.stringify(options)}: ${label}`);
      }
    }
  });

  it('skips a file with a NUL in its first 64 KiB and keeps the reads before a later one', async () => {
    const ws = new NodeWorkspace(root, { ripgrep: false });
    const lines = async (include: string) => (await ws.search('hit', { regex: false, maxResults: 500, include })).matches;
    const count = async (include: string) => (await ws.search('hit', { regex: false, maxResults: 5000, include })).matches.length;
    assert.equal(await count('sub/**/nul-early.bin'), 0);
    assert.equal(await count('sub/**/nul-65535.txt'), 0);
    assert.equal(await count('sub/**/nul-65536.txt'), 655, 'the lines of the first read');
    assert.equal(await count('sub/**/nul-131035.txt'), 655, 'a NUL in the second read drops its lines');
    assert.equal(await count('sub/**/nul-131036.txt'), 1310, 'a NUL in the third read');
    assert.deepEqual(
      (await lines('utf16.txt')).map((m) => `${m.path}:${m.line}: ${m.text}`),
      [
        'sub/deeper/utf16.txt:1: hit sixteen',
        'sub/deeper/utf16.txt:3: hit é again',
        'utf16.txt:1: hit sixteen',
        'utf16.txt:3: hit é again',
      ],
    );
    assert.deepEqual(
      (await lines('crlf.txt')).map((m) => m.text),
      ['hit one', 'hit two', 'hit one', 'hit two'],
    );
  });
});

describe('a line longer than rg’s buffer before a NUL', { skip: RG ? false : 'rg is not installed' }, () => {
  // rg triples its buffer for a line that does not fit; checked against a fresh rg over a folder
  // holding only this file (rg keeps a grown buffer for the next files a thread reads).
  for (const [long, nul] of [
    [100_000, 150_000],
    [100_000, 250_000],
    [300_000, 700_000],
  ]) {
    it(`a ${long}-byte line, NUL at ${nul}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'rc-builtin-long-'));
      try {
        const text = Buffer.from('hit a\n' + 'y'.repeat(long) + '\n' + 'hit b\nz\n'.repeat(Math.ceil((nul + 100_000) / 8)));
        text[nul] = 0;
        await write(dir, 'f.txt', text);
        const rg = spawnSync(RG as string, ['--json', '-j1', '--no-config', '-e', 'hit', '.'], {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        });
        const lines = rg.stdout
          .split('\n')
          .filter((l) => l.startsWith('{"type":"match"'))
          .map((l) => (JSON.parse(l) as { data: { line_number: number } }).data.line_number);
        const mine = await new NodeWorkspace(dir, { ripgrep: false }).search('hit', { regex: false, maxResults: 500 });
        assert.deepEqual(
          mine.matches.map((m) => m.line),
          lines.slice(0, 500),
        );
        assert.ok(lines.length >= 1, 'some lines come before the cut');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('the regex prefilter', () => {
  it('takes the longest run of characters every match holds', () => {
    const cases: Array<[string, string]> = [
      ['import\\s+\\{', 'import'],
      ['createRequire', 'createRequire'],
      ['foo(bar)?bazz', 'bazz'],
      ['ab*cdef', 'cdef'],
      ['ab+c', 'ab'],
      ['x{2}yz', 'yz'],
      ['a|b', ''],
      ['(a|b)c', 'c'],
      ['[abc]+def', 'def'],
      ['\\d+\\.\\d+', '.'],
      ['^export default', 'export default'],
      ['caf.', 'caf'],
      ['café', 'caf'],
      ['\\bTODO\\b', 'TODO'],
      ['a{,2}', 'a{,2}'],
      ['.*', ''],
    ];
    for (const [pattern, literal] of cases) assert.equal(requiredLiteral(pattern), literal, pattern);
  });

  it('never drops a line the regex matches', () => {
    const patterns = [
      'import\\s+\\{',
      'ab+c',
      'foo(bar)?baz',
      'x{2}yz',
      '[a-c]+de?f',
      'q?rs*t',
      '\\d+\\.\\d+',
      'a.c',
      '(?:ab){2}c',
      'a\\|b',
    ];
    const alphabet = [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'x',
      'y',
      'z',
      'q',
      'r',
      's',
      't',
      '1',
      '.',
      ' ',
      '{',
      'import ',
      ' {',
      'xx',
      'yz',
      'ab',
      'de',
      'foo',
      'bar',
      'baz',
      '|',
    ];
    let seed = 42;
    const next = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
      return (t ^ (t >>> 14)) >>> 0;
    };
    for (const pattern of patterns) {
      const re = new RegExp(pattern, 's');
      const literal = requiredLiteral(pattern);
      let matched = 0;
      for (let i = 0; i < 20_000; i++) {
        let line = '';
        for (let k = next() % 9; k >= 0; k--) line += alphabet[next() % alphabet.length];
        if (!re.test(line)) continue;
        matched++;
        assert.ok(line.includes(literal), `${pattern} matches ${JSON.stringify(line)} without ${JSON.stringify(literal)}`);
      }
      assert.ok(matched > 0, `${pattern} matched some lines`);
    }
  });
});

describe('worker threads', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rc-builtin-pool-'));
    for (let i = 0; i < 120; i++)
      await write(root, `d${i % 5}/e${i % 7}/g/h${i % 2}/f${i}.txt`, `hit ${i}\n${i % 3 ? 'miss\n' : 'needle\n'}hit again ${i}\n`);
    await write(root, '.gitignore', 'd1/e2/\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  /** A runner that notes the pieces it is handed. */
  function watched(runner: PieceRunner): PieceRunner & { pieces: number; splits: number } {
    const w = {
      size: runner.size,
      pieces: 0,
      splits: 0,
      run: (request: Parameters<PieceRunner['run']>[0]) => {
        w.pieces++;
        if (request.split && request.piece.isDir) w.splits++;
        return runner.run(request);
      },
    };
    return w;
  }

  /** `runner` running one piece at a time, in the order handed out: which pieces run no longer depends on how the threads are scheduled. */
  function inTurn(runner: PieceRunner): PieceRunner {
    let last: Promise<unknown> = Promise.resolve();
    return {
      size: runner.size,
      run: (request) => {
        const next = last.then(() => runner.run(request));
        last = next.catch(() => undefined);
        return next;
      },
    };
  }

  it(
    'give what one thread gives, at every count, splitting the last folders',
    { skip: scanWorkerEntry() ? false : 'no worker entry' },
    async () => {
      const pool = new WorkerPool(3, scanWorkerEntry() as { file: string; needsTsx: boolean });
      const inline = new InlineRunner();
      try {
        const all = await searchBuiltin(root, 'needle', { regex: false, maxResults: 500 }, new IgnoreRules(root), inline);
        assert.equal(all.matches.length, 39, 'of 40 files, the one in the ignored folder d1/e2 is left out');
        const runner = watched(pool);
        for (let max = 1; max <= all.matches.length + 1; max += 3) {
          const cut = await searchBuiltin(root, 'needle', { regex: false, maxResults: max }, new IgnoreRules(root), runner);
          assert.deepEqual(cut.matches, all.matches.slice(0, max), `max ${max}`);
          assert.equal(cut.truncated, all.matches.length > max, `max ${max}`);
        }
        assert.ok(runner.splits > 0, 'folders were split near the end');
        assert.equal(pool.inlineRuns, 0, 'every piece ran on a worker');
        const common = watched(inTurn(pool));
        await searchBuiltin(root, 'hit', { regex: false, maxResults: 5 }, new IgnoreRules(root), common);
        const everything = watched(inline);
        await searchBuiltin(root, 'hit', { regex: false, maxResults: 10_000 }, new IgnoreRules(root), everything);
        assert.ok(common.pieces < everything.pieces, `a common word stops early (${common.pieces} pieces of ${everything.pieces})`);
      } finally {
        await pool.close();
      }
    },
  );

  it('scan in this thread when the worker cannot start', async () => {
    const bad = join(root, 'broken-worker.js');
    await writeFile(bad, 'throw new Error("this worker does not start");\n');
    const pool = new WorkerPool(2, { file: bad, needsTsx: false });
    try {
      const found = await searchBuiltin(root, 'needle', { regex: false, maxResults: 500 }, new IgnoreRules(root), pool);
      const inline = await searchBuiltin(root, 'needle', { regex: false, maxResults: 500 }, new IgnoreRules(root), new InlineRunner());
      assert.deepEqual(found, inline);
      assert.ok(pool.inlineRuns > 0, 'the pieces ran in this thread');
    } finally {
      await pool.close();
    }
  });

  it('stops when aborted mid-search', async () => {
    const controller = new AbortController();
    const runner = watched(new InlineRunner());
    const run = runner.run;
    runner.run = (request) => {
      controller.abort();
      return run(request);
    };
    await assert.rejects(
      searchBuiltin(root, 'needle', { regex: false, maxResults: 500, signal: controller.signal }, new IgnoreRules(root), runner),
    );
    assert.equal(runner.pieces, 1, 'no piece is handed out after the abort');
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { chooseRipgrep, findRipgrep } from '../../src/node/ripgrep';
import { bundledRipgrep, describeSearchEngine } from '../../src/node/searchEngine';
import { ToolError } from '../../src/agent/tool';
import type { SearchOptions } from '../../src/tools/workspace/port';
import { createFixture, SECRET, type Fixture } from './workspaceFixture';

const RG = findRipgrep();
const BUNDLED = bundledRipgrep();
const ENGINES = [
  { name: 'ripgrep', title: 'ripgrep', options: { ripgrep: RG ?? '' }, skip: RG ? false : 'rg is not installed' },
  { name: 'ripgrep', title: 'bundled ripgrep', options: { ripgrep: BUNDLED ?? '' }, skip: BUNDLED ? false : 'no bundled rg' },
  { name: 'builtin', title: 'builtin', options: { ripgrep: false as const }, skip: false },
];

let fx: Fixture;
let ws: NodeWorkspace;
before(async () => {
  fx = await createFixture();
  ws = new NodeWorkspace(fx.root, { ripgrep: false });
});
after(() => fx.cleanup());

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ToolError, `expected ToolError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(SECRET));
    return true;
  });
}

describe('NodeWorkspace basics', () => {
  it('needs an absolute root and resolves it through links once', async () => {
    assert.throws(() => new NodeWorkspace('relative/root'), /absolute/);
    const viaLink = join(fx.base, 'root-link');
    await symlink(fx.root, viaLink);
    assert.equal(new NodeWorkspace(viaLink).root, new NodeWorkspace(fx.root).root);
  });

  it('lists kinds and sizes, hides .git and gitignored entries', async () => {
    const entries = await ws.list('');
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    assert.deepEqual(byName['README.md'], { name: 'README.md', kind: 'file', size: 24 });
    assert.equal(byName.src?.kind, 'directory');
    for (const link of ['evil', 'outlink', 'secretlink', 'dangling', 'inlink']) assert.equal(byName[link]?.kind, 'symlink', link);
    for (const hidden of ['.git', 'node_modules', 'debug.log', 'build']) assert.equal(byName[hidden], undefined, hidden);
    const all = (await ws.list('.', { includeIgnored: true })).map((e) => e.name);
    assert.ok(all.includes('node_modules') && all.includes('debug.log') && !all.includes('.git'));
  });

  it('honours nested .gitignore files, negations included', async () => {
    const names = (await ws.list('src/nested')).map((e) => e.name);
    assert.deepEqual(names, ['.gitignore', 'important.log', 'kept.ts']);
  });

  it('lists a gitignored folder when asked for it by name', async () => {
    assert.deepEqual(
      (await ws.list('node_modules')).map((e) => e.name),
      ['pkg'],
    );
  });

  it('follows links that stay inside', async () => {
    assert.ok((await ws.list('inlink')).some((e) => e.name === 'a.ts'));
    const alias = await ws.read('alias.ts');
    assert.equal(alias.kind === 'text' && alias.text, await readFile(join(fx.root, 'src/a.ts'), 'utf8'));
  });

  it('shows node_modules when it is not gitignored', async () => {
    const other = join(fx.base, 'plain');
    await mkdir(join(other, 'node_modules/x'), { recursive: true });
    await writeFile(join(other, 'node_modules/x/i.js'), 'x');
    const plain = new NodeWorkspace(other, { ripgrep: false });
    assert.deepEqual((await plain.find('*.js', { maxResults: 10 })).paths, ['node_modules/x/i.js']);
  });
});

describe('NodeWorkspace confinement', () => {
  it('refuses links that lead outside, naming the link', async () => {
    await refused(ws.list('evil'), /"evil" is a symbolic link that leads outside the workspace/);
    await refused(ws.read('evil/passwd'), /"evil" .*leads outside the workspace/);
    await refused(ws.read('chain/passwd'), /"chain" .*leads outside the workspace/);
    await refused(ws.read('outlink/secret.txt'), /"outlink" .*leads outside/);
    await refused(ws.read('secretlink'), /"secretlink" is a symbolic link that leads outside/);
    await refused(ws.readTextIfExists('secretlink'), /leads outside/);
    await refused(ws.read('inlink/../outlink/secret.txt'), /"outlink" .*leads outside/);
  });

  it('refuses writes through outside links, creating nothing', async () => {
    await refused(ws.write('outlink/new.txt', 'x'), /"outlink" .*leads outside/);
    await refused(ws.write('outlink/deeper/new.txt', 'x'), /"outlink" .*leads outside/);
    await refused(ws.write('secretlink', 'overwritten'), /leads outside/);
    await refused(ws.write('dangling', 'x'), /"dangling" is a symbolic link whose target does not exist/);
    await refused(ws.write('evil/rc-probe-should-not-exist', 'x'), /leads outside/);
    assert.ok(!existsSync(join(fx.outside, 'new.txt')));
    assert.ok(!existsSync(join(fx.outside, 'deeper')));
    assert.ok(!existsSync(join(fx.outside, 'nothing-yet.txt')));
    assert.ok(!existsSync('/etc/rc-probe-should-not-exist'));
    assert.equal(await readFile(join(fx.outside, 'secret.txt'), 'utf8'), `${SECRET}\nneedle outside\n`);
  });

  it('runs every path through the lexical policy', async () => {
    await refused(ws.read('../outside/secret.txt'), /climbs out/);
    await refused(ws.write('/tmp/rc-probe', 'x'), /absolute/);
    await refused(ws.list('~'), /home folder/);
    await refused(ws.find('../**', { maxResults: 5 }), /'\.\.' segment/);
    await refused(ws.search('needle', { regex: false, maxResults: 5, include: '/etc/*' }), /absolute/);
  });

  it('never walks into linked folders', async () => {
    assert.deepEqual((await ws.find('**/passwd', { maxResults: 5 })).paths, []);
    assert.deepEqual((await ws.find('**/secret.txt', { maxResults: 5 })).paths, []);
  });

  it('honours an aborted signal in walks', async () => {
    await assert.rejects(ws.find('*', { maxResults: 5, signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('never writes into .git', async () => {
    await refused(ws.write('.git/config', 'x'), /\.git folder/);
  });
});

describe('NodeWorkspace read and write', () => {
  it('describes binary files instead of returning them', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const samples: Array<[string, Buffer, RegExp]> = [
      ['bin/logo.png', png, /^PNG image, 16 B$/],
      ['bin/tool', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), /^ELF executable/],
      ['bin/doc.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), /^PDF document/],
      ['bin/blob.dat', Buffer.from([1, 2, 0, 3]), /^binary data of unknown type, 4 B$/],
      ['bin/noise.bin', Buffer.from(Array.from({ length: 64 }, (_, i) => 0x80 + (i % 60))), /^binary data/],
    ];
    for (const [path, bytes, description] of samples) {
      await mkdir(join(fx.root, 'bin'), { recursive: true });
      await writeFile(join(fx.root, path), bytes);
      const content = await ws.read(path);
      assert.equal(content.kind, 'binary', path);
      assert.match(content.kind === 'binary' ? content.description : '', description);
    }
    await refused(ws.readTextIfExists('bin/logo.png'), /binary file/);
  });

  it('keeps text with a few non-UTF-8 bytes as text', async () => {
    await writeFile(join(fx.root, 'latin1.txt'), Buffer.from('caf\xe9 ' + 'plain words '.repeat(20), 'latin1'));
    assert.equal((await ws.read('latin1.txt')).kind, 'text');
  });

  it('refuses folders, missing files and files over the size limit', async () => {
    await refused(ws.read('src'), /is a folder/);
    await refused(ws.read(''), /workspace root is a folder/);
    await refused(ws.read('nope.txt'), /"nope.txt" does not exist/);
    const small = new NodeWorkspace(fx.root, { maxReadBytes: 10 });
    await refused(small.read('README.md'), /more than read_file's 10 B limit; use search_text/);
  });

  it('readTextIfExists gives undefined for a missing file', async () => {
    assert.equal(await ws.readTextIfExists('missing/file.txt'), undefined);
    assert.equal(await ws.readTextIfExists('README.md'), '# Demo\nneedle in readme\n');
  });

  it('writes files, creating parent folders, and through inside links', async () => {
    await ws.write('made/deep/er/new.txt', 'hello');
    assert.equal(await readFile(join(fx.root, 'made/deep/er/new.txt'), 'utf8'), 'hello');
    await ws.write('inlink/via-link.ts', 'linked');
    assert.equal(await readFile(join(fx.root, 'src/via-link.ts'), 'utf8'), 'linked');
    await refused(ws.write('src', 'x'), /is a folder/);
  });
});

describe('ripgrep discovery', () => {
  it('prefers the explicit path, then RESEARCH_COPILOT_RG, then PATH', { skip: RG ? false : 'rg is not installed' }, () => {
    assert.equal(findRipgrep(RG, { PATH: '' }), RG);
    assert.equal(findRipgrep(undefined, { RESEARCH_COPILOT_RG: RG, PATH: '' }), RG);
    assert.equal(findRipgrep('/nonexistent/rg', { PATH: '' }), undefined);
    assert.equal(findRipgrep(undefined, { PATH: '/nonexistent' }), undefined);
    assert.equal(new NodeWorkspace(fx.root, { ripgrep: false }).ripgrepPath, undefined);
  });

  it(
    'tries the CLI’s bundled rg after PATH, and says which it took',
    { skip: RG && BUNDLED ? false : 'needs rg and the bundled one' },
    () => {
      const rg = RG as string;
      const bundled = BUNDLED as string;
      assert.match(bundled, /ripgrep-universal[/\\]bin[/\\][a-z0-9]+-[a-z0-9]+[/\\]rg(\.exe)?$/);
      assert.deepEqual(chooseRipgrep(undefined, { PATH: '' }, bundled), { path: bundled, source: 'bundled' });
      assert.deepEqual(chooseRipgrep(undefined, { PATH: dirname(rg) }, bundled), { path: rg, source: 'PATH' });
      assert.deepEqual(chooseRipgrep(undefined, { PATH: '', RESEARCH_COPILOT_RG: rg }, bundled), {
        path: rg,
        source: 'RESEARCH_COPILOT_RG',
      });
      assert.deepEqual(chooseRipgrep(bundled, { PATH: dirname(rg) }), { path: bundled, source: 'given' });
      assert.equal(chooseRipgrep(undefined, { PATH: '' }), undefined, 'the bundled rg only when asked for');
      assert.match(
        describeSearchEngine({ kind: 'ripgrep', path: bundled, source: 'bundled' }),
        /^ripgrep \d+\.\d+\.\d+ \(.*, bundled with the CLI/,
      );
      assert.match(describeSearchEngine({ kind: 'builtin' }), /^builtin engine \(no ripgrep found/);
      assert.deepEqual(new NodeWorkspace(fx.root, { ripgrep: false, bundledRipgrep: true }).searchEngine, { kind: 'builtin' });
    },
  );
});

for (const engine of ENGINES) {
  describe(`search (${engine.title})`, { skip: engine.skip }, () => {
    const search = (query: string, options: Partial<SearchOptions> = {}) =>
      new NodeWorkspace(fx.root, engine.options).search(query, { regex: false, maxResults: 100, ...options });

    it('reports its engine and finds literal text, sorted, skipping ignored, .git and linked files', async () => {
      const result = await search('needle');
      assert.equal(result.engine, engine.name);
      const places = result.matches.map((m) => `${m.path}:${m.line}`);
      assert.deepEqual(places, [
        'README.md:2',
        'src/a.ts:1',
        'src/a.ts:2',
        'src/a.ts:3',
        'src/b.ts:2',
        'src/nested/important.log:1',
        'src/nested/kept.ts:1',
      ]);
      assert.equal(result.truncated, false);
      assert.ok(!JSON.stringify(result).includes(SECRET));
    });

    it('treats the query literally unless regex is set', async () => {
      assert.deepEqual(
        (await search('needle(1)')).matches.map((m) => m.path),
        ['src/a.ts'],
      );
      assert.deepEqual((await search('needle(1)', { regex: true })).matches, []);
      const regex = await search('^needle\\s+k\\w+$', { regex: true });
      assert.deepEqual(regex.matches, [{ path: 'src/nested/kept.ts', line: 1, text: 'needle kept' }]);
    });

    it('accepts a query starting with "-" and an include glob', async () => {
      assert.deepEqual((await search('-dash')).matches, [{ path: 'src/a.ts', line: 2, text: '-dash needle' }]);
      const included = await search('needle', { include: 'src/*.ts' });
      assert.deepEqual([...new Set(included.matches.map((m) => m.path))], ['src/a.ts', 'src/b.ts']);
      const anyDepth = await search('needle', { include: '*.ts' });
      assert.deepEqual([...new Set(anyDepth.matches.map((m) => m.path))], ['src/a.ts', 'src/b.ts', 'src/nested/kept.ts']);
    });

    it('searches ignored files only when asked, and never .git', async () => {
      const paths = new Set((await search('needle', { includeIgnored: true })).matches.map((m) => m.path));
      for (const p of ['debug.log', 'build/out.js', 'node_modules/pkg/index.js', 'src/nested/generated.ts']) assert.ok(paths.has(p), p);
      assert.ok(![...paths].some((p) => p.startsWith('.git/')));
    });

    it('keeps gitignored files and .git out even when the include glob names them', async () => {
      const paths = new Set((await search('needle', { include: '**' })).matches.map((m) => m.path));
      assert.deepEqual([...paths], ['README.md', 'src/a.ts', 'src/b.ts', 'src/nested/important.log', 'src/nested/kept.ts']);
      assert.deepEqual(
        (await search('needle', { include: '*.log' })).matches.map((m) => m.path),
        ['src/nested/important.log'],
      );
    });

    it('stops at maxResults and says so', async () => {
      const result = await search('needle', { maxResults: 3 });
      assert.deepEqual(
        result.matches.map((m) => `${m.path}:${m.line}`),
        ['README.md:2', 'src/a.ts:1', 'src/a.ts:2'],
      );
      assert.equal(result.truncated, true);
      assert.equal((await search('needle', { maxResults: 7 })).truncated, false);
    });

    it('refuses an invalid regex with its reason', async () => {
      await refused(search('needle(', { regex: true }), /Invalid regular expression "needle\(":.*(unclosed|Unterminated) group/i);
    });

    it('cuts long matching lines', async () => {
      await mkdir(join(fx.root, 'long'), { recursive: true });
      await writeFile(join(fx.root, 'long/line.txt'), 'x'.repeat(500) + 'LONGNEEDLE' + 'y'.repeat(500) + '\n');
      const [match] = (await search('LONGNEEDLE')).matches;
      assert.equal(match?.text, 'x'.repeat(300) + '…');
    });

    it('honours an aborted signal', async () => {
      await assert.rejects(search('needle', { signal: AbortSignal.abort() }));
    });
  });
}

describe('search engines agree', { skip: RG ? false : 'rg is not installed' }, () => {
  it('gives identical matches for the same queries, truncated or not', async () => {
    const many = join(fx.base, 'many');
    for (let i = 0; i < 60; i++) {
      await mkdir(join(many, `d${i % 7}`, i % 2 ? 'sub' : ''), { recursive: true });
      await writeFile(join(many, `d${i % 7}`, i % 2 ? 'sub' : '', `f-${i}.txt`), `hit ${i}\nmiss\nhit again ${i}\n`);
    }
    await writeFile(join(many, 'd1.txt'), 'hit in d1.txt\n');
    const rgs = [new NodeWorkspace(many, { ripgrep: RG }), ...(BUNDLED ? [new NodeWorkspace(many, { ripgrep: BUNDLED })] : [])];
    const builtin = new NodeWorkspace(many, { ripgrep: false });
    const cases: Array<[string, Partial<SearchOptions>]> = [
      ['hit', {}],
      ['hit', { maxResults: 5 }],
      ['hit', { maxResults: 37 }],
      ['again \\d+$', { regex: true }],
      ['hit', { include: 'd3/**' }],
      ['hit', { include: 'f-1*.txt', maxResults: 4 }],
    ];
    for (const [query, options] of cases) {
      const full = { regex: false, maxResults: 500, ...options };
      for (const rg of rgs) {
        const a = await rg.search(query, full);
        const b = await builtin.search(query, full);
        assert.deepEqual({ ...a, engine: '' }, { ...b, engine: '' }, `${query} ${JSON.stringify(options)}`);
      }
    }
  });
});

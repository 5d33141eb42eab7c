/**
 * search_text over ripgrep runs several `rg --sort path` processes at once over consecutive parts of
 * the tree, and they finish in any order; the order (and so which matches survive max_results) is
 * made by the tool. These tests pin that the order is the walk's path order, the same on every run,
 * for any number of processes, and the same as the builtin engine's, on trees where a plain string
 * sort would differ ("a-b/x" before "a/b"), and that truncation stays exact.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep } from '../../src/node/ripgrep';
import { comparePaths } from '../../src/node/walk';

const RG = findRipgrep();
const TRICKY = ['a', 'a-b/x', 'a/b', 'a.b', 'a/b/c/d', 'a/bc', 'ab', 'A', 'Z/z', 'é/x', 'e/x', '_/x', 'a b/x', 'a/b-c'];

describe('ripgrep search order', { skip: RG ? false : 'rg is not installed' }, () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rc-rg-order-'));
    const write = async (rel: string, text: string) => {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), text);
    };
    // Enough files in enough folders that rg's threads finish them in varying order.
    for (let i = 0; i < 400; i++) await write(`p${i % 17}/${i % 2 ? 'q/' : ''}n-${i}.txt`, `x\nhit ${i}\nhit again ${i}\n`);
    for (const rel of TRICKY) await write(`${rel}.txt`, 'hit tricky\n');
    // A match, then a NUL byte past rg's first read buffer, then another match: the walk stops at the NUL.
    await write('bin/late-nul.dat', 'hit before the binary part\n' + 'y\n'.repeat(100_000) + '\0\nhit after the NUL\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('gives the same matches on every run, equal to the builtin engine, truncated or not', async () => {
    const rg = new NodeWorkspace(root, { ripgrep: RG });
    const builtin = new NodeWorkspace(root, { ripgrep: false });
    for (const [query, maxResults] of [
      ['hit again', 1],
      ['hit again', 7],
      ['hit again', 101],
      ['hit again', 500],
      ['hit tricky', 5],
      ['hit tricky', 500],
    ] as const) {
      const options = { regex: false, maxResults };
      const expected = { ...(await builtin.search(query, options)), engine: '' };
      const runs = await Promise.all([1, 2, 3, 4].map(() => rg.search(query, options)));
      for (const run of runs) assert.deepEqual({ ...run, engine: '' }, expected, `${query}, max ${maxResults}`);
      for (const processes of [1, 3, 5]) {
        const split = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: processes }).search(query, options);
        assert.deepEqual({ ...split, engine: '' }, expected, `${query}, max ${maxResults}, ${processes} processes`);
      }
    }
  });

  it('orders folder by folder and keeps the lines before a late NUL byte only', async () => {
    const result = await new NodeWorkspace(root, { ripgrep: RG }).search('hit', { regex: false, maxResults: 500 });
    const paths = [...new Set(result.matches.map((m) => m.path))];
    assert.deepEqual(paths, [...paths].sort(comparePaths));
    assert.ok(paths.indexOf('a/b.txt') < paths.indexOf('a-b/x.txt'), 'a/… comes before a-b/…');
    assert.deepEqual(
      result.matches.filter((m) => m.path === 'bin/late-nul.dat'),
      [{ path: 'bin/late-nul.dat', line: 1, text: 'hit before the binary part' }],
    );
  });

  it('reports exactly whether more matches exist at the boundary', async () => {
    const ws = new NodeWorkspace(root, { ripgrep: RG });
    const all = await ws.search('hit tricky', { regex: false, maxResults: 500 });
    assert.equal(all.truncated, false);
    const n = all.matches.length;
    assert.equal((await ws.search('hit tricky', { regex: false, maxResults: n })).truncated, false);
    const cut = await ws.search('hit tricky', { regex: false, maxResults: n - 1 });
    assert.equal(cut.truncated, true);
    assert.deepEqual(cut.matches, all.matches.slice(0, n - 1));
  });
});

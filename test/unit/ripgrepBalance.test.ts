// The rg processes of one search should end together: the tree's pieces are grouped at equal cost, the
// costs learned from how long each group took in an earlier search of the same pieces
// (src/node/ripgrepBalance.ts). The last test makes one group slow on purpose (an rg wrapper that
// sleeps a second for the group holding ./a-slow) and checks the next search hands that group less.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOLDER_WEIGHT, groupByCost, learnCosts, pieceCosts } from '../../src/node/ripgrepBalance';
import { IgnoreRules } from '../../src/node/gitignore';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep } from '../../src/node/ripgrep';
import { planSearch } from '../../src/node/ripgrepPlan';

const RG = findRipgrep();

describe('grouping at equal cost', () => {
  it('ends each group at the piece boundary nearest its share', () => {
    assert.deepEqual(groupByCost(['a', 'b', 'c', 'd'], [1, 1, 1, 1], 2), [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    assert.deepEqual(groupByCost(['a', 'b', 'c', 'd'], [3, 1, 1, 1], 2), [['a'], ['b', 'c', 'd']]);
    assert.deepEqual(groupByCost(['a', 'b', 'c', 'd', 'e'], [1, 1, 1, 1, 8], 2), [['a', 'b', 'c', 'd'], ['e']]);
    assert.deepEqual(groupByCost(['a', 'b', 'c'], [1, 1, 1], 5), [['a'], ['b'], ['c']]);
  });

  it('weighs unmeasured pieces by kind, and learns what a search measured', () => {
    const key = `test-${Date.now()}`;
    const paths = ['./a', './b', './c', './d'];
    const costs = pieceCosts(key, paths, [true, true, false, true]);
    assert.deepEqual(costs, [FOLDER_WEIGHT, FOLDER_WEIGHT, 1, FOLDER_WEIGHT]);
    // Cut as [a] [b c d]; the first group took 900 ms, the second 100 ms.
    learnCosts(key, [['./a'], ['./b', './c', './d']], costs, [900, 100]);
    const learned = pieceCosts(key, paths, [true, true, false, true]);
    assert.equal(learned[0], 900);
    assert.ok(Math.abs((learned[1] as number) + (learned[2] as number) + (learned[3] as number) - 100) < 1e-9);
    assert.deepEqual(groupByCost(paths, learned, 2), [['./a'], ['./b', './c', './d']]);
    assert.deepEqual(pieceCosts(key, ['./a', './b'], [true, true]), [FOLDER_WEIGHT, FOLDER_WEIGHT], 'other pieces: weights again');
  });
});

describe('a slow group gets less the next time', { skip: RG && process.platform !== 'win32' ? false : 'needs rg and /bin/sh' }, () => {
  let root: string;
  let rg: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rc-rg-balance-'));
    for (const dir of ['a-slow', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(join(root, dir, 'x.txt'), 'nothing here\n');
    }
    rg = join(root, 'rg-wrapper');
    await writeFile(rg, `#!/bin/sh\ncase "$*" in *./a-slow*) sleep 1 ;; esac\nexec '${RG}' "$@"\n`);
    await chmod(rg, 0o755);
    await writeFile(join(root, '.gitignore'), 'rg-wrapper\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('moves pieces out of the group that took longest', async () => {
    const options = { rules: new IgnoreRules(root), includeIgnored: false, processes: 2 };
    const first = await planSearch(root, options);
    assert.ok(first.groups[0]?.some((p) => p.startsWith('./a-slow')));
    const ws = new NodeWorkspace(root, { ripgrep: rg, searchProcesses: 2 });
    assert.deepEqual((await ws.search('zq_no_match', { regex: false, maxResults: 10 })).matches, []);
    const second = await planSearch(root, options);
    assert.ok(
      (second.groups[0]?.length ?? 0) < (first.groups[0]?.length ?? 0),
      `the slow group held ${first.groups[0]?.length} pieces, now ${second.groups[0]?.length}`,
    );
    assert.deepEqual(second.groups.flat(), first.groups.flat(), 'the same pieces, in the same order');
  });
});

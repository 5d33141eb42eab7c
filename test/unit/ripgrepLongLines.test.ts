/**
 * Matches on lines of megabytes (minified bundles): search_text reads only the start of such a line
 * from rg's JSON (src/node/ripgrepJsonLines.ts). The 300 characters it keeps must be exactly those
 * the builtin engine keeps, whatever escapes (quotes, backslashes, control characters written as
 * \u0001) or multi-byte characters sit where the read stops.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep } from '../../src/node/ripgrep';

const RG = findRipgrep();
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'rc-rg-long-'));
  const fillers = ['\u0001', '"', '\\', 'é', '😀', '\t', 'x'];
  for (const [i, filler] of fillers.entries()) {
    for (let pad = 0; pad < 6; pad++) {
      // The needle first, then one kind of character to past the 4,096 bytes read, then 100 kB more.
      const line = 'y'.repeat(pad) + 'NEEDLE ' + filler.repeat(2000) + 'z'.repeat(100_000);
      await writeFile(join(root, `long-${i}-${pad}.js`), `short NEEDLE line\n${line}\nNEEDLE after\n`);
    }
  }
});
after(() => rm(root, { recursive: true, force: true }));

it('keeps the same start of a very long matching line as the builtin engine', { skip: RG ? false : 'rg is not installed' }, async () => {
  const options = { regex: false, maxResults: 500 };
  const builtin = await new NodeWorkspace(root, { ripgrep: false }).search('NEEDLE', options);
  assert.equal(builtin.matches.length, 7 * 6 * 3);
  assert.ok(builtin.matches.some((m) => m.text.endsWith('…') && m.text.includes('😀')));
  for (const processes of [1, 2]) {
    const rg = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: processes }).search('NEEDLE', options);
    assert.deepEqual({ ...rg, engine: '' }, { ...builtin, engine: '' }, `${processes} processes`);
  }
});

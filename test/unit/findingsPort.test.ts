/** The findings port over a real folder and a real git (src/node/findingsPort.ts): confined reads, the last commit kept only while git's folder is unchanged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFindingsPort, workspacePath } from '../../src/node/findingsPort';
import { withRepo } from './helpers/findingsRepo';

test('reads are confined to the workspace: no climbing out, no link that leads out, no binary file; a BOM is dropped', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'rc-outside-'));
  try {
    writeFileSync(join(outside, 'secret.txt'), 'secret\n');
    await withRepo({ 'a.ts': '\uFEFFconst a = 1;\n', 'bin.dat': 'x\0y', 'sub/b.ts': 'b\n' }, { git: false }, async (r) => {
      symlinkSync(join(outside, 'secret.txt'), join(r.root, 'link.txt'));
      symlinkSync(join(r.root, 'sub', 'b.ts'), join(r.root, 'inside-link.ts'));
      const port = new NodeFindingsPort(r.root);
      assert.equal(await port.readFile('a.ts'), 'const a = 1;\n');
      assert.equal(await port.readFile('./sub/../sub/b.ts'), 'b\n');
      assert.equal(await port.readFile('inside-link.ts'), 'b\n');
      for (const p of [
        'link.txt',
        '../' + outside.split('/').pop() + '/secret.txt',
        join(outside, 'secret.txt'),
        'bin.dat',
        'sub',
        'none.ts',
        '',
      ])
        assert.equal(await port.readFile(p), undefined, p);
    });
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test("the document's last commit: none before git or before the first commit, then each new commit as it lands", async () => {
  await withRepo({ 'n.md': 'one\n' }, { git: false }, async (plain) => {
    assert.equal(await new NodeFindingsPort(plain.root).lastCommit('n.md'), undefined, 'not a repository');
  });
  await withRepo({ 'n.md': 'one\n', 'other.txt': 'x\n' }, { git: true }, async (r) => {
    const port = new NodeFindingsPort(r.root);
    assert.equal(await port.lastCommit('n.md'), undefined, 'never committed');
    r.commit();
    const first = await port.lastCommit('n.md');
    assert.equal(first?.text, 'one\n');
    r.write('other.txt', 'y\n');
    r.commit();
    assert.equal((await port.lastCommit('n.md'))?.commit, first?.commit, 'a commit that does not touch it');
    r.write('n.md', 'two\n');
    assert.equal((await port.lastCommit('n.md'))?.text, 'one\n', 'an uncommitted edit');
    r.commit();
    const second = await port.lastCommit('n.md');
    assert.notEqual(second?.commit, first?.commit);
    assert.equal(second?.text, 'two\n');
  });
});

test('workspacePath: POSIX paths under the root, nothing outside it', () => {
  assert.equal(workspacePath('/w', '/w/docs/a.md'), 'docs/a.md');
  assert.equal(workspacePath('/w', '/w'), undefined);
  assert.equal(workspacePath('/w', '/other/a.md'), undefined);
  assert.equal(workspacePath('/w', '/w/..a/b.md'), '..a/b.md');
});

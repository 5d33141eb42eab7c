// A write offered to Copilot's agent mode is checked before VS Code asks the user to confirm it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeRefusal } from '../../src/host/editorTools/lmToolPaths';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';

describe('writeRefusal', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'rc-lmpaths-')));
  const wsDir = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(join(wsDir, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(wsDir, 'src', 'a.ts'), 'export const a = 1;\n');
  symlinkSync(outside, join(wsDir, 'out-dir'));
  const ws = new NodeWorkspace(wsDir);
  after(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a new or existing file inside the workspace', async () => {
    assert.equal(await writeRefusal(ws, 'src/a.ts'), undefined);
    assert.equal(await writeRefusal(ws, 'src/new/b.ts'), undefined);
  });

  it("refuses '..', absolute paths, the root and a link that leads outside", async () => {
    assert.match((await writeRefusal(ws, '../escape.txt')) ?? '', /climbs out of the workspace/);
    assert.match((await writeRefusal(ws, join(outside, 'x.txt'))) ?? '', /is absolute/);
    assert.match((await writeRefusal(ws, '')) ?? '', /workspace root/);
    assert.match((await writeRefusal(ws, 'out-dir/x.txt')) ?? '', /symbolic link that leads outside the workspace/);
    assert.match((await writeRefusal(ws, 42)) ?? '', /must be a string/);
  });
});

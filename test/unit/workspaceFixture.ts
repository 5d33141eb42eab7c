/**
 * A real temporary workspace for the workspace tests: files, a .gitignore (root and nested), a
 * .git folder, and symbolic links that stay inside or lead outside to a folder holding a secret.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SECRET = 'TOP-SECRET-7f3a91';

export interface Fixture {
  base: string;
  root: string;
  outside: string;
  cleanup(): Promise<void>;
}

export const FILES: Record<string, string> = {
  '.gitignore': 'node_modules/\n*.log\nbuild/\n',
  '.git/config': '[core]\nneedle in git\n',
  'README.md': '# Demo\nneedle in readme\n',
  'src/a.ts': 'export const a = 1; // needle\n-dash needle\nconst call = needle(1);\n',
  'src/b.ts': 'export const b = 2;\nneedle twice needle\n',
  'src/nested/.gitignore': 'generated.ts\n!important.log\n',
  'src/nested/generated.ts': 'needle generated\n',
  'src/nested/kept.ts': 'needle kept\n',
  'src/nested/important.log': 'needle important\n',
  'node_modules/pkg/index.js': 'needle in deps\n',
  'debug.log': 'needle in log\n',
  'build/out.js': 'needle built\n',
  'docs/notes.md': 'Some notes.\nNEEDLE upper\n',
};

export async function createFixture(): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'rc-ws-'));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), `${SECRET}\nneedle outside\n`);
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await symlink('/etc', join(root, 'evil'));
  await symlink(outside, join(root, 'outlink'));
  await symlink(join(outside, 'secret.txt'), join(root, 'secretlink'));
  await symlink(join(outside, 'nothing-yet.txt'), join(root, 'dangling'));
  await symlink('src', join(root, 'inlink'));
  await symlink('src/a.ts', join(root, 'alias.ts'));
  await symlink('evil', join(root, 'chain'));
  return { base, root, outside, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Every entry under `dir` (links not followed) with its content or link target. */
export async function snapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const key = prefix + name;
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) out[key] = `-> ${await readlink(path)}`;
    else if (stats.isDirectory()) Object.assign(out, { [key + '/']: 'dir' }, await snapshot(path, key + '/'));
    else out[key] = await readFile(path, 'utf8');
  }
  return out;
}

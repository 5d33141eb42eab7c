/**
 * `.gitignore` rules for one walk or listing: the root file and nested ones, each applying to the
 * paths below its folder, deeper files taking precedence (negations included).
 */
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export class IgnoreRules {
  private readonly byFolder = new Map<string, Promise<Ignore | undefined>>();

  /** @param root the real, absolute workspace root */
  constructor(private readonly root: string) {}

  /** True when a workspace-relative entry is gitignored; `isDir` lets "build/" rules apply. */
  async ignores(rel: string, isDir: boolean): Promise<boolean> {
    if (rel === '') return false;
    const parts = rel.split('/');
    let ignored = false;
    for (let depth = 0; depth < parts.length; depth++) {
      const rules = await this.rulesIn(parts.slice(0, depth).join('/'));
      if (!rules) continue;
      const below = parts.slice(depth).join('/') + (isDir ? '/' : '');
      const verdict = rules.test(below);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  private rulesIn(folder: string): Promise<Ignore | undefined> {
    let rules = this.byFolder.get(folder);
    if (!rules) {
      rules = loadGitignore(join(this.root, folder, '.gitignore'));
      this.byFolder.set(folder, rules);
    }
    return rules;
  }
}

async function loadGitignore(file: string): Promise<Ignore | undefined> {
  try {
    // A .gitignore that is a symbolic link is not followed: it could point anywhere.
    if (!(await lstat(file)).isFile()) return undefined;
    return ignore().add(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

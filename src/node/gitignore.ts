/**
 * `.gitignore` rules for one walk or listing: the root file and nested ones, each applying to the
 * paths below its folder, deeper files taking precedence (negations included). IgnoreRules loads
 * the files as it meets them; IgnoreChain is the same rules read synchronously, for the builtin
 * search's walk in a worker thread.
 */
import { lstatSync, readFileSync } from 'node:fs';
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
    const rules: Array<Ignore | undefined> = [];
    for (let depth = 0; depth < parts.length; depth++) rules.push(await this.rulesIn(parts.slice(0, depth).join('/')));
    return verdict(parts, isDir, rules);
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

/** The same rules, read with synchronous calls and kept per folder. */
export class IgnoreChain {
  private readonly byFolder = new Map<string, Ignore | undefined>();

  constructor(private readonly root: string) {}

  /** The rules of `folder` and the folders above it, with where each applies: for testing its entries. */
  chainFor(folder: string): Array<{ rules: Ignore; prefix: number }> {
    const parts = folder === '' ? [] : folder.split('/');
    const chain: Array<{ rules: Ignore; prefix: number }> = [];
    for (let depth = 0; depth <= parts.length; depth++) {
      const at = parts.slice(0, depth).join('/');
      const rules = this.rulesIn(at);
      if (rules) chain.push({ rules, prefix: at === '' ? 0 : at.length + 1 });
    }
    return chain;
  }

  private rulesIn(folder: string): Ignore | undefined {
    if (!this.byFolder.has(folder)) this.byFolder.set(folder, loadGitignoreSync(join(this.root, folder, '.gitignore')));
    return this.byFolder.get(folder);
  }
}

/** An entry of a folder against that folder's chain (chainFor): the same verdict as `ignores`. */
export function chainIgnores(chain: ReadonlyArray<{ rules: Ignore; prefix: number }>, rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { rules, prefix } of chain) {
    const verdict = rules.test(rel.slice(prefix) + (isDir ? '/' : ''));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** Each folder's rules, root first, judge the part of the path below that folder; the last word wins. */
function verdict(parts: string[], isDir: boolean, rules: Array<Ignore | undefined>): boolean {
  let ignored = false;
  for (const [depth, folderRules] of rules.entries()) {
    if (!folderRules) continue;
    const below = parts.slice(depth).join('/') + (isDir ? '/' : '');
    const verdict = folderRules.test(below);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
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

function loadGitignoreSync(file: string): Ignore | undefined {
  try {
    if (!lstatSync(file).isFile()) return undefined;
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A depth-first walk over the workspace's regular files in a stable order (entries sorted by name
 * in each folder, the order `rg --sort path` uses). Skips `.git`, gitignored entries unless asked,
 * and symbolic links, which are neither followed nor reported (as ripgrep does).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoreRules } from './gitignore';

export interface WalkOptions {
  rules: IgnoreRules;
  includeIgnored?: boolean;
  signal?: AbortSignal;
}

/** Yields workspace-relative POSIX paths of files. */
export async function* walk(root: string, options: WalkOptions, folder = ''): AsyncGenerator<string> {
  options.signal?.throwIfAborted();
  let entries;
  try {
    entries = await readdir(folder === '' ? root : join(root, folder), { withFileTypes: true });
  } catch {
    return; // unreadable or vanished folder: skip, as ripgrep does
  }
  for (const { rel, isDir } of walkable(folder, entries)) {
    if (!options.includeIgnored && (await options.rules.ignores(rel, isDir))) continue;
    if (isDir) yield* walk(root, options, rel);
    else yield rel;
  }
}

/**
 * The entries of `folder` a walk visits, in its order: sorted by name, `.git` left out, files and
 * folders only (no links, sockets or devices). Ignore rules are the caller's to apply.
 */
export function walkable(folder: string, entries: Dirent[]): Array<{ rel: string; isDir: boolean }> {
  const out: Array<{ rel: string; isDir: boolean }> = [];
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (entry.name === '.git') continue;
    const isDir = entry.isDirectory();
    if (!isDir && !entry.isFile()) continue;
    out.push({ rel: folder === '' ? entry.name : `${folder}/${entry.name}`, isDir });
  }
  return out;
}

/** Orders workspace paths folder by folder, like the walk itself. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareText(pa[i], pb[i]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

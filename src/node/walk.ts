/**
 * A depth-first walk over the workspace's regular files in a stable order (entries sorted by name
 * in each folder, the order `rg --sort path` uses). Skips `.git`, gitignored entries unless asked,
 * and symbolic links, which are neither followed nor reported (as ripgrep does).
 */
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
  entries.sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const rel = folder === '' ? entry.name : `${folder}/${entry.name}`;
    const isDir = entry.isDirectory();
    if (!isDir && !entry.isFile()) continue; // links, sockets, devices
    if (!options.includeIgnored && (await options.rules.ignores(rel, isDir))) continue;
    if (isDir) yield* walk(root, options, rel);
    else yield rel;
  }
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

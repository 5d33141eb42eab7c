/**
 * How a ripgrep search is split across processes. `rg --sort path` gives the walk's path order and
 * lets the search stop at the first max_results lines, but runs on one thread; so the tree is cut
 * into consecutive pieces in path order (the root's entries, and the entries of some folders below
 * it), and each group of consecutive pieces is searched by its own `rg --sort path`, one per core.
 * The groups' lines, put one after the other, are the whole tree's lines in path order. Groups are
 * cut at equal estimated cost, learned from earlier searches of the same tree (ripgrepBalance.ts).
 *
 * rg reads a folder's own .gitignore when it is handed that folder, but not the ones above it
 * (`--no-ignore-parent`, so that nothing outside the workspace counts). So a folder is cut into its
 * entries only if it has no .gitignore of its own; the root's .gitignore is handed to every process
 * with `--ignore-file` (its patterns are read relative to the working directory, the root, as in
 * the root's own file); and the entries handed over by name are checked against the ignore rules
 * here, because rg searches whatever it is handed by name.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoreRules } from './gitignore';
import { walkable } from './walk';
import { groupByCost, pieceCosts } from './ripgrepBalance';

export interface SearchPlan {
  /** Paths to hand rg, one list per process, in path order; `[['.']]` for one process over the tree. */
  groups: string[][];
  /** The root's .gitignore, to hand each process with `--ignore-file` when the tree is cut. */
  ignoreFile?: string;
  /** When the tree is cut: the estimated cost of each piece (groups.flat()), which the groups share equally. */
  costs?: number[];
  /** Which tree the costs belong to (ripgrepBalance.ts). */
  costKey?: string;
}

export interface PlanOptions {
  rules: IgnoreRules;
  includeIgnored: boolean;
  /** How many processes to split the search across. */
  processes: number;
  signal?: AbortSignal;
}

export interface Piece {
  rel: string;
  isDir: boolean;
  depth: number;
}

/** Cut until there are this many pieces per process, so that the groups come out near even. */
const PIECES_PER_PROCESS = 16;
/** How deep folders are cut, and how many are read to do it: planning stays a few milliseconds. */
const MAX_CUT_DEPTH = 3;
const MAX_FOLDERS_READ = 200;
/** Command lines stay well below Windows' 32,767-character limit. */
const ARGS_BUDGET = 16_000;

const WHOLE_TREE: SearchPlan = { groups: [['.']] };

export async function planSearch(root: string, options: PlanOptions): Promise<SearchPlan> {
  if (options.processes <= 1) return WHOLE_TREE;
  const cut = await cutTree(root, options);
  if (!cut) return WHOLE_TREE;
  const paths = cut.pieces.map((p) => `./${p.rel}`);
  if (paths.reduce((sum, p) => sum + p.length + 1, 0) > ARGS_BUDGET) return WHOLE_TREE;
  const ignoreFile = !options.includeIgnored && cut.rootIgnore === 'file' ? './.gitignore' : undefined;
  const costKey = `${root}\0${options.includeIgnored}`;
  const costs = pieceCosts(
    costKey,
    paths,
    cut.pieces.map((p) => p.isDir),
  );
  return { groups: groupByCost(paths, costs, options.processes), costs, costKey, ...(ignoreFile ? { ignoreFile } : {}) };
}

/**
 * The tree cut into consecutive pieces in path order, about PIECES_PER_PROCESS per process (see the
 * header); undefined when it is searched whole (a root .gitignore that is a link).
 */
export async function cutTree(root: string, options: PlanOptions): Promise<{ pieces: Piece[]; rootIgnore: EntryKind } | undefined> {
  const rootIgnore = await entryKind(join(root, '.gitignore'));
  // A root .gitignore that is a link: rg would follow it, the ignore rules here do not; keep rg's walk.
  if (!options.includeIgnored && rootIgnore === 'other') return undefined;
  let pieces = await entries(root, '', 1, options);
  let foldersRead = 1;
  for (let depth = 1; depth < MAX_CUT_DEPTH && pieces.length < options.processes * PIECES_PER_PROCESS; depth++) {
    const next: Piece[] = [];
    for (const piece of pieces) {
      const cut =
        piece.isDir &&
        piece.depth === depth &&
        foldersRead < MAX_FOLDERS_READ &&
        (options.includeIgnored || (await hasNoGitignore(root, piece.rel)));
      if (!cut) next.push(piece);
      else {
        foldersRead++;
        next.push(...(await entries(root, piece.rel, depth + 1, options)));
      }
    }
    pieces = next;
  }
  return { pieces, rootIgnore };
}

/** A folder's searchable entries in the walk's order: no .git, no links, nothing ignored (unless asked). */
async function entries(root: string, folder: string, depth: number, options: PlanOptions): Promise<Piece[]> {
  options.signal?.throwIfAborted();
  let dirents: Dirent[];
  try {
    dirents = await readdir(folder === '' ? root : join(root, folder), { withFileTypes: true });
  } catch {
    return []; // unreadable or vanished: the walk skips it too
  }
  const pieces: Piece[] = [];
  for (const { rel, isDir } of walkable(folder, dirents)) {
    if (!options.includeIgnored && (await options.rules.ignores(rel, isDir))) continue;
    pieces.push({ rel, isDir, depth });
  }
  return pieces;
}

/** A folder may be cut into its entries when it has no .gitignore of its own (see the header). */
async function hasNoGitignore(root: string, folder: string): Promise<boolean> {
  return (await entryKind(join(root, folder, '.gitignore'))) === 'none';
}

type EntryKind = 'none' | 'file' | 'other';

async function entryKind(path: string): Promise<EntryKind> {
  try {
    return (await lstat(path)).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * The Workspace port over node:fs, for the CLI and tests. Every path goes through
 * `normalizeWorkspacePath`, then through `Confinement`, which refuses symbolic links that lead out.
 */
import { constants, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { checkGlobPattern, normalizeWorkspacePath } from '../tools/pathPolicy';
import { ToolError } from '../agent/tool';
import type { DirEntry, FileContent, FindOptions, ListOptions, SearchOptions, SearchResult, Workspace } from '../tools/workspace/port';
import { formatSize } from '../tools/workspace/format';
import { searchBuiltin } from './builtinSearch';
import { Confinement, fsCall } from './confine';
import { classifyContent } from './fileKind';
import { IgnoreRules } from './gitignore';
import { globMatcher } from './glob';
import { RipgrepUnavailable, searchWithRipgrep } from './ripgrep';
import { chooseSearchEngine, type SearchEngine } from './searchEngine';
import { walk } from './walk';

export interface NodeWorkspaceOptions {
  /** An rg binary (e.g. VS Code's); `false` forces the builtin search. Default: `chooseRipgrep()`. */
  ripgrep?: string | false;
  /** After PATH, also try the rg of @vscode/ripgrep-universal (the CLI does; searchEngine.ts). */
  bundledRipgrep?: boolean;
  /** `read` refuses larger files. Default 10 MB. */
  maxReadBytes?: number;
  /** How many rg processes a search runs at once. Default: one per core, up to 8. */
  searchProcesses?: number;
}

const DEFAULT_MAX_READ_BYTES = 10 * 1024 * 1024;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export class NodeWorkspace implements Workspace {
  readonly root: string;
  /** The rg binary in use; undefined when searches use the builtin engine. */
  readonly ripgrepPath: string | undefined;
  /** Which engine searches use, and why (searchEngine.ts). */
  readonly searchEngine: SearchEngine;
  private readonly confinement: Confinement;
  private readonly maxReadBytes: number;
  private readonly searchProcesses: number | undefined;

  /** @param root an absolute folder; resolved through symbolic links once, here. */
  constructor(root: string, options: NodeWorkspaceOptions = {}) {
    if (!isAbsolute(root)) throw new Error(`Workspace root must be an absolute path: ${root}`);
    this.root = realpathSync(root);
    if (!statSync(this.root).isDirectory()) throw new Error(`Workspace root is not a folder: ${root}`);
    this.confinement = new Confinement(this.root);
    this.searchEngine =
      options.ripgrep === false ? { kind: 'builtin' } : chooseSearchEngine(options.ripgrep, process.env, options.bundledRipgrep === true);
    this.ripgrepPath = this.searchEngine.kind === 'ripgrep' ? this.searchEngine.path : undefined;
    this.maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
    this.searchProcesses = options.searchProcesses;
  }

  async list(path: string, options: ListOptions = {}): Promise<DirEntry[]> {
    const rel = normalizeWorkspacePath(path);
    const real = await this.confinement.resolve(rel);
    if (!(await this.stat(rel, real)).isDirectory()) {
      throw new ToolError(`"${rel}" is a file, not a folder; use read_file to read it.`);
    }
    const realRel = this.confinement.relativeOf(real);
    const rules = new IgnoreRules(this.root);
    // Listing a gitignored folder by name shows its contents: the caller asked for it.
    const filter = !options.includeIgnored && !(await rules.ignores(realRel, true));
    const entries: DirEntry[] = [];
    for (const dirent of await fsCall(rel, readdir(real, { withFileTypes: true }))) {
      if (dirent.name === '.git') continue;
      const childRel = realRel === '' ? dirent.name : `${realRel}/${dirent.name}`;
      if (filter && (await rules.ignores(childRel, dirent.isDirectory()))) continue;
      entries.push(await toEntry(dirent, real));
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async find(pattern: string, options: FindOptions): Promise<{ paths: string[]; truncated: boolean }> {
    const isMatch = globMatcher(checkGlobPattern(pattern));
    const paths: string[] = [];
    const walkOptions = { rules: new IgnoreRules(this.root), includeIgnored: options.includeIgnored, signal: options.signal };
    for await (const rel of walk(this.root, walkOptions)) {
      if (!isMatch(rel)) continue;
      if (paths.length === options.maxResults) return { paths, truncated: true };
      paths.push(rel);
    }
    return { paths, truncated: false };
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    if (typeof query !== 'string' || query === '') throw new ToolError('The search query must be a non-empty string.');
    const checked = {
      ...options,
      include: options.include === undefined ? undefined : checkGlobPattern(options.include, 'Include pattern'),
    };
    if (this.ripgrepPath) {
      try {
        return await searchWithRipgrep(this.ripgrepPath, this.root, query, checked, new IgnoreRules(this.root), this.searchProcesses);
      } catch (error) {
        if (!(error instanceof RipgrepUnavailable)) throw error;
      }
    }
    return searchBuiltin(this.root, query, checked, new IgnoreRules(this.root));
  }

  async read(path: string): Promise<FileContent> {
    const { rel, real } = await this.resolveFile(path);
    const size = (await this.stat(rel, real)).size;
    if (size > this.maxReadBytes) {
      throw new ToolError(
        `"${rel}" is ${formatSize(size)}, more than read_file's ${formatSize(this.maxReadBytes)} limit; use search_text to find the lines you need.`,
      );
    }
    const buffer = await fsCall(rel, readFile(real));
    return classifyContent(buffer, rel);
  }

  async readTextIfExists(path: string): Promise<string | undefined> {
    const rel = normalizeWorkspacePath(path);
    const real = await this.confinement.resolve(rel);
    const exists = await stat(real).then(
      () => true,
      () => false,
    );
    if (!exists) return undefined;
    const content = await this.read(rel);
    if (content.kind === 'binary') throw new ToolError(`"${rel}" is a binary file (${content.description}); it cannot be edited as text.`);
    return content.text;
  }

  /** The confined target of a write (refusing .git); for adapters that write another way (VS Code edits). */
  async resolveWritable(path: string): Promise<{ rel: string; real: string }> {
    const target = await this.resolveFile(path);
    if (this.confinement.relativeOf(target.real).split('/').includes('.git')) {
      throw new ToolError(`Refused: "${target.rel}" is inside a .git folder, which tools never change.`);
    }
    return target;
  }

  async write(path: string, content: string): Promise<void> {
    const { rel, real } = await this.resolveWritable(path);
    await fsCall(rel, mkdir(dirname(real), { recursive: true }));
    // Re-check after creating folders, and never let the final component be a link.
    const parent = await this.confinement.resolve(this.confinement.relativeOf(dirname(real)));
    const target = join(parent, basename(real));
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW;
    await fsCall(rel, writeFile(target, content, { encoding: 'utf8', flag: flags }));
  }

  /** A normalised, confined path that names a file (not the root, not a folder). */
  private async resolveFile(path: string): Promise<{ rel: string; real: string }> {
    const rel = normalizeWorkspacePath(path);
    if (rel === '') throw new ToolError('The workspace root is a folder; give a file path.');
    const real = await this.confinement.resolve(rel);
    const stats = await stat(real).catch(() => undefined);
    if (stats?.isDirectory()) throw new ToolError(`"${rel}" is a folder; use list_directory to see what it contains.`);
    if (stats && !stats.isFile()) throw new ToolError(`"${rel}" is not a regular file.`);
    return { rel, real };
  }

  private stat(rel: string, real: string): Promise<Stats> {
    return fsCall(rel, stat(real));
  }
}

async function toEntry(dirent: Dirent, folder: string): Promise<DirEntry> {
  const name = dirent.name;
  if (dirent.isSymbolicLink()) return { name, kind: 'symlink' };
  if (dirent.isDirectory()) return { name, kind: 'directory' };
  if (!dirent.isFile()) return { name, kind: 'other' };
  const size = await lstat(join(folder, name)).then(
    (s) => s.size,
    () => undefined,
  );
  return size === undefined ? { name, kind: 'file' } : { name, kind: 'file', size };
}

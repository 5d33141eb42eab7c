/**
 * Search through ripgrep: `rg --sort path` in a few processes at once over consecutive parts of the
 * tree (ripgrepPlan.ts), their lines put one part after the other and the search stopped once the
 * first max_results lines are known (ripgrepOrdered.ts). The flags make it agree with the builtin
 * engine: only `.gitignore` files inside the workspace count (no global, parent or .ignore files, no
 * git repo required), hidden files are searched, `.git` never is, symbolic links are not followed.
 * Results come in the walk's path order, so truncation keeps the same first matches whichever
 * process finishes first.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { ToolError } from '../agent/tool';
import type { SearchOptions, SearchResult } from '../tools/workspace/port';
import type { IgnoreRules } from './gitignore';
import { globMatcher } from './glob';
import { searchInOrder } from './ripgrepOrdered';
import { planSearch } from './ripgrepPlan';
import { learnCosts } from './ripgrepBalance';
import { firstLines, runRipgrep } from './ripgrepProcess';

export { RipgrepUnavailable } from './ripgrepProcess';

/** Where an rg binary came from: handed over (VS Code's), the variable, PATH, or the CLI's own package. */
export type RipgrepSource = 'given' | 'RESEARCH_COPILOT_RG' | 'PATH' | 'bundled';

export interface RipgrepChoice {
  path: string;
  source: RipgrepSource;
}

/**
 * The rg binary to use, in this order: `explicit` (VS Code's own, in the extension), else
 * `RESEARCH_COPILOT_RG`, else `rg` on PATH, else (when `bundled` names one: the CLI's, see
 * searchEngine.ts) that one; undefined when none is executable. searchEngine.ts says which.
 */
export function chooseRipgrep(explicit?: string, env: NodeJS.ProcessEnv = process.env, bundled?: string): RipgrepChoice | undefined {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const fromPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(isAbsolute)
    .map((dir): [string, RipgrepSource] => [join(dir, exe), 'PATH']);
  const candidates: Array<[string | undefined, RipgrepSource]> = [
    [explicit, 'given'],
    [env.RESEARCH_COPILOT_RG, 'RESEARCH_COPILOT_RG'],
    ...fromPath,
    [bundled, 'bundled'],
  ];
  const found = candidates.find(([candidate]) => candidate !== undefined && candidate !== '' && isExecutable(candidate));
  return found ? { path: found[0] as string, source: found[1] } : undefined;
}

/** The rg binary `chooseRipgrep` picks without a bundled one. */
export function findRipgrep(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return chooseRipgrep(explicit, env)?.path;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The flags that say what matches: the same in both phases. */
function matchArgs(query: string, options: SearchOptions): string[] {
  return [...(options.regex ? [] : ['--fixed-strings']), '-e', query];
}

/** Which files ripgrep looks at: the project's own ignore rules only, no config, links not followed. */
export const RG_FILE_FLAGS = [
  '--no-config',
  '--hidden',
  '--no-follow',
  '--no-require-git',
  '--no-ignore-parent',
  '--no-ignore-global',
  '--no-ignore-exclude',
  '--no-ignore-dot',
] as const;

/**
 * The flags before `--` for each process: JSON lines in path order (one thread per process), at
 * most `need` lines per file, the file selection, then the pattern.
 */
export function ripgrepArgs(query: string, options: SearchOptions, need: number, ignoreFile?: string): string[] {
  return [
    '--json',
    '--sort',
    'path',
    '--max-count',
    String(need),
    // rg maps a few named files into memory, and then does not report where a NUL byte is (ripgrepJson.ts needs it).
    '--no-mmap',
    ...RG_FILE_FLAGS,
    ...(options.includeIgnored ? ['--no-ignore'] : []),
    ...(ignoreFile ? ['--ignore-file', ignoreFile] : []),
    ...(options.include ? ['--glob', options.include] : []),
    '--glob',
    '!.git', // after the include: the last matching glob wins
    ...matchArgs(query, options),
  ];
}

/** How many rg processes one search runs at once: one per core, up to 8. */
export function searchProcesses(): number {
  return Math.min(availableParallelism(), 8);
}

/**
 * Runs rg with cwd = root; `options.include` must already be a checked glob. rg lets a `--glob`
 * override .gitignore, reads globs gitignore-style and searches files handed to it by name whatever
 * the globs say, so with an include each matching file is checked again with the builtin engine's
 * glob matcher and ignore rules.
 */
export async function searchWithRipgrep(
  rgPath: string,
  root: string,
  query: string,
  options: SearchOptions,
  rules: IgnoreRules,
  processes = searchProcesses(),
): Promise<SearchResult> {
  const { signal, maxResults } = options;
  const includeIgnored = options.includeIgnored === true;
  const keep = options.include ? fileFilter(options.include, includeIgnored, rules) : undefined;
  const plan = await planSearch(root, { rules, includeIgnored, processes, signal });
  // One line more than asked for shows whether more exist.
  const need = maxResults + 1;
  const { matches, statuses, durations } = await searchInOrder({
    rgPath,
    root,
    flags: ripgrepArgs(query, options, need, plan.ignoreFile),
    groups: plan.groups,
    need,
    concurrency: processes,
    keep,
    signal,
  });
  // Every group read to its end: its time says what its pieces cost, for the next search's cut.
  if (durations && plan.costs && plan.costKey && !options.include) learnCosts(plan.costKey, plan.groups, plan.costs, durations);
  // Status 2 also comes after a search in which some files could not be read; ask rg about the
  // pattern alone to tell that from a refusal (a bad regex). With nothing to search, ask anyway.
  if (matches.length === 0 && (statuses.includes(2) || plan.groups.length === 0)) await checkPattern(rgPath, root, query, options);
  return { matches: matches.slice(0, maxResults), truncated: matches.length > maxResults, engine: 'ripgrep' };
}

/** Throws the ToolError for a pattern (or glob) rg refuses; returns when rg accepts it. */
async function checkPattern(rgPath: string, root: string, query: string, options: SearchOptions): Promise<void> {
  const globs = options.include ? ['--glob', options.include] : [];
  // Searching nothing (stdin is /dev/null) still parses the pattern and the globs.
  const args = ['--no-config', ...globs, ...matchArgs(query, options), '--', '-'];
  const exit = await runRipgrep(rgPath, root, args, options.signal, async (stdout) => {
    for await (const chunk of stdout) void chunk;
  });
  if (exit.code !== 2) return;
  const why = firstLines(exit.stderr) || 'ripgrep exited with status 2';
  const bad = options.regex && /regex/i.test(why);
  throw new ToolError(bad ? `Invalid regular expression ${JSON.stringify(query)}: ${why}` : `Search failed: ${why}`);
}

function fileFilter(include: string, includeIgnored: boolean, rules: IgnoreRules): (rel: string) => Promise<boolean> {
  const included = globMatcher(include);
  return async (rel) => included(rel) && (includeIgnored || !(await rules.ignores(rel, false)));
}

/**
 * Search through ripgrep (`rg --json`). The flags make it agree with the builtin engine: only
 * `.gitignore` files inside the workspace count (no global, parent or .ignore files, no git repo
 * required), hidden files are searched, `.git` never is, symbolic links are not followed, and
 * `--sort path` gives a stable order so truncation keeps the same first matches.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ToolError } from '../agent/tool';
import type { SearchMatch, SearchOptions, SearchResult } from '../tools/workspace/port';
import { cutMatchText } from './builtinSearch';
import type { IgnoreRules } from './gitignore';
import { globMatcher } from './glob';

/** Thrown when the rg binary cannot be started; the caller falls back to the builtin search. */
export class RipgrepUnavailable extends Error {}

/**
 * The rg binary to use: `explicit` (e.g. the one VS Code bundles), else `RESEARCH_COPILOT_RG`,
 * else `rg` on PATH; undefined when none is executable.
 */
export function findRipgrep(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const fromPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(isAbsolute)
    .map((dir) => join(dir, exe));
  return [explicit, env.RESEARCH_COPILOT_RG, ...fromPath].find(
    (candidate): candidate is string => candidate !== undefined && candidate !== '' && isExecutable(candidate),
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function ripgrepArgs(query: string, options: SearchOptions): string[] {
  return [
    '--json',
    '--no-config',
    '--sort',
    'path',
    '--hidden',
    '--no-follow',
    '--no-require-git',
    '--no-ignore-parent',
    '--no-ignore-global',
    '--no-ignore-exclude',
    '--no-ignore-dot',
    ...(options.includeIgnored ? ['--no-ignore'] : []),
    ...(options.regex ? [] : ['--fixed-strings']),
    ...(options.include ? ['--glob', options.include] : []),
    '--glob',
    '!.git', // after the include: the last matching glob wins
    // --max-columns has no effect with --json; long lines are cut after parsing instead.
    '-e',
    query,
    '--',
    '.',
  ];
}

/**
 * Runs rg with cwd = root; `options.include` must already be a checked glob. rg lets a `--glob`
 * override .gitignore and reads globs gitignore-style, so with an include each reported file is
 * checked again with the builtin engine's glob matcher and ignore rules.
 */
export async function searchWithRipgrep(
  rgPath: string,
  root: string,
  query: string,
  options: SearchOptions,
  rules: IgnoreRules,
): Promise<SearchResult> {
  const { signal, maxResults } = options;
  signal?.throwIfAborted();
  const child = spawn(rgPath, ripgrepArgs(query, options), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new RipgrepUnavailable(`could not run ${rgPath}: ${error.message}`)));
  });
  const exitCode = new Promise<number | null>((resolve) => child.once('close', resolve));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const kill = (): void => {
    child.kill();
  };
  signal?.addEventListener('abort', kill, { once: true });

  const keep = options.include ? fileFilter(options.include, options.includeIgnored === true, rules) : undefined;
  const matches: SearchMatch[] = [];
  let truncated = false;
  let searched = false; // rg prints a summary once a search has run
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (line.startsWith('{"type":"summary"')) searched = true;
      const match = parseMatch(line);
      if (!match || (keep && !(await keep(match.path)))) continue;
      if (matches.length === maxResults) {
        truncated = true;
        break;
      }
      matches.push(match);
    }
  } finally {
    kill();
    signal?.removeEventListener('abort', kill);
  }
  signal?.throwIfAborted();
  // Exit 2 without a summary means rg refused the search (e.g. a bad regex); after a search, it
  // only means some files could not be read.
  if ((await exitCode) === 2 && !searched && !truncated && matches.length === 0) {
    const why = firstLines(stderr) || 'ripgrep exited with status 2';
    const bad = options.regex && /regex/i.test(why);
    throw new ToolError(bad ? `Invalid regular expression ${JSON.stringify(query)}: ${why}` : `Search failed: ${why}`);
  }
  return { matches, truncated, engine: 'ripgrep' };
}

function fileFilter(include: string, includeIgnored: boolean, rules: IgnoreRules): (rel: string) => Promise<boolean> {
  const included = globMatcher(include);
  let last: { rel: string; keep: boolean } | undefined;
  return async (rel) => {
    if (last?.rel !== rel) last = { rel, keep: included(rel) && (includeIgnored || !(await rules.ignores(rel, false))) };
    return last.keep;
  };
}

interface RgText {
  text?: string;
  bytes?: string;
}

function parseMatch(line: string): SearchMatch | undefined {
  if (!line.startsWith('{"type":"match"')) return undefined;
  const data = (JSON.parse(line) as { data: { path: RgText; lines: RgText; line_number: number } }).data;
  let path = decode(data.path).replace(/^\.[/\\]/, '');
  if (process.platform === 'win32') path = path.split('\\').join('/');
  return { path, line: data.line_number, text: cutMatchText(decode(data.lines)) };
}

function decode(value: RgText): string {
  return value.text ?? Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 6).join(' ').replace(/\s+/g, ' ').slice(0, 600);
}

/**
 * The search used when ripgrep is not available: a walk plus a line scan. Its results match
 * `rg --sort path`: the same files (gitignore honoured, hidden files included, symbolic links and
 * binary files skipped), the same order, the same cut of long lines.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../agent/tool';
import type { SearchMatch, SearchOptions, SearchResult } from '../tools/workspace/port';
import type { IgnoreRules } from './gitignore';
import { globMatcher } from './glob';
import { walk } from './walk';

/** Matching lines longer than this are cut (ripgrep's lines are cut the same way). */
export const MAX_MATCH_CHARS = 300;
/** Larger files are skipped by the builtin engine. */
const MAX_SEARCH_BYTES = 10 * 1024 * 1024;

export async function searchBuiltin(root: string, query: string, options: SearchOptions, rules: IgnoreRules): Promise<SearchResult> {
  const matchesLine = lineMatcher(query, options.regex);
  const included = options.include ? globMatcher(options.include) : () => true;
  const matches: SearchMatch[] = [];
  const walkOptions = { rules, includeIgnored: options.includeIgnored, signal: options.signal };
  for await (const rel of walk(root, walkOptions)) {
    if (!included(rel)) continue;
    const lines = await readTextLines(join(root, rel));
    for (let i = 0; i < lines.length; i++) {
      if (!matchesLine(lines[i])) continue;
      if (matches.length === options.maxResults) return { matches, truncated: true, engine: 'builtin' };
      matches.push({ path: rel, line: i + 1, text: cutMatchText(lines[i]) });
    }
  }
  return { matches, truncated: false, engine: 'builtin' };
}

/** Drops the line terminator and cuts long lines. */
export function cutMatchText(line: string): string {
  const text = line.replace(/\r?\n$/, '').replace(/\r$/, '');
  return text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) + '…' : text;
}

function lineMatcher(query: string, regex: boolean): (line: string) => boolean {
  if (!regex) return (line) => line.includes(query);
  let pattern: RegExp;
  try {
    pattern = new RegExp(query);
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new ToolError(`Invalid regular expression ${JSON.stringify(query)}: ${why}`);
  }
  return (line) => pattern.test(line);
}

/** Lines of a text file; nothing for binary, oversized or unreadable files. */
async function readTextLines(file: string): Promise<string[]> {
  try {
    if ((await stat(file)).size > MAX_SEARCH_BYTES) return [];
    const buffer = await readFile(file);
    if (buffer.includes(0)) return [];
    const lines = new TextDecoder('utf-8').decode(buffer).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  } catch {
    return [];
  }
}

/**
 * Path confinement, the lexical half: turns what the model typed into a workspace-relative POSIX
 * path, or refuses it. Pure (no file system); symbolic links are the Workspace port's half.
 */
import { ToolError } from '../agent/tool';

/** Characters that must never come out of percent-decoding: they could form a traversal. */
const DANGEROUS_DECODED = new Set(['.', '/', '\\', '\0']);
const PERCENT = /%([0-9a-fA-F]{2})/g;
const HAS_PERCENT = /%[0-9a-fA-F]{2}/;

/** "" for the workspace root, else e.g. "src/a.ts". Backslashes count as separators. */
export function normalizeWorkspacePath(input: unknown): string {
  const text = checkCommon(input, 'Path');
  const out: string[] = [];
  for (const segment of text.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) throw refuse(text, 'Path', "climbs out of the workspace with '..'");
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

/**
 * A glob for find_files or search_text's include: same refusals as a path, plus any `..` segment;
 * backslashes become `/`, a leading "./" is dropped.
 */
export function checkGlobPattern(input: unknown, what = 'Pattern'): string {
  const text = checkCommon(input, what);
  if (text.trim() === '') throw new ToolError(`${what} must not be empty.`);
  const pattern = text.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (pattern.split('/').includes('..')) {
    throw refuse(text, what, "contains a '..' segment; patterns are relative to the workspace root");
  }
  return pattern === '' || pattern === '.' ? '**' : pattern;
}

function checkCommon(input: unknown, what: string): string {
  if (typeof input !== 'string') {
    throw new ToolError(`${what} must be a string, got ${input === null ? 'null' : typeof input}.`);
  }
  if (input.includes('\0')) throw refuse(input, what, 'contains a NUL byte');
  if (/^[a-zA-Z]:/.test(input)) throw refuse(input, what, 'is an absolute Windows path; use a workspace-relative path');
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(input)) throw refuse(input, what, 'looks like a URL; use a workspace-relative path');
  if (input.startsWith('/') || input.startsWith('\\')) {
    throw refuse(input, what, 'is absolute; use a path relative to the workspace root');
  }
  if (input.startsWith('~')) throw refuse(input, what, "starts with '~' (a home folder); use a workspace-relative path");
  if (hasEncodedTraversal(input)) {
    throw refuse(input, what, "contains a percent-encoded '.', '/', '\\' or NUL (such as %2e or %252f); write the path plainly");
  }
  return input;
}

/** Decodes %XX repeatedly (double encoding included) and reports any dangerous character produced. */
function hasEncodedTraversal(text: string): boolean {
  let current = text;
  for (let round = 0; round < 8 && HAS_PERCENT.test(current); round++) {
    let dangerous = false;
    current = current.replace(PERCENT, (_, hex: string) => {
      const ch = String.fromCharCode(parseInt(hex, 16));
      if (DANGEROUS_DECODED.has(ch)) dangerous = true;
      return ch;
    });
    if (dangerous) return true;
  }
  return false;
}

function refuse(input: string, what: string, rule: string): ToolError {
  const shown = JSON.stringify(input.length > 120 ? input.slice(0, 120) + '…' : input);
  return new ToolError(`${what} ${shown} refused: it ${rule}.`);
}

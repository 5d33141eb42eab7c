import { normalizeWorkspacePath } from '../pathPolicy';
import { ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { DirEntry, Workspace } from './port';
import { formatSize, countOf, shownPath } from './format';

const NAME = 'list_directory';
const MAX_ENTRIES = 1000;

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'Folder relative to the workspace root; "" or "." for the root (the default).' },
  },
} as const satisfies ToolSchema;

export function listDirectoryTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      'List the entries of one folder in the workspace (not recursive). Folders end with "/", files show ' +
      'their size, symbolic links are marked "@" and not followed. Gitignored entries and .git are hidden. ' +
      'Use find_files to locate files by name anywhere.',
    schema,
    run: async (input) => {
      const rel = normalizeWorkspacePath(input.path ?? '');
      const entries = await ws.list(rel);
      if (entries.length === 0) return ok(`Folder "${shownPath(rel)}" is empty.`, { path: rel, count: 0 });
      const sorted = [...entries].sort((a, b) => rank(a) - rank(b));
      const lines = sorted.slice(0, MAX_ENTRIES).map(formatEntry);
      if (sorted.length > MAX_ENTRIES) lines.push(`[${sorted.length - MAX_ENTRIES} more entries not shown]`);
      return ok([`Folder "${shownPath(rel)}" (${summary(entries)}):`, ...lines].join('\n'), { path: rel, count: entries.length });
    },
  });
}

function rank(entry: DirEntry): number {
  return entry.kind === 'directory' ? 0 : 1; // stable sort keeps name order within each group
}

function formatEntry(entry: DirEntry): string {
  switch (entry.kind) {
    case 'directory':
      return `${entry.name}/`;
    case 'symlink':
      return `${entry.name}@ (symbolic link)`;
    case 'file':
      return entry.size === undefined ? entry.name : `${entry.name} (${formatSize(entry.size)})`;
    case 'other':
      return `${entry.name} (special file)`;
  }
}

function summary(entries: DirEntry[]): string {
  const count = (kind: DirEntry['kind']) => entries.filter((e) => e.kind === kind).length;
  const parts = [countOf(count('directory'), 'folder'), countOf(count('file'), 'file')];
  if (count('symlink') > 0) parts.push(countOf(count('symlink'), 'link'));
  if (count('other') > 0) parts.push(countOf(count('other'), 'other entry').replace('entrys', 'entries'));
  return parts.join(', ');
}

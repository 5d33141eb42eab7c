/**
 * The workspace port: everything the workspace tools need from a file system, and nothing more.
 * Paths are workspace-relative POSIX strings ("" is the root) that have already passed
 * `normalizeWorkspacePath`; implementations must still refuse anything that resolves outside the
 * workspace (symbolic links) by throwing `ToolError`.
 *
 * Implementations: `src/node/nodeWorkspace.ts` (CLI, tests) and, in the extension,
 * `src/host/vscodeWorkspace.ts`, which wraps it with VS Code's view (`files.exclude`, unsaved
 * buffers, writes as undoable WorkspaceEdits).
 */

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
  /** Bytes, for files. */
  size?: number;
}

export interface ListOptions {
  includeIgnored?: boolean;
}

export interface FindOptions {
  maxResults: number;
  includeIgnored?: boolean;
  signal?: AbortSignal;
}

export interface SearchOptions {
  regex: boolean;
  /** A glob limiting which files are searched, e.g. "src/**\/*.ts". */
  include?: string;
  maxResults: number;
  includeIgnored?: boolean;
  signal?: AbortSignal;
}

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** True when more matches existed than `maxResults`. */
  truncated: boolean;
  /** Which engine ran: "ripgrep" or "builtin" (or an editor's own). */
  engine: string;
}

export type FileContent = { kind: 'text'; text: string; size: number } | { kind: 'binary'; size: number; description: string };

export interface Workspace {
  /** Absolute location, for display only. */
  readonly root: string;
  list(path: string, options?: ListOptions): Promise<DirEntry[]>;
  /** Workspace-relative paths of files matching a glob, sorted. */
  find(pattern: string, options: FindOptions): Promise<{ paths: string[]; truncated: boolean }>;
  search(query: string, options: SearchOptions): Promise<SearchResult>;
  /** Throws ToolError when the path does not exist or is a directory. */
  read(path: string): Promise<FileContent>;
  /** Undefined when the file does not exist. */
  readTextIfExists(path: string): Promise<string | undefined>;
  /** Creates missing parent folders. */
  write(path: string, content: string): Promise<void>;
}

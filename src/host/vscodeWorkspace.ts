/**
 * The Workspace port inside VS Code. Confinement, listing and search come from NodeWorkspace (the
 * extension host is Node) using VS Code's bundled ripgrep; on top, VS Code's own view wins:
 * `files.exclude` hides files, unsaved editor buffers are what gets read, and writes are applied
 * as a WorkspaceEdit, so they are undoable and respect open buffers.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { globMatcher } from '../node/glob';
import type { DirEntry, FileContent, FindOptions, ListOptions, SearchOptions, SearchResult, Workspace } from '../tools/workspace/port';
import { normalizeWorkspacePath } from '../tools/pathPolicy';
import { ToolError } from '../agent/tool';

/** VS Code ships ripgrep; its place differs between desktop builds and servers. */
export function vscodeRipgrep(): string | undefined {
  const root = vscode.env.appRoot;
  for (const base of ['node_modules', 'node_modules.asar.unpacked']) {
    for (const pkg of ['@vscode/ripgrep', 'vscode-ripgrep']) {
      const candidate = join(root, base, pkg, 'bin', process.platform === 'win32' ? 'rg.exe' : 'rg');
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export class VsCodeWorkspace implements Workspace {
  private readonly inner: NodeWorkspace;
  readonly root: string;

  constructor(private readonly folder: vscode.Uri) {
    this.inner = new NodeWorkspace(folder.fsPath, { ripgrep: vscodeRipgrep() });
    this.root = this.inner.root;
  }

  private excluded(): (rel: string) => boolean {
    const patterns = Object.entries(vscode.workspace.getConfiguration('files', this.folder).get<Record<string, boolean>>('exclude') ?? {})
      .filter(([, on]) => on === true)
      .map(([glob]) => globMatcher(glob.replace(/^\*\*\//, '')));
    return (rel) => patterns.some((m) => m(rel) || rel.split('/').some((_, i, parts) => m(parts.slice(0, i + 1).join('/'))));
  }

  async list(path: string, options?: ListOptions): Promise<DirEntry[]> {
    const rel = normalizeWorkspacePath(path);
    const hidden = this.excluded();
    const entries = await this.inner.list(rel, options);
    return options?.includeIgnored ? entries : entries.filter((e) => !hidden(rel ? `${rel}/${e.name}` : e.name));
  }

  async find(pattern: string, options: FindOptions): Promise<{ paths: string[]; truncated: boolean }> {
    const hidden = this.excluded();
    const found = await this.inner.find(pattern, { ...options, maxResults: options.maxResults * 2 });
    const paths = options.includeIgnored ? found.paths : found.paths.filter((p) => !hidden(p));
    return { paths: paths.slice(0, options.maxResults), truncated: found.truncated || paths.length > options.maxResults };
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    const hidden = this.excluded();
    const result = await this.inner.search(query, options);
    if (options.includeIgnored) return result;
    return { ...result, matches: result.matches.filter((m) => !hidden(m.path)), engine: `${result.engine} (VS Code)` };
  }

  async read(path: string): Promise<FileContent> {
    const rel = normalizeWorkspacePath(path);
    const dirty = this.openDocument(rel);
    const content = await this.inner.read(rel);
    if (dirty?.isDirty && content.kind === 'text') {
      const text = dirty.getText();
      return { kind: 'text', text, size: Buffer.byteLength(text) };
    }
    return content;
  }

  async readTextIfExists(path: string): Promise<string | undefined> {
    const rel = normalizeWorkspacePath(path);
    const dirty = this.openDocument(rel);
    const text = await this.inner.readTextIfExists(rel);
    return dirty?.isDirty && text !== undefined ? dirty.getText() : text;
  }

  async write(path: string, content: string): Promise<void> {
    const { real } = await this.inner.resolveWritable(path);
    const uri = vscode.Uri.file(real);
    const edit = new vscode.WorkspaceEdit();
    const exists = existsSync(real);
    let doc: vscode.TextDocument | undefined;
    if (exists) {
      doc = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), content);
    } else {
      edit.createFile(uri, { ignoreIfExists: false, contents: Buffer.from(content, 'utf8') });
    }
    const wasDirty = doc?.isDirty ?? false;
    if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`VS Code could not apply the change to ${path}.`);
    // Save what the agent wrote, unless the user had unsaved changes of their own in that buffer.
    if (doc && !wasDirty) await doc.save();
  }

  private openDocument(rel: string): vscode.TextDocument | undefined {
    const target = vscode.Uri.joinPath(vscode.Uri.file(this.root), rel).toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
  }
}

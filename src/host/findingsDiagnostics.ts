/**
 * The editor's findings check (loaded on first use by findingsEntry.ts): Markdown documents get a
 * warning on each citation that is no longer current, kept up to date as the document is edited and
 * as cited files change on disk. One FindingsChecker per workspace folder; git only in a trusted
 * workspace (a repository's configuration is not run in Restricted Mode). Quick Fixes are in
 * findingsActions.ts.
 */
import * as vscode from 'vscode';
import { FindingsChecker } from '../agent/findings/checker';
import { describeCheck, summarizeChecks } from '../agent/findings/report';
import type { CitationCheck, DocumentCheck } from '../agent/findings/types';
import { NodeFindingsPort, workspacePath } from '../node/findingsPort';
import { findingsCodeActions, registerFormerTexts, showCitedChange, type CheckedDocument } from './findingsActions';

export const FINDINGS_SOURCE = 'Research Copilot';
/** A document edit waits this long for the next keystroke; a file change for the others of a save or checkout. */
const EDIT_DELAY_MS = 300;
const FILE_DELAY_MS = 150;

interface Folder {
  checker: FindingsChecker;
  port: NodeFindingsPort;
}

export class FindingsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('research-copilot-findings');
  private readonly folders = new Map<string, Folder>();
  private readonly checked = new Map<string, CheckedDocument>();
  /** Per document: the cited paths changed since its last check (undefined: read everything again), and the timer. */
  private readonly pending = new Map<string, { changed: Set<string> | undefined; timer: NodeJS.Timeout }>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables = [
      this.collection,
      watcher,
      registerFormerTexts(),
      watcher.onDidChange((uri) => this.fileChanged(uri)),
      watcher.onDidCreate((uri) => this.fileChanged(uri)),
      watcher.onDidDelete((uri) => this.fileChanged(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.checked.has(e.document.uri.toString()) && e.contentChanges.length) this.schedule(e.document, [], EDIT_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.folders.clear(); // the next checks may use git
        for (const doc of vscode.workspace.textDocuments) if (this.checked.has(doc.uri.toString())) this.schedule(doc, undefined, 0);
      }),
    ];
  }

  /** Checks a Markdown document and shows its problems; `changed`: the paths changed since its last check (undefined: all). */
  async check(doc: vscode.TextDocument, changed?: readonly string[]): Promise<DocumentCheck | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder || folder.uri.scheme !== 'file' || doc.uri.scheme !== 'file') return undefined;
    const path = workspacePath(folder.uri.fsPath, doc.uri.fsPath);
    const { checker, port } = this.folder(folder);
    const version = doc.version;
    let result: DocumentCheck;
    try {
      result = await checker.check({ ...(path !== undefined ? { path } : {}), text: doc.getText() }, changed);
    } catch (e) {
      this.log.warn(`findings: checking ${doc.uri.fsPath} failed: ${(e as Error).message}`);
      return undefined;
    }
    if (doc.isClosed || doc.version !== version) return result; // a newer check is on its way
    const problems = result.checks.filter((c) => c.status !== 'current');
    const diagnostics = problems.map((c) => toDiagnostic(doc, c));
    this.checked.set(doc.uri.toString(), { version, path, checker, port, problems, diagnostics });
    this.collection.set(doc.uri, diagnostics);
    return result;
  }

  /** One line for a whole document's check ("3 citations: 2 current, 1 moved"), as the CLI says it. */
  summarize(result: DocumentCheck): string {
    return summarizeChecks(result.checks);
  }

  codeActions(doc: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const checked = this.checked.get(doc.uri.toString());
    return checked && checked.version === doc.version ? findingsCodeActions(doc, checked, context) : [];
  }

  async showChange(docUri: string, index: number): Promise<void> {
    const checked = this.checked.get(docUri);
    const check = checked?.problems[index];
    if (!checked || !check) return;
    await showCitedChange(checked.port, check);
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const checked = this.checked.get(key);
    checked?.checker.forget(checked.path);
    this.checked.delete(key);
    clearTimeout(this.pending.get(key)?.timer);
    this.pending.delete(key);
    this.collection.delete(uri);
  }

  clearAll(): void {
    for (const doc of vscode.workspace.textDocuments) if (this.checked.has(doc.uri.toString())) this.clear(doc.uri);
    this.collection.clear();
  }

  dispose(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const d of this.disposables) d.dispose();
  }

  private folder(folder: vscode.WorkspaceFolder): Folder {
    const key = folder.uri.toString();
    let f = this.folders.get(key);
    if (!f) {
      const root = folder.uri.fsPath;
      const port = new NodeFindingsPort(root, { git: vscode.workspace.isTrusted });
      f = { port, checker: new FindingsChecker(port, { workspaceRoot: root }) };
      this.folders.set(key, f);
    }
    return f;
  }

  /** A file changed on disk: every checked document of its folder that cites it is checked again for it. */
  private fileChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const rel = workspacePath(folder.uri.fsPath, uri.fsPath);
    if (rel === undefined) return;
    for (const doc of vscode.workspace.textDocuments) {
      const checked = this.checked.get(doc.uri.toString());
      if (checked && checked.checker.citedPaths(checked.path).includes(rel)) this.schedule(doc, [rel], FILE_DELAY_MS);
    }
  }

  /** Checks the document after `delay`, with the changed paths of every call in between (undefined wins: read everything). */
  private schedule(doc: vscode.TextDocument, changed: readonly string[] | undefined, delay: number): void {
    const key = doc.uri.toString();
    const prev = this.pending.get(key);
    clearTimeout(prev?.timer);
    const paths = prev && !prev.changed ? undefined : changed && new Set([...(prev?.changed ?? []), ...changed]);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      if (!doc.isClosed) void this.check(doc, paths && [...paths]);
    }, delay);
    this.pending.set(key, { changed: paths, timer });
  }
}

function toDiagnostic(doc: vscode.TextDocument, c: CitationCheck): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(c.citation.start), doc.positionAt(c.citation.end));
  const d = new vscode.Diagnostic(range, `Citation ${describeCheck(c)}`, vscode.DiagnosticSeverity.Warning);
  d.source = FINDINGS_SOURCE;
  d.code = c.status;
  return d;
}

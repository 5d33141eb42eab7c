/**
 * Inserts an answer with its sources at the cursor: Markdown, or a comment block in code. One undo removes
 * it. The session's latest answer, or turn `turn`'s.
 */
import * as vscode from 'vscode';
import { commentPrefix } from '../report/commentStyle';
import { formatGroundedFindings } from '../report/findingsFormat';
import { runSources } from '../report/sources';
import { workspaceFileSource } from './citations';
import type { RunSession } from './runSession';

export async function insertFindings(
  session: RunSession | undefined,
  editor: vscode.TextEditor | undefined,
  turn?: number,
): Promise<string | undefined> {
  if (!session) return 'There is no research run yet. Run "Research Copilot: Research This" first.';
  const view = session.turnView(turn);
  const answer = view?.answer;
  if (!view || answer === undefined) return turn === undefined ? 'The latest run has no answer yet.' : `Turn ${turn} has no answer.`;
  if (!editor) return 'Open the document to insert the findings into, put the cursor where they belong, and try again.';
  const comment = commentPrefix(editor.document.languageId);
  const { files, root } = workspaceFileSource();
  const sources = await runSources(answer, view.events, files, root);
  const text = formatGroundedFindings(
    view.question,
    answer,
    sources,
    comment ? { comment } : { fromDir: folderOf(editor.document.uri, root) },
  );
  const at = editor.selection.active;
  const lead = at.character > 0 ? '\n' : '';
  const ok = await editor.edit((b) => b.insert(at, lead + text), { undoStopBefore: true, undoStopAfter: true });
  return ok ? undefined : 'VS Code refused the edit (is the document read-only?).';
}

/** The document's folder relative to the workspace root ("" when it is not a file under it). */
function folderOf(uri: vscode.Uri, root: string | undefined): string {
  if (!root || uri.scheme !== 'file') return '';
  const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  if (rel === uri.fsPath || rel.startsWith('/')) return '';
  return rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
}

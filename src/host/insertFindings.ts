/**
 * Inserts an answer with its sources at the cursor: Markdown, or a comment block in code. One undo removes
 * it. The session's latest answer, or turn `turn`'s. The editor is the active text editor, else the
 * document the cursor was last in (shown again when its editor is gone), else none: then the user is asked
 * to open one. VS Code's own errors (an editor closed on the way) become a sentence, never an internal error.
 */
import * as vscode from 'vscode';
import { commentPrefix } from '../report/commentStyle';
import { formatGroundedFindings } from '../report/findingsFormat';
import { runSources } from '../report/sources';
import { workspaceFileSource } from './citations';
import type { CursorPlace } from './editorTracker';
import type { RunSession } from './runSession';

const OPEN_A_DOCUMENT = 'Open the document to insert the findings into, put the cursor where they belong, and try again.';

export async function insertFindings(
  session: RunSession | undefined,
  lastPlace: CursorPlace | undefined,
  turn?: number,
): Promise<string | undefined> {
  if (!session) return 'There is no research run yet. Run "Research Copilot: Research This" first.';
  const view = session.turnView(turn);
  const answer = view?.answer;
  if (!view || answer === undefined) return turn === undefined ? 'The latest run has no answer yet.' : `Turn ${turn} has no answer.`;
  const target = await insertionTarget(lastPlace);
  if (!target) return OPEN_A_DOCUMENT;
  const comment = commentPrefix(target.editor.document.languageId);
  const { files, root } = workspaceFileSource();
  const sources = await runSources(answer, view.events, files, root);
  const text = formatGroundedFindings(
    view.question,
    answer,
    sources,
    comment ? { comment } : { fromDir: folderOf(target.editor.document.uri, root) },
  );
  const edit = (t: Target) => {
    const lead = t.at.character > 0 ? '\n' : '';
    return t.editor.edit((b) => b.insert(t.at, lead + text), { undoStopBefore: true, undoStopAfter: true });
  };
  let ok: boolean;
  try {
    ok = await edit(target);
  } catch {
    // The editor went away between finding it and editing (closed, or replaced in its group): show the
    // document again and insert there.
    const again = await reopen({ uri: target.editor.document.uri, position: target.at, viewColumn: target.editor.viewColumn });
    if (!again) return `The document was closed before the findings could be inserted. ${OPEN_A_DOCUMENT}`;
    ok = await edit(again).then(
      (done) => done,
      () => false,
    );
  }
  return ok ? undefined : 'VS Code refused the edit (is the document read-only?).';
}

interface Target {
  editor: vscode.TextEditor;
  at: vscode.Position;
}

/** The active text editor; else the last place's document, in a visible editor or shown again. */
async function insertionTarget(lastPlace: CursorPlace | undefined): Promise<Target | undefined> {
  const active = vscode.window.activeTextEditor;
  if (active) return { editor: active, at: active.selection.active };
  if (!lastPlace) return undefined;
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === lastPlace.uri.toString());
  if (shown) return { editor: shown, at: shown.selection.active };
  return reopen(lastPlace);
}

/** Shows the place's document again (in its group, the cursor where it was); undefined when it cannot be opened. */
async function reopen(place: CursorPlace): Promise<Target | undefined> {
  try {
    const document = await vscode.workspace.openTextDocument(place.uri);
    const at = document.validatePosition(place.position);
    const editor = await vscode.window.showTextDocument(document, {
      ...(place.viewColumn !== undefined ? { viewColumn: place.viewColumn } : {}),
      selection: new vscode.Range(at, at),
    });
    return { editor, at };
  } catch {
    return undefined;
  }
}

/** The document's folder relative to the workspace root ("" when it is not a file under it). */
function folderOf(uri: vscode.Uri, root: string | undefined): string {
  if (!root || uri.scheme !== 'file') return '';
  const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  if (rel === uri.fsPath || rel.startsWith('/')) return '';
  return rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
}

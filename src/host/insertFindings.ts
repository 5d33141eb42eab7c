/** Inserts a run's answer with its sources at the cursor: Markdown, or a comment block in code. One undo removes it. */
import type * as vscode from 'vscode';
import { collectSources, commentPrefix, formatFindings } from '../agent/findings';
import type { RunSession } from './runSession';

export async function insertFindings(session: RunSession | undefined, editor: vscode.TextEditor | undefined): Promise<string | undefined> {
  if (!session) return 'There is no research run yet. Run "Research Copilot: Research This" first.';
  const answer = session.answer();
  if (answer === undefined) return 'The latest run has no answer yet.';
  if (!editor) return 'Open the document to insert the findings into, put the cursor where they belong, and try again.';
  const comment = commentPrefix(editor.document.languageId);
  const text = formatFindings(session.question, answer, collectSources(session.events, answer), comment ? { comment } : {});
  const at = editor.selection.active;
  const lead = at.character > 0 ? '\n' : '';
  const ok = await editor.edit((b) => b.insert(at, lead + text), { undoStopBefore: true, undoStopAfter: true });
  return ok ? undefined : 'VS Code refused the edit (is the document read-only?).';
}

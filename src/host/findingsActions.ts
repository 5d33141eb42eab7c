/**
 * The Quick Fixes on findings diagnostics: a moved citation is pointed at its lines now (the same
 * edits as `check-findings --fix`), several at once when there are several; a changed one opens the
 * cited file beside its former text (the committed file, or the excerpt put back), at the cited lines.
 */
import * as vscode from 'vscode';
import type { FindingsChecker } from '../agent/findings/checker';
import { fixEdits, moveEdits, type TextEdit } from '../agent/findings/fix';
import { formerText } from '../agent/findings/former';
import type { CitationCheck } from '../agent/findings/types';
import type { NodeFindingsPort } from '../node/findingsPort';

export const SHOW_CITED_CHANGE_COMMAND = 'researchCopilot.showCitedChange';
export const FORMER_SCHEME = 'research-copilot-former';

/** A document's last check as the editor shows it: its problems, each with its diagnostic (same order). */
export interface CheckedDocument {
  version: number;
  path: string | undefined;
  checker: FindingsChecker;
  port: NodeFindingsPort;
  problems: CitationCheck[];
  diagnostics: vscode.Diagnostic[];
}

export function findingsCodeActions(
  doc: vscode.TextDocument,
  checked: CheckedDocument,
  context: vscode.CodeActionContext,
): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const d of context.diagnostics) {
    const index = checked.diagnostics.findIndex((x) => x.range.isEqual(d.range) && x.message === d.message);
    const check = checked.problems[index];
    if (!check) continue;
    if (check.status === 'moved' && check.nowLines) {
      const { start, end } = check.nowLines;
      const title = start === end ? `Update to line ${start}` : `Update to lines ${start}–${end}`;
      actions.push(editAction(title, doc, moveEdits(check), [checked.diagnostics[index]], true));
    } else if (check.status === 'changed' && check.former) {
      const action = new vscode.CodeAction(`Open ${check.ref} at the old and new text`, vscode.CodeActionKind.QuickFix);
      action.command = { title: action.title, command: SHOW_CITED_CHANGE_COMMAND, arguments: [doc.uri.toString(), index] };
      action.diagnostics = [checked.diagnostics[index]];
      actions.push(action);
    }
  }
  const moved = checked.problems.filter((c) => c.status === 'moved');
  if (moved.length > 1 && actions.some((a) => a.edit)) {
    const all = checked.diagnostics.filter((_, i) => checked.problems[i].status === 'moved');
    actions.push(editAction(`Update all ${moved.length} moved citations in this document`, doc, fixEdits(moved), all, false));
  }
  return actions;
}

function editAction(
  title: string,
  doc: vscode.TextDocument,
  edits: TextEdit[],
  diagnostics: vscode.Diagnostic[],
  preferred: boolean,
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  for (const e of edits) action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  action.diagnostics = diagnostics;
  action.isPreferred = preferred;
  return action;
}

const formers = new Map<string, string>();
let formerCount = 0;

/** Serves the former texts the diff editor shows on the left. */
export function registerFormerTexts(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(FORMER_SCHEME, {
    provideTextDocumentContent: (uri) => formers.get(uri.toString()) ?? '',
  });
}

/** Opens a diff: the cited file as the citation knew it on the left, the file now on the right, at the cited lines. */
export async function showCitedChange(port: NodeFindingsPort, check: CitationCheck): Promise<void> {
  const current = (await port.readFile(check.ref)) ?? '';
  const former = formerText(check, current);
  if (former === undefined) return;
  const left = vscode.Uri.from({ scheme: FORMER_SCHEME, path: `/${check.ref}`, query: String(++formerCount) });
  if (formers.size > 32) formers.clear();
  formers.set(left.toString(), former);
  const right = vscode.Uri.joinPath(vscode.Uri.file(port.root), ...check.ref.split('/'));
  const line = Math.max(0, (check.nowLines?.start ?? check.citation.lines?.start ?? 1) - 1);
  const title = `${check.ref}: as cited ↔ now`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { selection: new vscode.Range(line, 0, line, 0), preview: true });
}

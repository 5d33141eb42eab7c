/** Turns what the user is looking at into a research question. */
import * as vscode from 'vscode';
import { relative } from 'node:path';

export async function questionFromEditor(editor: vscode.TextEditor | undefined): Promise<string | undefined> {
  const selection = editor?.selection;
  const text = editor && selection && !selection.isEmpty ? editor.document.getText(selection).trim() : '';
  if (editor && text) {
    const where = location(editor, selection!.start.line + 1, selection!.end.line + 1);
    return `Research this (selected in ${where}):\n\n${text}`;
  }
  const line = editor ? editor.document.lineAt(editor.selection.active.line).text.trim() : '';
  return vscode.window.showInputBox({
    title: 'Research This',
    prompt: 'What should Research Copilot research?',
    value: line,
    ignoreFocusOut: true,
  });
}

function location(editor: vscode.TextEditor, start: number, end: number): string {
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
  const path = folder ? relative(folder.uri.fsPath, editor.document.uri.fsPath) : editor.document.fileName;
  return start === end ? `${path}:${start}` : `${path}:${start}-${end}`;
}

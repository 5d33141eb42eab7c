/**
 * Where the user last had a text cursor: the document, the position and the editor group, kept while
 * editors change and the cursor moves. Insert Findings writes there when no text editor is active (its
 * panel button takes the focus). It keeps a place, never a TextEditor: VS Code disposes an editor whose
 * tab is closed or replaced (a Welcome page opening in its group), and editing a disposed one throws.
 * Part of start-up (it must see the editors from activation on), so it stays this small.
 */
import * as vscode from 'vscode';

export interface CursorPlace {
  uri: vscode.Uri;
  position: vscode.Position;
  viewColumn: vscode.ViewColumn | undefined;
}

export class EditorTracker implements vscode.Disposable {
  private place: CursorPlace | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.note(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => this.note(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.note(e.textEditor);
      }),
    ];
  }

  /** The last place a text cursor was, if any. */
  get lastPlace(): CursorPlace | undefined {
    return this.place;
  }

  private note(editor: vscode.TextEditor | undefined): void {
    // The Output panel's document is a text editor too, but nothing a user inserts findings into.
    if (!editor || editor.document.uri.scheme === 'output') return;
    this.place = { uri: editor.document.uri, position: editor.selection.active, viewColumn: editor.viewColumn };
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

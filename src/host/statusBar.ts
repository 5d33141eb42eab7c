import * as vscode from 'vscode';

/** Shows progress while runs are going; a click stops the newest. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.command = 'researchCopilot.stop';
  }

  update(running: number): void {
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) Research Copilot: ${running} run${running > 1 ? 's' : ''}`;
    this.item.tooltip = 'A research run is going. Click to stop it.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * The trajectory panel: one WebviewPanel per run, beside the editor. It sends a snapshot when the
 * webview says it is ready (first load, reload, shown again), then appended events in small batches.
 * Everything the webview sends is checked by `parsePanelMessage`; anything else is dropped.
 */
import * as vscode from 'vscode';
import { parsePanelMessage, type HostMessage, type PanelMessage } from '../shared/panelProtocol';
import { makeNonce, panelHtml } from './panelHtml';
import { PANEL_VIEW_TYPE } from './entryPoints';
import type { RunSession } from './runSession';

export interface PanelActions {
  stop(session: RunSession): void;
  /** The latest answer's, or turn `turn`'s. */
  insertFindings(session: RunSession, turn?: number): void;
  exportRun(session: RunSession, turn?: number): void;
  /** A follow-up from the question box: the session's next turn. */
  ask(session: RunSession, question: string): void;
  openFile(path: string, line: number | undefined): void;
  openUrl(url: string): void;
  log(message: string): void;
  /** Opens a research_subtask's child run of `session` in a panel of its own. */
  openSubtask?(session: RunSession, childRunId: string): void;
}

/** Events posted within this window travel together, so a fast run costs few messages. */
const BATCH_MS = 16;

export class ResearchPanel {
  private static readonly open = new Map<string, ResearchPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private queue: HostMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  /** Notices outlive webview reloads: they are re-sent after every snapshot. */
  private readonly notices: HostMessage[] = [];

  /**
   * Shows the run's panel. It keeps the keyboard where the user is (an editor, a quick pick they have
   * open) unless `takeFocus`: the user asked for this run (Show Runs, a link to it).
   */
  static show(extensionUri: vscode.Uri, session: RunSession, actions: PanelActions, takeFocus = false): ResearchPanel {
    const existing = ResearchPanel.open.get(session.runId);
    if (existing) {
      existing.panel.reveal(undefined, !takeFocus);
      return existing;
    }
    // Runs share one column beside the editor: a second run opens as a tab next to the first, not in
    // a third column.
    const column = [...ResearchPanel.open.values()].map((p) => p.panel.viewColumn).find((c) => c !== undefined) ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      title(session),
      { viewColumn: column, preserveFocus: !takeFocus },
      webviewOptions(extensionUri),
    );
    return new ResearchPanel(panel, extensionUri, session, actions);
  }

  /** After a window reload: the serializer hands back the panel; the session comes from disk. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, session: RunSession, actions: PanelActions): ResearchPanel {
    panel.webview.options = webviewOptions(extensionUri);
    panel.title = title(session);
    return new ResearchPanel(panel, extensionUri, session, actions);
  }

  static forRun(runId: string): ResearchPanel | undefined {
    return ResearchPanel.open.get(runId);
  }

  /** The runs open in a panel of this window. */
  static openSessions(): RunSession[] {
    return [...ResearchPanel.open.values()].map((p) => p.session);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly session: RunSession,
    private readonly actions: PanelActions,
  ) {
    ResearchPanel.open.set(session.runId, this);
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: title(session),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it asks for a snapshot again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
    const unsubscribe = session.subscribe((m) => this.enqueue(m));
    this.disposables.push({ dispose: unsubscribe });
  }

  private receive(raw: unknown): void {
    const message = parsePanelMessage(raw);
    if (!message) {
      this.actions.log(`ignored a malformed message from the panel of run ${this.session.runId}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: PanelMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.queue = [];
        void this.panel.webview.postMessage(this.session.snapshot());
        for (const n of this.notices) void this.panel.webview.postMessage(n);
        return;
      case 'stop':
        this.actions.stop(this.session);
        return;
      case 'insertFindings':
        this.actions.insertFindings(this.session, message.turn);
        return;
      case 'exportRun':
        this.actions.exportRun(this.session, message.turn);
        return;
      case 'ask':
        this.actions.ask(this.session, message.question.trim());
        return;
      case 'openFile':
        this.actions.openFile(message.path, message.line);
        return;
      case 'openUrl':
        this.actions.openUrl(message.url);
        return;
      case 'approve':
        this.session.resolveApproval(message.id, message.decision);
        return;
      case 'budget':
        this.session.resolveBudget(
          message.decision === 'stop'
            ? { continue: false }
            : {
                continue: true,
                budget: {
                  ...(message.tokens !== undefined ? { tokens: message.tokens } : {}),
                  ...(message.usd !== undefined ? { usd: message.usd } : {}),
                },
              },
        );
        break;
      case 'attemptSummary':
        if (message.action === 'hold') this.session.summaryReview.hold(message.attempt);
        else this.session.summaryReview.start(message.attempt, message.summary);
        return;
      case 'openSubtask':
        this.actions.openSubtask?.(this.session, message.childRunId);
        return;
    }
  }

  private enqueue(message: HostMessage): void {
    if (!this.ready) return; // the snapshot on `ready` will carry it
    this.queue.push(message);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    // Consecutive event messages merge into one; others keep their order.
    const merged: HostMessage[] = [];
    for (const m of batch) {
      const last = merged[merged.length - 1];
      if (m.type === 'events' && last?.type === 'events') last.events.push(...m.events);
      else merged.push(m.type === 'events' ? { type: 'events', events: [...m.events] } : m);
    }
    for (const m of merged) void this.panel.webview.postMessage(m);
  }

  notice(level: 'info' | 'error', text: string): void {
    const message: HostMessage = { type: 'notice', level, text };
    this.notices.push(message);
    this.enqueue(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    ResearchPanel.open.delete(this.session.runId);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function title(session: RunSession): string {
  const q = session.question.replace(/\s+/g, ' ').trim();
  return `Research: ${q.length > 40 ? q.slice(0, 40) + '…' : q}`;
}

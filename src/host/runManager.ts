/**
 * Starts, tracks, stops and restores runs in the extension host: the same agent loop the CLI runs,
 * with VS Code's workspace, VS Code's model or an endpoint, a trajectory file per run, and a panel.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { runAgent } from '../agent/loop';
import { makeRedactor } from '../agent/redact';
import { TrajectoryWriter } from '../node/trajectoryFile';
import type { RunTools } from '../node/runTools';
import { readSettings, type Settings } from './config';
import { chooseModel } from './modelChoice';
import { hostCitationReviewer } from './citations';
import { ResearchPanel, type PanelActions } from './researchPanel';
import { RunSession } from './runSession';
import { type RunStore } from './runStore';
import { type StatusBar } from './statusBar';

export interface RunManagerDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  store: RunStore;
  statusBar: StatusBar;
  /** Tools for one run over the current workspace; disposed when the run ends. Throws for a configuration error. */
  runTools(settings: Settings): Promise<RunTools>;
  panelActions: PanelActions;
}

export class RunManager {
  private readonly sessions = new Map<string, RunSession>();
  private latest: RunSession | undefined;

  constructor(private readonly deps: RunManagerDeps) {}

  get latestRun(): RunSession | undefined {
    return this.latest;
  }

  running(): RunSession[] {
    return [...this.sessions.values()].filter((s) => s.status === 'running');
  }

  async start(question: string): Promise<RunSession> {
    const { context, log, store } = this.deps;
    const runId = randomUUID();
    const session = new RunSession(runId, question, store.pathFor(runId));
    this.sessions.set(runId, session);
    this.latest = session;
    const panel = ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
    const settings = readSettings();
    const choice = await chooseModel(settings, context.secrets);
    if (!choice.ok) {
      session.setStatus('failed');
      panel.notice('error', choice.message);
      log.warn(`run not started: ${choice.message}`);
      void vscode.window.showErrorMessage(`Research Copilot: ${choice.message}`, 'Open Settings', 'Set API Key').then((pick) => {
        if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'researchCopilot');
        if (pick === 'Set API Key') void vscode.commands.executeCommand('researchCopilot.setApiKey');
      });
      return session;
    }
    let runTools: RunTools;
    try {
      runTools = await this.deps.runTools(settings);
    } catch (e) {
      const message = `the tools could not be set up: ${(e as Error).message}`;
      session.setStatus('failed');
      panel.notice('error', message);
      log.warn(`run not started: ${message}`);
      void vscode.window.showErrorMessage(`Research Copilot: ${message}`);
      return session;
    }
    for (const problem of runTools.problems) {
      panel.notice('info', problem);
      log.warn(`run ${runId}: ${problem}`);
    }
    const redact = makeRedactor([choice.apiKey]);
    const writer = new TrajectoryWriter(session.trajectoryPath, redact);
    const folder = vscode.workspace.workspaceFolders?.[0];
    log.info(`run ${runId} started with ${choice.label} (${choice.protocol}); trajectory ${session.trajectoryPath}`);
    this.deps.statusBar.update(this.running().length);
    void runAgent({
      question,
      model: choice.client,
      protocol: choice.protocol,
      tools: runTools.tools,
      approve: (request, signal) => {
        ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
        return session.requestApproval(request, signal);
      },
      signal: session.controller.signal,
      runId,
      maxTurns: settings.maxTurns,
      keepToolResults: settings.keepToolResults,
      maxToolResultChars: settings.maxToolResultChars,
      contextWindow: settings.contextWindow,
      ...(folder ? { workspace: folder.uri.fsPath } : {}),
      ...hostCitationReviewer(),
      onEvent: (event) => {
        writer.write(event);
        session.push(event);
        if (event.type === 'retry') log.warn(`run ${runId}: retry ${event.attempt} in ${event.delayMs} ms: ${redact(event.reason)}`);
      },
    })
      .then((result) => {
        log.info(
          `run ${runId} ended: ${result.stopReason}, ${result.turns} turns, ${result.toolCalls} tool calls${result.error ? `, ${redact(result.error)}` : ''}`,
        );
        if (result.stopReason === 'model_error')
          void vscode.window.showErrorMessage(`Research Copilot: ${redact(result.error ?? 'the model failed')}`);
      })
      .catch((e: unknown) => {
        log.error(`run ${runId} crashed: ${redact((e as Error)?.message ?? String(e))}`);
        session.setStatus('failed');
      })
      .finally(() => {
        void runTools.dispose();
        writer.close();
        if (writer.error) log.error(`run ${runId}: trajectory not fully written: ${writer.error.message}`);
        this.deps.statusBar.update(this.running().length);
      });
    return session;
  }

  stop(session?: RunSession): boolean {
    const target = session ?? this.running().at(-1);
    if (!target || target.status !== 'running') return false;
    target.controller.abort();
    return true;
  }

  /** A session by id: in memory, else read back from its trajectory file. */
  load(runId: string): RunSession | undefined {
    const live = this.sessions.get(runId);
    if (live) return live;
    try {
      const events = this.deps.store.read(runId);
      const session = RunSession.fromEvents(runId, this.deps.store.pathFor(runId), events);
      this.sessions.set(runId, session);
      this.latest ??= session;
      return session;
    } catch (e) {
      this.deps.log.warn(`run ${runId} could not be read: ${(e as Error).message}`);
      return undefined;
    }
  }

  show(runId: string): boolean {
    const session = this.load(runId);
    if (!session) return false;
    ResearchPanel.show(this.deps.context.extensionUri, session, this.deps.panelActions);
    this.latest = session;
    return true;
  }

  revive(panel: vscode.WebviewPanel, runId: unknown): void {
    const session = typeof runId === 'string' ? this.load(runId) : undefined;
    if (!session) {
      panel.dispose();
      return;
    }
    ResearchPanel.revive(panel, this.deps.context.extensionUri, session, this.deps.panelActions);
  }

  stopAll(): void {
    for (const s of this.running()) s.controller.abort();
  }
}

/**
 * Starts, tracks, stops and restores runs in the extension host: the same agent loop the CLI runs,
 * with VS Code's workspace, VS Code's model or an endpoint, a trajectory file per run, and a panel.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { RunTools } from '../node/runTools';
import { readSettings, type Settings } from './config';
import { modelForRun } from './modelChoice';
import { showConnectModelHelp } from './gettingStarted';
import { panelApprover, readConsentPolicy } from './consentSettings';
import { hostCitationReviewer } from './citations';
import { ResearchPanel, type PanelActions } from './researchPanel';
import { RunSession } from './runSession';
import { launchRun, type LauncherDeps } from './runLauncher';
import { type TrajectoryFolder } from '../node/trajectoryFolder';
import { type StatusBar } from './statusBar';
import { budgetOptions } from './budgetSettings';
import { pruneBeforeRun } from './runsView';

export interface RunManagerDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  store: TrajectoryFolder;
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

  /** Trajectories this window holds: running runs and runs open in a panel (retention keeps them). */
  inUse(): string[] {
    return [...this.running(), ...ResearchPanel.openSessions()].map((s) => s.trajectoryPath);
  }

  /** The launcher both the panel and @research start runs through: the same tools and limits. */
  get launcher(): LauncherDeps {
    return {
      trajectoryPath: (runId) => this.deps.store.pathFor(runId),
      beforeRun: (path) => pruneBeforeRun(this.deps.store, path, this.inUse(), readSettings().keepRuns, this.deps.log),
      toolsFor: (settings) => this.deps.runTools(settings),
      workspace: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      trusted: () => vscode.workspace.isTrusted,
      log: this.deps.log,
    };
  }

  async start(question: string): Promise<RunSession> {
    const { context, log, store } = this.deps;
    const runId = randomUUID();
    const session = new RunSession(runId, question, store.pathFor(runId), 'running', () => store.read(runId));
    this.sessions.set(runId, session);
    this.latest = session;
    const panel = ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
    const fail = (message: string) => {
      session.setStatus('failed');
      panel.notice('error', message);
      log.warn(`run not started: ${message}`);
      this.sessions.delete(runId);
    };
    const settings = readSettings();
    const choice = await modelForRun(settings, context.secrets);
    if (!choice.ok) {
      fail(choice.message);
      void showConnectModelHelp(`Research Copilot: ${choice.message}`);
      return session;
    }
    const launch = await launchRun(this.launcher, {
      runId,
      question,
      settings,
      model: choice.client,
      protocol: choice.protocol,
      label: choice.label,
      secrets: [choice.apiKey],
      approve: panelApprover(
        (request, signal) => {
          ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
          return session.requestApproval(request, signal);
        },
        (m) => log.info(m),
      ),
      consent: readConsentPolicy(),
      ...hostCitationReviewer(),
      spending: budgetOptions(
        settings,
        (signal) => {
          ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
          return session.requestBudgetDecision(signal);
        },
        session.controller.signal,
      ),
      // An attempt's summary waits a few seconds in the panel for an edit before the next attempt starts from it.
      summaryReview: { review: (draft, signal) => session.summaryReview.request(draft, signal) },
      onEvent: (event) => session.push(event),
      signal: session.controller.signal,
    });
    if (!launch.ok) {
      fail(launch.message);
      void vscode.window.showErrorMessage(`Research Copilot: ${launch.message}`);
      return session;
    }
    for (const problem of launch.problems) panel.notice('info', problem);
    this.deps.statusBar.update(this.running().length);
    void launch.running.result.then((result) => {
      if (result.stopReason === 'model_error')
        void vscode.window.showErrorMessage(`Research Copilot: ${launch.redact(result.error ?? 'the model failed')}`);
      if (session.status === 'running') session.setStatus('failed'); // ended without a run_end (an internal error)
      // A finished run's events live on disk; a panel or Insert Findings reads them back on demand.
      session.release();
      this.sessions.delete(runId);
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

  /** A session by id: a running one, the one an open panel shows, else read back from its trajectory file. */
  load(runId: string): RunSession | undefined {
    const live = this.sessions.get(runId) ?? ResearchPanel.forRun(runId)?.session;
    if (live) return live;
    try {
      const { store } = this.deps;
      const session = RunSession.fromEvents(runId, store.pathFor(runId), store.read(runId), () => store.read(runId));
      this.latest ??= session;
      return session;
    } catch (e) {
      this.deps.log.warn(`run ${runId} could not be read: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Opens a run the user asked for (Show Runs, a link): its panel takes the focus. */
  show(runId: string): boolean {
    const session = this.load(runId);
    if (!session) return false;
    ResearchPanel.show(this.deps.context.extensionUri, session, this.deps.panelActions, true);
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

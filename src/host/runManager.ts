/**
 * Starts, tracks, stops and restores research sessions in the extension host: the same agent the CLI
 * runs, with VS Code's workspace, VS Code's model or an endpoint, one trajectory file per session, and a
 * panel. A session's turns come from its panel's question box or from @research in a chat; either way
 * through launchTurn, so the panel showing the session follows a turn asked in the chat too.
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
import type { AgentEvent, EventListener, Protocol } from '../agent/events';
import type { ModelClient } from '../agent/modelClient';
import type { Approver } from '../agent/approvals';
import type { BudgetDecision } from '../agent/usage';
import type { SummaryReview } from '../agent/run/summaryReview';
import type { RunningAgent } from '../agent/run/runFactory';
import type { Redactor } from '../agent/consent/redact';
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

/** What a surface brings to one turn: its model, how the user is asked, and its own view of the events. */
export interface TurnSurface {
  model: ModelClient;
  protocol: Protocol;
  label: string;
  secrets: readonly string[];
  approve: Approver;
  /** Who decides at a budget pause (the panel's Continue or Stop; Chat has no one, so the turn stops there). */
  onBudget(signal: AbortSignal): Promise<BudgetDecision>;
  summaryReview?: SummaryReview;
  onEvent?: EventListener;
  /** Say in a notification when the endpoint failed the turn (the panel; Chat says it in the chat). */
  notifyErrors: boolean;
}

export type TurnLaunch = { ok: true; session: RunSession; running: RunningAgent; redact: Redactor } | { ok: false; message: string };

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

  /** A new research session, asked in a panel of its own. */
  async start(question: string): Promise<RunSession> {
    const session = this.newSession(question);
    await this.askInPanel(session, question, []);
    return session;
  }

  /** A follow-up typed in a session's panel: its next turn. Refused while a turn runs (the panel's box says so too). */
  async followUp(session: RunSession, question: string): Promise<boolean> {
    const panel = ResearchPanel.show(this.deps.context.extensionUri, session, this.deps.panelActions);
    if (session.status === 'running') {
      panel.notice('info', 'A turn is still running: ask the follow-up when it has finished.');
      return false;
    }
    const earlier = session.reopen();
    if (!earlier) {
      panel.notice('error', "The session's trajectory could not be read, so a follow-up cannot start from it.");
      return false;
    }
    await this.askInPanel(session, question, earlier);
    return true;
  }

  /**
   * A turn asked in the Chat view: a follow-up in the chat's session (`sessionId`, from the chat's history),
   * or the first turn of a new one.
   */
  async chatTurn(sessionId: string | undefined, question: string, surface: TurnSurface): Promise<TurnLaunch> {
    const known = sessionId ? this.load(sessionId) : undefined;
    if (known?.status === 'running')
      return { ok: false, message: "this chat's research session is still answering; ask again when it has finished" };
    const earlier = known ? known.reopen() : [];
    if (!earlier) return { ok: false, message: "the session's trajectory could not be read" };
    const session = known ?? this.newSession(question);
    return this.launchTurn(session, question, earlier, readSettings(), surface);
  }

  private newSession(question: string): RunSession {
    const { store } = this.deps;
    const runId = randomUUID();
    return new RunSession(runId, question, store.pathFor(runId), 'running', () => store.read(runId));
  }

  private async askInPanel(session: RunSession, question: string, earlier: readonly AgentEvent[]): Promise<void> {
    const { context, log } = this.deps;
    this.latest = session;
    const show = () => ResearchPanel.show(context.extensionUri, session, this.deps.panelActions);
    const panel = show();
    const fail = (message: string) => {
      session.settle(earlier.length ? undefined : 'failed');
      panel.notice('error', message);
      log.warn(`turn not started: ${message}`);
    };
    const settings = readSettings();
    const choice = await modelForRun(settings, context.secrets);
    if (!choice.ok) {
      fail(choice.message);
      void showConnectModelHelp(`Research Copilot: ${choice.message}`);
      return;
    }
    const launch = await this.launchTurn(session, question, earlier, settings, {
      model: choice.client,
      protocol: choice.protocol,
      label: choice.label,
      secrets: [choice.apiKey],
      approve: panelApprover(
        (request, signal) => {
          show();
          return session.requestApproval(request, signal);
        },
        (m) => log.info(m),
      ),
      onBudget: (signal) => {
        show();
        return session.requestBudgetDecision(signal);
      },
      // An attempt's summary waits a few seconds in the panel for an edit before the next attempt starts from it.
      summaryReview: { review: (draft, signal) => session.summaryReview.request(draft, signal) },
      notifyErrors: true,
    });
    if (!launch.ok) {
      fail(launch.message);
      void vscode.window.showErrorMessage(`Research Copilot: ${launch.message}`);
      return;
    }
  }

  /** One turn of `session` through the launcher (a follow-up when `earlier` has events): tracked while it runs. */
  private async launchTurn(
    session: RunSession,
    question: string,
    earlier: readonly AgentEvent[],
    settings: Settings,
    surface: TurnSurface,
  ): Promise<TurnLaunch> {
    const { runId } = session;
    this.sessions.set(runId, session);
    const { onBudget, onEvent, notifyErrors, ...asked } = surface;
    const launch = await launchRun(this.launcher, {
      ...asked,
      runId,
      question,
      settings,
      consent: readConsentPolicy(),
      ...hostCitationReviewer(),
      spending: budgetOptions(settings, onBudget, session.controller.signal),
      onEvent: (event) => {
        session.push(event);
        onEvent?.(event);
      },
      signal: session.controller.signal,
      session: earlier,
    });
    if (!launch.ok) {
      this.sessions.delete(runId);
      session.settle(earlier.length ? undefined : 'failed');
      return launch;
    }
    for (const problem of launch.problems) ResearchPanel.forRun(runId)?.notice('info', problem);
    this.deps.statusBar.update(this.running().length);
    void launch.running.result.then((result) => {
      if (notifyErrors && result.stopReason === 'model_error')
        void vscode.window.showErrorMessage(`Research Copilot: ${launch.redact(result.error ?? 'the model failed')}`);
      if (session.status === 'running') session.setStatus('failed'); // ended without a run_end (an internal error)
      // A finished turn's events live on disk; a panel or Insert Findings reads them back on demand.
      session.release();
      this.sessions.delete(runId);
      this.deps.statusBar.update(this.running().length);
    });
    return { ok: true, session, running: launch.running, redact: launch.redact };
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

/**
 * How the extension starts a run, for the panel and for @research alike: the settings decide the
 * tools and limits, the trajectory goes to the runs folder, and the run goes through the one factory
 * (src/agent/run/runFactory.ts). No `vscode` import, so a unit test drives it with real tools.
 */
import type { AgentEvent, EventListener } from '../agent/events';
import { makeRedactor, type Redactor } from '../agent/consent/redact';
import { startRun, type RunRequest, type RunningAgent, type ToolSource } from '../agent/run/runFactory';
import { askFollowUp } from '../agent/session/session';
import type { ConsentPolicy } from '../agent/consent/consent';
import { TrajectoryWriter } from '../node/trajectoryFile';
import { readProjectInstructions } from '../node/projectInstructions';
import type { Settings } from './settings';

export interface LauncherLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LauncherDeps {
  /** Where run `runId`'s trajectory goes. */
  trajectoryPath(runId: string): string;
  /** Called before a run's trajectory is created: the runs folder's retention. */
  beforeRun?(trajectoryPath: string): void;
  /** Every tool a run gets under these settings; throws for a configuration the user must fix. */
  toolsFor(settings: Settings): Promise<ToolSource>;
  /** The workspace folder's path, when one is open. */
  workspace(): string | undefined;
  /** Whether the workspace is trusted: only then are the project's instructions (AGENTS.md, …) read. */
  trusted(): boolean;
  log: LauncherLog;
}

/** A run as a surface asks for it: the run factory's request, with the settings, the surface's label and secrets, and its own view of the events. */
export interface LaunchRequest extends Omit<RunRequest, 'tools' | 'sinks' | 'settings' | 'workspace' | 'runId'> {
  runId: string;
  settings: Settings;
  /** For the log: which model this is. */
  label: string;
  /** Secrets to keep out of the trajectory and the log. */
  secrets: readonly string[];
  consent: ConsentPolicy;
  /** The surface's own view of the events (the panel's session, Chat's progress). */
  onEvent: EventListener;
  /** The session's events so far, when this is a follow-up: it appends to the session's trajectory (runId's). */
  session?: readonly AgentEvent[];
}

export type Launch = { ok: true; running: RunningAgent; problems: readonly string[]; redact: Redactor } | { ok: false; message: string };

export async function launchRun(deps: LauncherDeps, r: LaunchRequest): Promise<Launch> {
  let tools: ToolSource;
  try {
    tools = await deps.toolsFor(r.settings);
  } catch (e) {
    return { ok: false, message: `the tools could not be set up: ${(e as Error).message}` };
  }
  const redact = makeRedactor(r.secrets);
  const path = deps.trajectoryPath(r.runId);
  deps.beforeRun?.(path);
  const writer = new TrajectoryWriter(path, redact);
  const { log } = deps;
  for (const problem of tools.problems) log.warn(`run ${r.runId}: ${problem}`);
  const workspace = deps.workspace();
  log.info(`run ${r.runId} started with ${r.label} (${r.protocol}); trajectory ${path}`);
  const { settings, label: _label, secrets: _secrets, onEvent, session, ...run } = r;
  // Every turn reads the project's instructions afresh, as a first turn does; never in Restricted Mode.
  const project = deps.trusted() ? readProjectInstructions(workspace, settings.instructions) : [];
  if (project.length) log.info(`run ${r.runId}: the project's instructions from ${project.map((p) => p.source).join(', ')}`);
  const request: RunRequest = {
    ...run,
    settings,
    tools,
    workspace,
    project,
    sinks: [
      writer.write,
      onEvent,
      (event) => {
        if (event.type === 'retry') log.warn(`run ${r.runId}: retry ${event.attempt} in ${event.delayMs} ms: ${redact(event.reason)}`);
      },
    ],
  };
  // A follow-up is a run of its own that starts from the session's record (src/agent/session).
  const running = session?.length ? askFollowUp({ ...request, session, recordBudget: settings.recordBudget }) : startRun(request);
  void running.result.then((result) => {
    writer.close();
    if (writer.error) log.error(`run ${r.runId}: trajectory not fully written: ${writer.error.message}`);
    const detail = result.error ? `, ${redact(result.error)}` : '';
    log.info(`run ${r.runId} ended: ${result.stopReason}, ${result.turns} turns, ${result.toolCalls} tool calls${detail}`);
  });
  return { ok: true, running, problems: tools.problems, redact };
}

/**
 * One evaluated run: the ordinary run factory (startRun) with the ordinary tools (createRunTools over a
 * NodeWorkspace), its own trajectory file, the tool-call cap as the turn cap, and the eval prompt.
 * Writes are always denied, so a shared workspace stays as it was.
 */
import type { RunFigures } from '../agent/figures';
import { startRun } from '../agent/run/runFactory';
import type { AgentEvent, Protocol } from '../agent/events';
import type { ModelClient } from '../agent/modelClient';
import type { Tool } from '../agent/tool';
import type { Approver } from '../agent/approvals';
import { makeRedactor } from '../agent/consent/redact';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { createRunTools, type RunToolsOptions } from '../node/runTools';
import { TrajectoryWriter } from '../node/trajectoryFile';
import { createWorkspaceTools } from '../tools/workspace/index';

/** Said to the model in eval mode, so the answer can be read back exactly (MiroThinker's convention). */
export const EVAL_INSTRUCTIONS =
  'This is an evaluation task with one correct answer. When you answer, end with the final answer alone inside ' +
  '\\boxed{}, for example \\boxed{42} or \\boxed{Paris}: a number without units or thousands separators unless asked, ' +
  'a few words for a string, a comma-separated list for a list. If you cannot find it, give your best guess in \\boxed{}.';

/** Everything an evaluated run shares with an ordinary one: model, protocol, settings, tool configuration. */
export interface EvalRunSettings {
  model: ModelClient;
  protocol: Protocol;
  keepToolResults?: number;
  maxToolResultChars?: number;
  contextWindow?: number;
  maxTries?: number;
  /** createRunTools' options other than the workspace (sandbox, search, MCP, private network). */
  tools?: Omit<RunToolsOptions, 'base' | 'workspaceFolder'>;
  /** Secrets to keep out of trajectories. */
  secrets?: string[];
}

export interface EvalRunRequest {
  question: string;
  /** The task's own folder (fresh, or a dataset's folder read in place). */
  workspace: string;
  /** The tool-call cap: the turn cap; a last turn without tools asks for the answer. */
  cap: number;
  trajectoryPath: string;
  runId: string;
  signal: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

/** Evaluation never changes files: every write is denied, so a shared workspace stays as it was. */
const denyWrites: Approver = () => Promise.resolve(false);

export async function runEvalTask(settings: EvalRunSettings, req: EvalRunRequest): Promise<RunFigures> {
  const runTools = await createRunTools({
    ...settings.tools,
    base: createWorkspaceTools(new NodeWorkspace(req.workspace)) as Tool[],
    workspaceFolder: req.workspace,
  });
  const writer = new TrajectoryWriter(req.trajectoryPath, makeRedactor(settings.secrets ?? []));
  try {
    const running = startRun({
      question: req.question,
      model: settings.model,
      protocol: settings.protocol,
      settings: { ...settings, maxTurns: req.cap, retry: { maxTries: settings.maxTries } },
      tools: runTools,
      approve: denyWrites,
      sinks: [writer.write, ...(req.onEvent ? [req.onEvent] : [])],
      signal: req.signal,
      runId: req.runId,
      workspace: req.workspace,
      instructions: EVAL_INSTRUCTIONS,
    });
    return await running.result;
  } finally {
    writer.close();
  }
}

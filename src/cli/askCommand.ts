/** `research-copilot ask`: the agent, headless, over a workspace folder (its flags: args.ts). */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunFigures } from '../agent/figures';
import { startRun, type RunRequest } from '../agent/run/runFactory';
import { askFollowUp, resumeSession, sessionProblem, sessionTurns } from '../agent/session/session';
import { OpenAIModel } from '../node/model/openaiModel';
import { defaultProtocolFor } from '../agent/model/protocols';
import { makeRedactor } from '../agent/consent/redact';
import type { AgentEvent } from '../agent/events';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { TrajectoryWriter, readTrajectory } from '../node/trajectoryFile';
import { createRunTools, type RunTools } from '../node/runTools';
import { readProjectInstructions } from '../node/projectInstructions';
import { createWorkspaceTools } from '../tools/workspace/index';
import type { AskArgs } from './args';
import { cliApprover } from './approval';
import { progressLine } from './progress';
import { TokenTally } from './tokens';
import { citationReviewer, finalCitations } from './citations';
import { EXIT, fail } from './exit';
import { searchEngineNote } from './searchNote';
import { DEFAULTS } from '../agent/defaults';
import { pruneRuns } from '../node/runRetention';
import { formatSize } from '../tools/workspace/format';

export async function ask(args: AskArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = resolve(args.workspace);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory())
    return fail(EXIT.usage, `--workspace ${args.workspace} is not a folder`);
  const session = openSession(args);
  if (typeof session === 'number') return session;
  if (args.mcpConfig && !existsSync(args.mcpConfig)) return fail(EXIT.usage, `--mcp-config ${args.mcpConfig}: no such file`);
  let runTools: RunTools;
  const files = new NodeWorkspace(workspace, { bundledRipgrep: true });
  try {
    runTools = await createRunTools({
      base: createWorkspaceTools(files),
      workspaceFolder: workspace,
      sandbox: {
        ...(args.jsEngine ? { jsEngine: args.jsEngine } : {}),
        ...(args.codeTimeoutMs ? { timeoutMs: args.codeTimeoutMs } : {}),
        ...(args.codeMemoryMb ? { memoryMb: args.codeMemoryMb } : {}),
      },
      search: {
        ...(args.searchProvider ? { provider: args.searchProvider } : {}),
        ...(args.searchUrl ? { url: args.searchUrl } : {}),
        env,
      },
      allowPrivateNetwork: args.allowPrivateNetwork,
      ...(args.mcpConfig ? { mcpConfigFile: resolve(args.mcpConfig) } : {}),
    });
  } catch (e) {
    return fail(EXIT.usage, (e as Error).message);
  }
  for (const p of runTools.problems) process.stderr.write(`warning: ${p}\n`);
  try {
    return await runWith(args, env, workspace, session.prior, runTools, searchEngineNote(files.searchEngine));
  } finally {
    await runTools.dispose();
  }
}

/**
 * The session --resume or --continue names, read and checked; when it cannot be, a usage error (exit 2)
 * that names the file. A follow-up needs the last turn finished: --resume finishes one cut off.
 */
function openSession(args: AskArgs): { prior: AgentEvent[] | undefined } | number {
  const flag = args.continueFrom !== undefined ? '--continue' : args.resume !== undefined ? '--resume' : undefined;
  const file = args.continueFrom ?? args.resume;
  if (flag === undefined || file === undefined) return { prior: undefined };
  const events = readSessionFile(file);
  if (typeof events === 'string') return fail(EXIT.usage, `${flag} ${file}: ${events}`);
  const last = sessionTurns(events).at(-1);
  if (flag === '--continue' && last && last.stopReason === undefined)
    return fail(EXIT.usage, `${flag} ${file}: its last turn (${last.turn}) did not finish; finish it first with --resume ${file}`);
  return { prior: events };
}

/** A trajectory's events, or why it is not one. */
function readSessionFile(file: string): AgentEvent[] | string {
  if (!existsSync(file)) return 'no such file';
  let events: AgentEvent[];
  try {
    events = readTrajectory(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `cannot be read (${code})` : 'not a trajectory (it holds no events)';
  }
  return sessionProblem(events) ?? events;
}

async function runWith(
  args: AskArgs,
  env: NodeJS.ProcessEnv,
  workspace: string,
  prior: AgentEvent[] | undefined,
  runTools: RunTools,
  searchNote: (event: AgentEvent) => string | undefined,
): Promise<number> {
  const apiKey = env.RESEARCH_COPILOT_API_KEY ?? env.OPENAI_API_KEY ?? '';
  const redact = makeRedactor([apiKey]);
  const trajectoryPath =
    args.trajectory ?? args.resume ?? args.continueFrom ?? join(runsFolder(env), `${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  pruneOldRuns(env, args, trajectoryPath);
  const writer = new TrajectoryWriter(trajectoryPath, redact);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  process.stderr.write(`[trajectory] ${trajectoryPath}\n`);
  const tally = new TokenTally();
  let result: RunFigures;
  const events: AgentEvent[] = [...(prior ?? [])];
  try {
    const request: RunRequest = {
      question: args.question,
      model: new OpenAIModel({ baseUrl: args.baseUrl, apiKey, model: args.model }),
      protocol: args.protocol ?? defaultProtocolFor(args.model),
      settings: { ...args, retry: { maxTries: args.maxTries } },
      tools: runTools,
      approve: cliApprover(args.allowWrites, process.stdin, process.stderr),
      sinks: [
        writer.write,
        (event) => events.push(event),
        (event) => {
          for (const line of [searchNote(event), tally.line(event), progressLine(event)])
            if (line) process.stderr.write(redact(line) + '\n');
        },
      ],
      consent: { allowTools: args.allowTools, allowEgress: args.allowEgress },
      signal: controller.signal,
      writesAllowed: () => args.allowWrites,
      workspace,
      project: args.noInstructions ? [] : readProjectInstructions(workspace),
      spending: { budget: args.budget, prices: args.prices },
      ...citationReviewer(args.citations, workspace),
    };
    // One path for each: a new session, the last turn finished, or a follow-up (src/agent/session).
    const running =
      prior === undefined
        ? startRun(request)
        : args.continueFrom !== undefined
          ? askFollowUp({ ...request, session: prior, recordBudget: args.recordBudget })
          : resumeSession({ ...request, session: prior });
    result = await running.result;
  } finally {
    writer.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  if (writer.error) process.stderr.write(`warning: the trajectory could not be written: ${writer.error.message}\n`);
  printResult(args, result, trajectoryPath, events);
  return exitCode(result, trajectoryPath, redact);
}

/** The answer on stdout, or with --json this turn's whole result object (its citations its own). */
function printResult(args: AskArgs, result: RunFigures, trajectoryPath: string, events: readonly AgentEvent[]): void {
  if (args.json) {
    const session = sessionTurns(events);
    const last = session.at(-1);
    const own = last ? events.slice(last.from, last.to) : events;
    const { answer, stopReason, turns, toolCalls, usage, elapsedMs, runId, error, attempt } = result;
    process.stdout.write(
      JSON.stringify(
        {
          answer: answer ?? null,
          stopReason,
          steps: turns,
          toolCalls,
          usage,
          elapsedMs,
          runId,
          attempt: attempt ?? 1,
          trajectory: trajectoryPath,
          turn: session.length,
          instructions: instructionsUsed(own),
          ...finalCitations(own),
          ...(error ? { error } : {}),
        },
        null,
        2,
      ) + '\n',
    );
  } else if (result.answer !== undefined) {
    process.stdout.write(result.answer.endsWith('\n') ? result.answer : result.answer + '\n');
  }
}

/** Where the project's instructions in the system prompt came from, as this turn's latest run_start says. */
function instructionsUsed(events: readonly AgentEvent[]): string[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'run_start') return e.instructions ?? [];
  }
  return [];
}

/** The exit status (EXIT), with the reason on stderr when there is no answer. */
function exitCode(result: RunFigures, trajectoryPath: string, redact: (text: string) => string): number {
  if (result.answer !== undefined) return EXIT.ok;
  if (result.stopReason === 'budget') {
    return fail(
      EXIT.budget,
      `the run paused at its budget; continue it with --resume ${trajectoryPath} and a new --budget-tokens / --budget-usd`,
    );
  }
  if (result.stopReason === 'model_error') return fail(EXIT.endpoint, redact(result.error ?? 'the model endpoint failed'));
  return fail(EXIT.noAnswer, `the run ended without an answer (${result.stopReason}${result.error ? `: ${result.error}` : ''})`);
}

/** The default runs folder: $XDG_STATE_HOME/research-copilot/runs. */
function runsFolder(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'research-copilot', 'runs');
}

/** Keeps the default runs folder to its newest --keep-runs runs, this one and a resumed or continued one untouched. */
function pruneOldRuns(env: NodeJS.ProcessEnv, args: AskArgs, trajectoryPath: string): void {
  const folder = runsFolder(env);
  const keep = args.keepRuns ?? DEFAULTS.keepRuns;
  const inUse = [args.resume, args.continueFrom].filter((f): f is string => f !== undefined);
  const gone = pruneRuns(folder, { keep, starting: trajectoryPath, protect: inUse });
  if (gone.remove.length === 0) return;
  const runs = `${gone.remove.length} old run${gone.remove.length === 1 ? '' : 's'}`;
  process.stderr.write(`[runs] deleted ${runs} (${formatSize(gone.bytes)}) from ${folder}, keeping the newest ${keep} (--keep-runs)\n`);
}

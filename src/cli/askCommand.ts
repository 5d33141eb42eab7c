/** `research-copilot ask`: the agent, headless, over a workspace folder (its flags: args.ts). */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunFigures } from '../agent/figures';
import { startRun } from '../agent/run/runFactory';
import { OpenAIModel } from '../node/model/openaiModel';
import { defaultProtocolFor } from '../agent/model/protocols';
import { makeRedactor } from '../agent/consent/redact';
import type { AgentEvent } from '../agent/events';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { TrajectoryWriter, readTrajectory } from '../node/trajectoryFile';
import { createRunTools, type RunTools } from '../node/runTools';
import { createWorkspaceTools } from '../tools/workspace/index';
import type { AskArgs } from './args';
import { cliApprover } from './approval';
import { progressLine } from './progress';
import { TokenTally } from './tokens';
import { citationReviewer, finalCitations } from './citations';
import { EXIT, fail } from './exit';

export async function ask(args: AskArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const workspace = resolve(args.workspace);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory())
    return fail(EXIT.usage, `--workspace ${args.workspace} is not a folder`);
  let prior: AgentEvent[] | undefined;
  let question = args.question;
  if (args.resume) {
    if (!existsSync(args.resume)) return fail(EXIT.usage, `--resume ${args.resume}: no such file`);
    try {
      prior = readTrajectory(args.resume);
    } catch (e) {
      return fail(EXIT.usage, `--resume: ${(e as Error).message}`);
    }
    const start = prior.find((e) => e.type === 'run_start');
    if (!start || start.type !== 'run_start') return fail(EXIT.usage, `--resume ${args.resume}: not a trajectory (no run_start)`);
    question = start.question;
  }
  if (args.mcpConfig && !existsSync(args.mcpConfig)) return fail(EXIT.usage, `--mcp-config ${args.mcpConfig}: no such file`);
  let runTools: RunTools;
  try {
    runTools = await createRunTools({
      base: createWorkspaceTools(new NodeWorkspace(workspace)),
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
    return await runWith(args, env, workspace, question, prior, runTools);
  } finally {
    await runTools.dispose();
  }
}

async function runWith(
  args: AskArgs,
  env: NodeJS.ProcessEnv,
  workspace: string,
  question: string,
  prior: AgentEvent[] | undefined,
  runTools: RunTools,
): Promise<number> {
  const apiKey = env.RESEARCH_COPILOT_API_KEY ?? env.OPENAI_API_KEY ?? '';
  const redact = makeRedactor([apiKey]);
  const trajectoryPath = args.trajectory ?? args.resume ?? defaultTrajectoryPath(env);
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
    const running = startRun({
      question,
      model: new OpenAIModel({ baseUrl: args.baseUrl, apiKey, model: args.model }),
      protocol: args.protocol ?? defaultProtocolFor(args.model),
      settings: { ...args, retry: { maxAttempts: args.maxAttempts } },
      tools: runTools,
      approve: cliApprover(args.allowWrites, process.stdin, process.stderr),
      sinks: [
        writer.write,
        (event) => events.push(event),
        (event) => {
          for (const line of [tally.line(event), progressLine(event)]) if (line) process.stderr.write(redact(line) + '\n');
        },
      ],
      consent: { allowTools: args.allowTools, allowEgress: args.allowEgress },
      signal: controller.signal,
      writesAllowed: () => args.allowWrites,
      workspace,
      resume: prior,
      spending: { budget: args.budget, prices: args.prices },
      ...citationReviewer(args.citations, workspace),
    });
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

/** The answer on stdout, or with --json the whole result object. */
function printResult(args: AskArgs, result: RunFigures, trajectoryPath: string, events: readonly AgentEvent[]): void {
  if (args.json) {
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
          ...finalCitations(events),
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

function defaultTrajectoryPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(state, 'research-copilot', 'runs', `${stamp}.jsonl`);
}

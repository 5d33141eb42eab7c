/**
 * run_code: runs JavaScript or Python in the sandbox and returns stdout, stderr, the last
 * expression's value and any error as text for the model. Depends only on the Sandbox interface.
 */
import type { RunOutcome, Sandbox } from '../sandbox/types';
import { defineTool, fail, ok, type Tool, type ToolResult } from '../agent/tool';
import { type ToolSchema } from '../agent/schema';

const NAME = 'run_code';

function schema(sandbox: Sandbox) {
  return {
    type: 'object',
    properties: {
      language: { type: 'string', enum: ['javascript', 'python'], description: 'The language of `code`.' },
      code: { type: 'string', description: 'The program. The value of its last expression is returned, as in a REPL.' },
      timeout_ms: {
        type: 'integer',
        minimum: 1,
        maximum: sandbox.limits.maxTimeoutMs,
        description: `Time limit for this call in milliseconds (default ${sandbox.limits.timeoutMs}).`,
      },
    },
    required: ['language', 'code'],
    additionalProperties: false,
  } as const satisfies ToolSchema;
}

export function createRunCodeTool(sandbox: Sandbox): Tool {
  const toolSchema = schema(sandbox);
  const { timeoutMs, memoryMb, maxOutputChars } = sandbox.limits;
  return defineTool({
    name: NAME,
    server: 'sandbox',
    // Its output may be made from what the run read (an encoded secret): the egress guard indexes it like a file.
    readsWorkspace: true,
    description:
      'Run a short JavaScript or Python program in an isolated sandbox to compute, parse, count or check something ' +
      'instead of guessing. Returns stdout, stderr, the value of the last expression, and any error with its line. ' +
      "The sandbox has no files of the user's machine, no network, no environment variables and no processes; " +
      'Python has its standard library only (no pip packages), JavaScript has the language built-ins and console. ' +
      'Python state (variables, functions, imports) persists between calls of this run until a timeout or crash ' +
      'restarts the interpreter; each JavaScript call starts fresh. ' +
      `Limits: ${timeoutMs / 1000} s per call by default (timeout_ms), ${memoryMb} MB memory, ` +
      `${maxOutputChars} characters of output (the rest is cut, with a note saying how much).`,
    schema: toolSchema,
    async run(input, ctx): Promise<ToolResult> {
      const { language, code } = input;
      if (code.trim() === '') return fail(`${NAME}: "code" is empty; pass the program to run.`);
      const requested = input.timeout_ms;
      const outcome = await sandbox.run(language, { code, timeoutMs: requested ?? timeoutMs, signal: ctx.signal });
      const content = formatOutcome(outcome, maxOutputChars);
      const details = {
        language,
        engine: outcome.engine,
        durationMs: Math.round(outcome.durationMs),
        truncatedChars: outcome.truncatedChars,
        ...(outcome.errorKind ? { errorKind: outcome.errorKind } : {}),
        ...(outcome.restarted ? { restarted: true } : {}),
      };
      return outcome.error !== undefined ? { content, isError: true, details } : ok(content, details);
    },
  });
}

/** The text the model reads. Sections appear only when they have content. */
export function formatOutcome(outcome: RunOutcome, maxChars: number): string {
  const parts: string[] = [];
  const stdout = outcome.stdout.replace(/\n$/, '');
  const stderr = outcome.stderr.replace(/\n$/, '');
  if (stdout) parts.push(`stdout:\n${stdout}`);
  if (stderr) parts.push(`stderr:\n${stderr}`);
  if (outcome.truncatedChars > 0) {
    parts.push(`[output cut: ${outcome.truncatedChars} more characters were printed than the ${maxChars}-character limit keeps]`);
  }
  if (outcome.value !== undefined) parts.push(`value:\n${outcome.value}`);
  if (outcome.error !== undefined) parts.push(`error (${outcome.errorKind ?? 'runtime'}):\n${outcome.error}`);
  if (outcome.restarted) parts.push('[the interpreter was restarted: variables from earlier calls are gone]');
  if (parts.length === 0) parts.push('(no output; the code ran without printing and its last line has no value)');
  return parts.join('\n\n');
}

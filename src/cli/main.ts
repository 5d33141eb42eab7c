/**
 * `research-copilot COMMAND ...`: the command table and its dispatch. A command is one row of COMMANDS:
 * its spec (flags.ts: name, synopsis, flag table; the usage is printed from it) and how it runs.
 */
import { usageOf, UsageError, type CommandSpec } from './flags';
import { ASK, parseAskArgs } from './args';
import { DOCTOR, doctor, parseDoctorArgs } from './doctor';
import { EXPORT, exportCommand, parseExportArgs } from './exportCommand';
import { EVAL, EVAL_MERGE, parseEvalMergeArgs, parseEvalRunArgs } from './evalArgs';
import { ask } from './askCommand';
import { CHECK_FINDINGS, checkFindingsCommand, parseCheckFindingsArgs } from './checkFindings';
import { EXIT, fail } from './exit';

declare const __VERSION__: string;

export { EXIT } from './exit';

interface Command {
  /** The words after `research-copilot` (`eval merge`). */
  name: string;
  usage: string;
  run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number>;
}

function command<A>(spec: CommandSpec<A>, run: Command['run']): Command {
  return { name: spec.name, usage: usageOf(spec), run };
}

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  command(ASK, (argv, env) => ask(parseAskArgs(argv, env, process.cwd()), env)),
  command(DOCTOR, (argv, env) => doctor(parseDoctorArgs(argv, env), env, process.stdout)),
  command(EXPORT, async (argv) => {
    const r = await exportCommand(parseExportArgs(argv));
    return r.message ? fail(r.code, r.message) : r.code;
  }),
  command(CHECK_FINDINGS, (argv) => checkFindingsCommand(parseCheckFindingsArgs(argv))),
  // Loaded on demand: the report's charting libraries would otherwise slow every `ask` start.
  command(EVAL, async (argv, env) => (await import('./evalCommand')).evalCommand(parseEvalRunArgs(argv, env, process.cwd()), env)),
  command(EVAL_MERGE, async (argv, env) => (await import('./evalCommand')).mergeCommand(parseEvalMergeArgs(argv, env, process.cwd()))),
];

/** The whole help: every command's usage, generated from its flag table. */
export function helpText(): string {
  return [...COMMANDS.map((c) => c.usage), 'research-copilot -h | --help | --version'].join('\n\n');
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) {
    process.stdout.write(helpText() + '\n');
    return EXIT.ok;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return EXIT.ok;
  }
  const found = commandOf(argv);
  if (!found) return fail(EXIT.usage, `unknown command "${argv[0]}"; try: research-copilot ask "QUESTION"`);
  try {
    return await found.command.run(argv.slice(found.words), env);
  } catch (e) {
    if (e instanceof UsageError) return fail(EXIT.usage, e.message);
    throw e;
  }
}

/** The command the line names; the one with more words wins (`eval merge` over `eval`). */
function commandOf(argv: readonly string[]): { command: Command; words: number } | undefined {
  let best: { command: Command; words: number } | undefined;
  for (const c of COMMANDS) {
    const words = c.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && words.length > (best?.words ?? 0)) best = { command: c, words: words.length };
  }
  return best;
}

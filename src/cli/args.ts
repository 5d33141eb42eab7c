/** The command line of `research-copilot`, parsed without a dependency; every mistake is a UsageError. */
import type { Protocol } from '../agent/events';
import { PROTOCOLS } from '../agent/protocols';
import { DEFAULTS } from '../agent/defaults';
import type { JsEngineChoice } from '../sandbox/types';
import { parseEvalArgs, type EvalArgs, type EvalMergeArgs } from './evalArgs';
import { EVAL_USAGE } from './evalUsage';
import type { Budget, Prices } from '../agent/budget';
import { parseDoctorArgs, type DoctorArgs } from './doctor';
import { CITATION_MODES, type CitationMode } from '../agent/citations/types';
import { parseExportArgs, type ExportArgs } from './exportCommand';

const JS_ENGINES: readonly JsEngineChoice[] = ['auto', 'isolated-vm', 'quickjs'];
const SEARCH_PROVIDERS = ['none', 'searxng', 'tavily', 'brave', 'serper'];

export class UsageError extends Error {}

export interface AskArgs {
  command: 'ask';
  question: string;
  workspace: string;
  baseUrl: string;
  model: string;
  protocol?: Protocol;
  maxTurns?: number;
  keepToolResults?: number;
  maxToolResultChars?: number;
  contextWindow?: number;
  maxAttempts?: number;
  attempts?: number;
  maxParallelSubtasks?: number;
  trajectory?: string;
  resume?: string;
  /** Runs the default runs folder keeps (--keep-runs). */
  keepRuns?: number;
  allowWrites: boolean;
  /** MCP tools that run without asking: "server/tool" or "server/*" (--allow-tool, repeatable). */
  allowTools: string[];
  allowEgress: boolean;
  json: boolean;
  searchProvider?: string;
  searchUrl?: string;
  allowPrivateNetwork: boolean;
  mcpConfig?: string;
  jsEngine?: JsEngineChoice;
  codeTimeoutMs?: number;
  codeMemoryMb?: number;
  budget?: Budget;
  prices?: Prices;
  citations?: CitationMode;
}

export type CliArgs = AskArgs | EvalArgs | EvalMergeArgs | DoctorArgs | ExportArgs | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage: research-copilot ask [options] "QUESTION"
       research-copilot doctor [--base-url URL] [--model NAME] [--protocol P] [--context-window N] [--json]
       research-copilot export TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]

Runs the research agent over a workspace folder against any OpenAI-compatible endpoint.
The final answer goes to stdout, one progress line per step to stderr.

"doctor" checks the endpoint: reachable, key, model, tool calls (the model must call the tool, not answer
in text), streaming, context window; and says which engine search_text uses.

Options:
  --workspace DIR            folder the workspace tools may read (default: current directory)
  --base-url URL             OpenAI-compatible endpoint (default: $RESEARCH_COPILOT_BASE_URL,
                             $OPENAI_BASE_URL, else https://api.openai.com/v1)
  --model NAME               model name (default: $RESEARCH_COPILOT_MODEL)
  --protocol P               openai-tools | mirothinker-xml (default: mirothinker-xml for
                             MiroThinker models, else openai-tools)
  --max-turns N              tool-using turns before a last answer-only turn (default ${DEFAULTS.maxTurns})
  --keep-tool-results K      tool results kept whole in the prompt; older ones become a
                             one-line placeholder (default ${DEFAULTS.keepToolResults}; -1 keeps all)
  --max-tool-result-chars N  cap on one tool result (default ${DEFAULTS.maxToolResultChars})
  --context-window N         the model's context window in tokens (default ${DEFAULTS.contextWindow})
  --max-attempts N           attempts per model call before giving up (default 6)
  --attempts N               research attempts: one that ends without a confident answer writes a
                             summary and a fresh attempt starts from it (default ${DEFAULTS.attempts})
  --max-parallel-subtasks N  research_subtask children running at once (default ${DEFAULTS.maxParallelSubtasks})
  --trajectory FILE          JSONL trajectory (default: under $XDG_STATE_HOME/research-copilot/runs)
  --resume FILE              continue the run recorded in FILE (appends to it)
  --keep-runs N              runs the default runs folder keeps: older ones are deleted when a run
                             starts (default ${DEFAULTS.keepRuns}; never a --trajectory file elsewhere)
  --allow-writes             let write_file / edit_file change files without asking
  --allow-tool PATTERN       let an MCP tool run without asking: SERVER/TOOL or SERVER/* (repeatable);
                             tools the server marks read-only run without it
  --allow-egress             let text read from the workspace be sent out by fetch_url, web_search
                             or an open-world MCP tool (otherwise such a call is refused)
  --search-provider NAME     web_search provider: searxng | tavily | brave | serper (default:
                             $RESEARCH_COPILOT_SEARCH_PROVIDER; keys from $TAVILY_API_KEY,
                             $BRAVE_API_KEY, $SERPER_API_KEY)
  --search-url URL           the provider's base URL (required for searxng)
  --allow-private-network    let fetch_url reach loopback, private and link-local addresses
  --mcp-config FILE          MCP servers to connect, in VS Code's mcp.json shape
  --js-engine E              run_code's JavaScript engine: auto | isolated-vm | quickjs (default auto)
  --code-timeout-ms N        run_code's default time limit per call (default ${DEFAULTS.sandbox.timeoutMs})
  --code-memory-mb N         run_code's memory limit per interpreter (default ${DEFAULTS.sandbox.memoryMb})
  --budget-tokens N          pause the run once it has used N tokens (in + out, whole run)
  --budget-usd X             pause the run once it has cost X US dollars (needs the prices)
  --price-input X            US dollars per million prompt tokens (for cost)
  --price-output X           US dollars per million completion tokens (for cost)
  --citations MODE           check the answer's citations against what the run saw: off | report |
                             repair (default: one extra round to fix unseen or missing ones)
  --json                     print a JSON result object instead of the answer
  -h, --help, --version

The API key comes from $RESEARCH_COPILOT_API_KEY, else $OPENAI_API_KEY (local servers need none).
Without --allow-writes, writes are asked about on a terminal and denied otherwise; so are MCP tools
that are not read-only, without --allow-tool.
Exit status: 0 answered; 2 usage error; 3 endpoint unreachable or refusing; 4 ended without an answer;
5 paused at its budget (continue with --resume FILE and a new budget).

${EVAL_USAGE}`;

/** What follows each `ask` flag: a value, nothing (a switch), or a value that may be given more than once. */
export type FlagKind = 'value' | 'switch' | 'list';
export const FLAGS: Readonly<Record<string, FlagKind>> = {
  '--workspace': 'value',
  '--base-url': 'value',
  '--model': 'value',
  '--protocol': 'value',
  '--max-turns': 'value',
  '--keep-tool-results': 'value',
  '--max-tool-result-chars': 'value',
  '--context-window': 'value',
  '--max-attempts': 'value',
  '--attempts': 'value',
  '--max-parallel-subtasks': 'value',
  '--trajectory': 'value',
  '--resume': 'value',
  '--keep-runs': 'value',
  '--search-provider': 'value',
  '--search-url': 'value',
  '--mcp-config': 'value',
  '--js-engine': 'value',
  '--code-timeout-ms': 'value',
  '--code-memory-mb': 'value',
  '--budget-tokens': 'value',
  '--budget-usd': 'value',
  '--price-input': 'value',
  '--price-output': 'value',
  '--citations': 'value',
  '--allow-writes': 'switch',
  '--json': 'switch',
  '--allow-private-network': 'switch',
  '--allow-egress': 'switch',
  '--allow-tool': 'list',
};

/** Whole-number flags: the AskArgs field each fills and its least value. */
type IntField = { [K in keyof AskArgs]-?: NonNullable<AskArgs[K]> extends number ? K : never }[keyof AskArgs];
const INT_FLAGS: readonly [flag: string, key: IntField, min: number][] = [
  ['--max-turns', 'maxTurns', 1],
  ['--keep-tool-results', 'keepToolResults', -1],
  ['--max-tool-result-chars', 'maxToolResultChars', 200],
  ['--context-window', 'contextWindow', 1024],
  ['--max-attempts', 'maxAttempts', 1],
  ['--attempts', 'attempts', 1],
  ['--max-parallel-subtasks', 'maxParallelSubtasks', 1],
  ['--code-timeout-ms', 'codeTimeoutMs', 100],
  ['--code-memory-mb', 'codeMemoryMb', 16],
  ['--keep-runs', 'keepRuns', 1],
];

/** The command line after `ask`, sorted by FLAGS; `--name=value` and `--name value` alike. */
interface Scanned {
  values: Map<string, string>;
  lists: Map<string, string[]>;
  switches: Set<string>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): CliArgs {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'eval') return parseEvalArgs(rest, env, cwd);
  if (command === 'doctor') return parseDoctorArgs(rest, env);
  if (command === 'export') return parseExportArgs(rest);
  if (command !== 'ask') throw new UsageError(`unknown command "${command}"; try: research-copilot ask "QUESTION"`);
  return askArgs(scan(rest), env, cwd);
}

function scan(rest: readonly string[]): Scanned {
  const out: Scanned = { values: new Map(), lists: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      out.positional.push(...rest.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const kind = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (kind === 'value' || kind === 'list') {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      if (kind === 'value') out.values.set(name, value);
      else out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    } else if (kind === 'switch') out.switches.add(name);
    else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
    else out.positional.push(arg);
  }
  return out;
}

function askArgs({ values, lists, switches, positional }: Scanned, env: NodeJS.ProcessEnv, cwd: string): AskArgs {
  const question = positional.join(' ').trim();
  if (!question && !values.has('--resume')) throw new UsageError('no question given; usage: research-copilot ask [options] "QUESTION"');
  const model = values.get('--model') ?? env.RESEARCH_COPILOT_MODEL;
  if (!model) throw new UsageError('no model given: pass --model NAME or set RESEARCH_COPILOT_MODEL');
  const protocol = oneOf(values, '--protocol', PROTOCOLS);
  const jsEngine = oneOf(values, '--js-engine', JS_ENGINES);
  const citations = oneOf(values, '--citations', CITATION_MODES);
  const search = searchOpts(values, env);
  const allowTools = allowToolPatterns(lists.get('--allow-tool') ?? []);
  const baseUrl = values.get('--base-url') ?? env.RESEARCH_COPILOT_BASE_URL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  if (!/^https?:\/\/[^\s]+$/i.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  const ints = INT_FLAGS.reduce<Partial<Pick<AskArgs, IntField>>>(
    (acc, [flag, key, min]) => ({ ...acc, ...intOpt(values, flag, key, min) }),
    {},
  );
  return {
    command: 'ask',
    question,
    workspace: values.get('--workspace') ?? cwd,
    baseUrl,
    model,
    ...(protocol ? { protocol } : {}),
    ...ints,
    ...(values.has('--trajectory') ? { trajectory: values.get('--trajectory')! } : {}),
    ...(values.has('--resume') ? { resume: values.get('--resume')! } : {}),
    allowWrites: switches.has('--allow-writes'),
    allowTools,
    allowEgress: switches.has('--allow-egress'),
    json: switches.has('--json'),
    allowPrivateNetwork: switches.has('--allow-private-network'),
    ...search,
    ...(values.has('--mcp-config') ? { mcpConfig: values.get('--mcp-config')! } : {}),
    ...(jsEngine ? { jsEngine } : {}),
    ...(citations ? { citations } : {}),
    ...budgetOpts(values),
  };
}

/** A flag whose value must be one of a fixed list. */
function oneOf<T extends string>(values: Map<string, string>, flag: string, allowed: readonly T[]): T | undefined {
  const value = values.get(flag);
  if (value !== undefined && !allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

function searchOpts(values: Map<string, string>, env: NodeJS.ProcessEnv): { searchProvider?: string; searchUrl?: string } {
  const searchProvider = values.get('--search-provider') ?? env.RESEARCH_COPILOT_SEARCH_PROVIDER;
  if (searchProvider !== undefined && !SEARCH_PROVIDERS.includes(searchProvider))
    throw new UsageError(`--search-provider must be one of ${SEARCH_PROVIDERS.join(', ')}`);
  const searchUrl = values.get('--search-url') ?? env.RESEARCH_COPILOT_SEARCH_URL;
  if (searchUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(searchUrl))
    throw new UsageError(`--search-url must be an http(s) URL, got "${searchUrl}"`);
  if (searchProvider === 'searxng' && !searchUrl)
    throw new UsageError('--search-provider searxng needs --search-url (your SearXNG instance)');
  return { ...(searchProvider ? { searchProvider } : {}), ...(searchUrl ? { searchUrl } : {}) };
}

function allowToolPatterns(patterns: string[]): string[] {
  for (const pattern of patterns) {
    if (!/^(\*|[\w.-]{1,64}\/(\*|[^\s/]{1,128}))$/.test(pattern))
      throw new UsageError(`--allow-tool takes SERVER/TOOL or SERVER/* (the server's name in the MCP config), got "${pattern}"`);
  }
  return patterns;
}

function budgetOpts(values: Map<string, string>): { budget?: Budget; prices?: Prices } {
  const tokens = intOpt(values, '--budget-tokens', 'tokens', 1).tokens;
  const usd = numOpt(values, '--budget-usd');
  const inputPerMillion = numOpt(values, '--price-input');
  const outputPerMillion = numOpt(values, '--price-output');
  if (usd !== undefined && inputPerMillion === undefined && outputPerMillion === undefined)
    throw new UsageError('--budget-usd needs the prices: --price-input and/or --price-output (US dollars per million tokens)');
  const budget: Budget = { ...(tokens !== undefined ? { tokens } : {}), ...(usd !== undefined ? { usd } : {}) };
  const prices: Prices = {
    ...(inputPerMillion !== undefined ? { inputPerMillion } : {}),
    ...(outputPerMillion !== undefined ? { outputPerMillion } : {}),
  };
  return { ...(Object.keys(budget).length ? { budget } : {}), ...(Object.keys(prices).length ? { prices } : {}) };
}

function numOpt(values: Map<string, string>, flag: string): number | undefined {
  const raw = values.get(flag);
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError(`${flag} must be a non-negative number, got "${raw}"`);
  return Number(raw);
}

function intOpt<K extends string>(values: Map<string, string>, flag: string, key: K, min: number): Partial<Record<K, number>> {
  const raw = values.get(flag);
  if (raw === undefined) return {};
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min) throw new UsageError(`${flag} must be at least ${min}, got ${n}`);
  if (flag === '--keep-tool-results' && n === 0) throw new UsageError('--keep-tool-results must be at least 1 (or -1 to keep all)');
  return { [key]: n } as Partial<Record<K, number>>;
}

/** The command line of `research-copilot`, parsed without a dependency; every mistake is a UsageError. */
import type { Protocol } from '../agent/events';
import { PROTOCOLS } from '../agent/protocols';
import type { JsEngineChoice } from '../sandbox/types';
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
  trajectory?: string;
  resume?: string;
  allowWrites: boolean;
  json: boolean;
  searchProvider?: string;
  searchUrl?: string;
  allowPrivateNetwork: boolean;
  mcpConfig?: string;
  jsEngine?: JsEngineChoice;
  codeTimeoutMs?: number;
  codeMemoryMb?: number;
  citations?: CitationMode;
}

export type CliArgs = AskArgs | ExportArgs | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage: research-copilot ask [options] "QUESTION"
       research-copilot export TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]

Runs the research agent over a workspace folder against any OpenAI-compatible endpoint.
The final answer goes to stdout, one progress line per step to stderr.

Options:
  --workspace DIR            folder the workspace tools may read (default: current directory)
  --base-url URL             OpenAI-compatible endpoint (default: $RESEARCH_COPILOT_BASE_URL,
                             $OPENAI_BASE_URL, else https://api.openai.com/v1)
  --model NAME               model name (default: $RESEARCH_COPILOT_MODEL)
  --protocol P               openai-tools | mirothinker-xml (default: mirothinker-xml for
                             MiroThinker models, else openai-tools)
  --max-turns N              tool-using turns before a last answer-only turn (default 600)
  --keep-tool-results K      tool results kept whole in the prompt; older ones become a
                             one-line placeholder (default 5; -1 keeps all)
  --max-tool-result-chars N  cap on one tool result (default 50000)
  --context-window N         the model's context window in tokens (default 131072)
  --max-attempts N           attempts per model call before giving up (default 6)
  --trajectory FILE          JSONL trajectory (default: under $XDG_STATE_HOME/research-copilot/runs)
  --resume FILE              continue the run recorded in FILE (appends to it)
  --allow-writes             let write_file / edit_file change files without asking
  --search-provider NAME     web_search provider: searxng | tavily | brave | serper (default:
                             $RESEARCH_COPILOT_SEARCH_PROVIDER; keys from $TAVILY_API_KEY,
                             $BRAVE_API_KEY, $SERPER_API_KEY)
  --search-url URL           the provider's base URL (required for searxng)
  --allow-private-network    let fetch_url reach loopback, private and link-local addresses
  --mcp-config FILE          MCP servers to connect, in VS Code's mcp.json shape
  --js-engine E              run_code's JavaScript engine: auto | isolated-vm | quickjs (default auto)
  --code-timeout-ms N        run_code's default time limit per call (default 30000)
  --code-memory-mb N         run_code's memory limit per interpreter (default 256)
  --citations MODE           check the answer's citations against what the run saw: off | report |
                             repair (default: one extra round to fix unseen or missing ones)
  --json                     print a JSON result object instead of the answer
  -h, --help, --version

The API key comes from $RESEARCH_COPILOT_API_KEY, else $OPENAI_API_KEY (local servers need none).
Without --allow-writes, writes are asked about on a terminal and denied otherwise.
Exit status: 0 answered; 2 usage error; 3 endpoint unreachable or refusing; 4 ended without an answer.`;

const VALUE_FLAGS = new Set([
  '--workspace',
  '--base-url',
  '--model',
  '--protocol',
  '--max-turns',
  '--keep-tool-results',
  '--max-tool-result-chars',
  '--context-window',
  '--max-attempts',
  '--trajectory',
  '--resume',
  '--search-provider',
  '--search-url',
  '--mcp-config',
  '--js-engine',
  '--code-timeout-ms',
  '--code-memory-mb',
  '--citations',
]);
const BOOLEAN_FLAGS = new Set(['--allow-writes', '--json', '--allow-private-network']);

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): CliArgs {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'export') return parseExportArgs(rest);
  if (command !== 'ask') throw new UsageError(`unknown command "${command}"; try: research-copilot ask "QUESTION"`);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (BOOLEAN_FLAGS.has(name)) flags.add(name);
    else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const question = positional.join(' ').trim();
  if (!question && !values.has('--resume')) throw new UsageError('no question given; usage: research-copilot ask [options] "QUESTION"');
  const model = values.get('--model') ?? env.RESEARCH_COPILOT_MODEL;
  if (!model) throw new UsageError('no model given: pass --model NAME or set RESEARCH_COPILOT_MODEL');
  const protocol = values.get('--protocol');
  if (protocol !== undefined && !PROTOCOLS.includes(protocol as Protocol)) {
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}`);
  }
  const jsEngine = values.get('--js-engine');
  if (jsEngine !== undefined && !JS_ENGINES.includes(jsEngine as JsEngineChoice))
    throw new UsageError(`--js-engine must be one of ${JS_ENGINES.join(', ')}`);
  const citations = values.get('--citations');
  if (citations !== undefined && !CITATION_MODES.includes(citations as CitationMode))
    throw new UsageError(`--citations must be one of ${CITATION_MODES.join(', ')}`);
  const searchProvider = values.get('--search-provider') ?? env.RESEARCH_COPILOT_SEARCH_PROVIDER;
  if (searchProvider !== undefined && !SEARCH_PROVIDERS.includes(searchProvider))
    throw new UsageError(`--search-provider must be one of ${SEARCH_PROVIDERS.join(', ')}`);
  const searchUrl = values.get('--search-url') ?? env.RESEARCH_COPILOT_SEARCH_URL;
  if (searchUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(searchUrl))
    throw new UsageError(`--search-url must be an http(s) URL, got "${searchUrl}"`);
  if (searchProvider === 'searxng' && !searchUrl)
    throw new UsageError('--search-provider searxng needs --search-url (your SearXNG instance)');
  const baseUrl = values.get('--base-url') ?? env.RESEARCH_COPILOT_BASE_URL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  if (!/^https?:\/\/[^\s]+$/i.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  return {
    command: 'ask',
    question,
    workspace: values.get('--workspace') ?? cwd,
    baseUrl,
    model,
    ...(protocol ? { protocol: protocol as Protocol } : {}),
    ...intOpt(values, '--max-turns', 'maxTurns', 1),
    ...intOpt(values, '--keep-tool-results', 'keepToolResults', -1),
    ...intOpt(values, '--max-tool-result-chars', 'maxToolResultChars', 200),
    ...intOpt(values, '--context-window', 'contextWindow', 1024),
    ...intOpt(values, '--max-attempts', 'maxAttempts', 1),
    ...(values.has('--trajectory') ? { trajectory: values.get('--trajectory')! } : {}),
    ...(values.has('--resume') ? { resume: values.get('--resume')! } : {}),
    allowWrites: flags.has('--allow-writes'),
    json: flags.has('--json'),
    allowPrivateNetwork: flags.has('--allow-private-network'),
    ...(searchProvider ? { searchProvider } : {}),
    ...(searchUrl ? { searchUrl } : {}),
    ...(values.has('--mcp-config') ? { mcpConfig: values.get('--mcp-config')! } : {}),
    ...(jsEngine ? { jsEngine: jsEngine as JsEngineChoice } : {}),
    ...(citations ? { citations: citations as CitationMode } : {}),
    ...intOpt(values, '--code-timeout-ms', 'codeTimeoutMs', 100),
    ...intOpt(values, '--code-memory-mb', 'codeMemoryMb', 16),
  };
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

/** `research-copilot ask`: its flags, one row each (flags.ts parses them and prints the usage from the same rows). */
import type { Protocol } from '../agent/events';
import { PROTOCOLS } from '../agent/model/protocols';
import { DEFAULTS } from '../agent/defaults';
import type { JsEngineChoice } from '../sandbox/types';
import type { Budget, Prices } from '../agent/usage';
import { allowToolPatterns, budgetOf, keepToolResults, optionalUrl, pricesOf, withEnv } from './askReaders';
import { CITATION_MODES, type CitationMode } from '../agent/citations/types';
import { flag, httpUrl, parseLine, read, UsageError, type CommandSpec } from './flags';

const JS_ENGINES: readonly JsEngineChoice[] = ['auto', 'isolated-vm', 'quickjs'];
const SEARCH_PROVIDERS = ['none', 'searxng', 'tavily', 'brave', 'serper'] as const;
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface AskArgs extends EndpointArgs {
  command: 'ask';
  /** Runs the default runs folder keeps (--keep-runs). */
  keepRuns?: number;
  question: string;
  workspace: string;
  protocol?: Protocol;
  maxTurns?: number;
  keepToolResults?: number;
  maxToolResultChars?: number;
  contextWindow?: number;
  maxTries?: number;
  attempts?: number;
  maxParallelSubtasks?: number;
  trajectory?: string;
  resume?: string;
  /** A session's trajectory to ask the question in as a follow-up (appends to it). */
  continueFrom?: string;
  /** Tokens the record a follow-up starts from may take. */
  recordBudget?: number;
  allowWrites: boolean;
  /** MCP tools that run without asking: "server/tool" or "server/*" (--allow-tool, repeatable). */
  allowTools: string[];
  allowEgress: boolean;
  /** Leave out the project's instructions (AGENTS.md, .github/copilot-instructions.md). */
  noInstructions?: boolean;
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

const f = flag<AskArgs>();

/** What the endpoint flags fill, in every command that takes them. */
export interface EndpointArgs {
  baseUrl: string;
  model: string;
}
const e = flag<EndpointArgs>();

/** The endpoint and model flags `ask`, `eval` and `doctor` share. */
export const ENDPOINT_FLAGS = [
  e({
    name: '--base-url',
    kind: 'value',
    value: 'URL',
    help: 'OpenAI-compatible endpoint',
    default: `$RESEARCH_COPILOT_BASE_URL, $OPENAI_BASE_URL, else ${DEFAULT_BASE_URL}`,
    key: 'baseUrl',
    read: (given, c) => httpUrl(c.flag, given.at(-1) ?? c.env.RESEARCH_COPILOT_BASE_URL ?? c.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL),
  }),
  e({
    name: '--model',
    kind: 'value',
    value: 'NAME',
    help: 'model name',
    default: '$RESEARCH_COPILOT_MODEL',
    key: 'model',
    read: (given, c) => given.at(-1) ?? c.env.RESEARCH_COPILOT_MODEL,
  }),
];

/** Every flag of `ask`, in the order the usage lists them. */
export const ASK_FLAGS = [
  f({
    name: '--workspace',
    kind: 'value',
    value: 'DIR',
    help: 'folder the workspace tools may read',
    default: 'the current directory',
    key: 'workspace',
    read: read.text,
  }),
  ...ENDPOINT_FLAGS,
  f({
    name: '--protocol',
    kind: 'value',
    value: 'P',
    help: `${PROTOCOLS.join(' | ')}`,
    default: 'mirothinker-xml for MiroThinker models, else openai-tools',
    key: 'protocol',
    read: read.oneOf(PROTOCOLS),
  }),
  f({
    name: '--max-turns',
    kind: 'value',
    value: 'N',
    help: 'tool-using turns before a last answer-only turn',
    default: DEFAULTS.maxTurns,
    key: 'maxTurns',
    read: read.int(1),
  }),
  f({
    name: '--keep-tool-results',
    kind: 'value',
    value: 'K',
    help: 'tool results kept whole in the prompt; older ones become a one-line placeholder; -1 keeps all',
    default: DEFAULTS.keepToolResults,
    key: 'keepToolResults',
    read: keepToolResults,
  }),
  f({
    name: '--max-tool-result-chars',
    kind: 'value',
    value: 'N',
    help: 'cap on one tool result',
    default: DEFAULTS.maxToolResultChars,
    key: 'maxToolResultChars',
    read: read.int(200),
  }),
  f({
    name: '--context-window',
    kind: 'value',
    value: 'N',
    help: "the model's context window in tokens",
    default: DEFAULTS.contextWindow,
    key: 'contextWindow',
    read: read.int(1024),
  }),
  f({
    name: '--max-attempts',
    kind: 'value',
    value: 'N',
    help: 'tries per model request before giving up',
    default: DEFAULTS.retry.maxTries,
    key: 'maxTries',
    read: read.int(1),
  }),
  f({
    name: '--attempts',
    kind: 'value',
    value: 'N',
    help: 'research attempts: one that ends without a confident answer writes a summary and a fresh attempt starts from it',
    default: DEFAULTS.attempts,
    key: 'attempts',
    read: read.int(1),
  }),
  f({
    name: '--max-parallel-subtasks',
    kind: 'value',
    value: 'N',
    help: 'research_subtask children running at once',
    default: DEFAULTS.maxParallelSubtasks,
    key: 'maxParallelSubtasks',
    read: read.int(1),
  }),
  f({
    name: '--trajectory',
    kind: 'value',
    value: 'FILE',
    help: 'JSONL trajectory',
    default: 'under $XDG_STATE_HOME/research-copilot/runs',
    key: 'trajectory',
    read: read.text,
  }),
  f({
    name: '--resume',
    kind: 'value',
    value: 'FILE',
    help: 'finish the run (or the session turn) recorded in FILE where it was cut off (appends to it)',
    key: 'resume',
    read: read.text,
  }),
  f({
    name: '--continue',
    kind: 'value',
    value: 'FILE',
    help: 'ask QUESTION as a follow-up in the research session recorded in FILE: it starts from the earlier questions, answers and cited lines, and appends to FILE',
    key: 'continueFrom',
    read: read.text,
  }),
  f({
    name: '--record-budget',
    kind: 'value',
    value: 'N',
    help: 'tokens the record a follow-up starts from may take; beyond it the oldest turns are folded into a summary',
    default: DEFAULTS.session.recordBudget,
    key: 'recordBudget',
    read: read.int(256),
  }),
  f({
    name: '--keep-runs',
    kind: 'value',
    value: 'N',
    help: 'runs the default runs folder keeps: older ones are deleted when a run starts (never a --trajectory file elsewhere)',
    default: DEFAULTS.keepRuns,
    key: 'keepRuns',
    read: read.int(1),
  }),
  f({
    name: '--allow-writes',
    kind: 'switch',
    help: 'let write_file / edit_file change files without asking',
    key: 'allowWrites',
    read: read.present,
  }),
  f({
    name: '--allow-tool',
    kind: 'list',
    value: 'PATTERN',
    help: 'let an MCP tool run without asking: SERVER/TOOL or SERVER/* (repeatable); tools the server marks read-only run without it',
    key: 'allowTools',
    read: allowToolPatterns,
  }),
  f({
    name: '--allow-egress',
    kind: 'switch',
    help: 'let text read from the workspace be sent out by fetch_url, web_search or an open-world MCP tool (otherwise such a call is refused)',
    key: 'allowEgress',
    read: read.present,
  }),
  f({
    name: '--no-instructions',
    kind: 'switch',
    help: "leave out the project's instructions (AGENTS.md and .github/copilot-instructions.md in the workspace), which otherwise go into the system prompt",
    key: 'noInstructions',
    read: read.present,
  }),
  f({
    name: '--search-provider',
    kind: 'value',
    value: 'NAME',
    help: 'web_search provider: searxng | tavily | brave | serper (keys from $TAVILY_API_KEY, $BRAVE_API_KEY, $SERPER_API_KEY)',
    default: '$RESEARCH_COPILOT_SEARCH_PROVIDER',
    key: 'searchProvider',
    read: (given, c) => read.oneOf(SEARCH_PROVIDERS)(withEnv(given, c, 'RESEARCH_COPILOT_SEARCH_PROVIDER'), c),
  }),
  f({
    name: '--search-url',
    kind: 'value',
    value: 'URL',
    help: "the provider's base URL (required for searxng)",
    default: '$RESEARCH_COPILOT_SEARCH_URL',
    key: 'searchUrl',
    read: (given, c) => optionalUrl(withEnv(given, c, 'RESEARCH_COPILOT_SEARCH_URL'), c),
  }),
  f({
    name: '--allow-private-network',
    kind: 'switch',
    help: 'let fetch_url reach loopback, private and link-local addresses',
    key: 'allowPrivateNetwork',
    read: read.present,
  }),
  f({
    name: '--mcp-config',
    kind: 'value',
    value: 'FILE',
    help: "MCP servers to connect, in VS Code's mcp.json shape",
    key: 'mcpConfig',
    read: read.text,
  }),
  f({
    name: '--js-engine',
    kind: 'value',
    value: 'E',
    help: `run_code's JavaScript engine: ${JS_ENGINES.join(' | ')}`,
    default: DEFAULTS.sandbox.jsEngine,
    key: 'jsEngine',
    read: read.oneOf(JS_ENGINES),
  }),
  f({
    name: '--code-timeout-ms',
    kind: 'value',
    value: 'N',
    help: "run_code's default time limit per call",
    default: DEFAULTS.sandbox.timeoutMs,
    key: 'codeTimeoutMs',
    read: read.int(100),
  }),
  f({
    name: '--code-memory-mb',
    kind: 'value',
    value: 'N',
    help: "run_code's memory limit per interpreter",
    default: DEFAULTS.sandbox.memoryMb,
    key: 'codeMemoryMb',
    read: read.int(16),
  }),
  f({
    name: '--budget-tokens',
    kind: 'value',
    value: 'N',
    help: 'pause the run once it has used N tokens (in + out, whole run)',
    key: 'budget',
    read: budgetOf,
  }),
  f({ name: '--budget-usd', kind: 'value', value: 'X', help: 'pause the run once it has cost X US dollars (needs the prices)' }),
  f({
    name: '--price-input',
    kind: 'value',
    value: 'X',
    help: 'US dollars per million prompt tokens (for cost)',
    key: 'prices',
    read: pricesOf,
  }),
  f({ name: '--price-output', kind: 'value', value: 'X', help: 'US dollars per million completion tokens (for cost)' }),
  f({
    name: '--citations',
    kind: 'value',
    value: 'MODE',
    help: `check the answer's citations against what the run saw: ${CITATION_MODES.join(' | ')}`,
    default: 'repair: one extra round to fix unseen or missing ones',
    key: 'citations',
    read: read.oneOf(CITATION_MODES),
  }),
  f({ name: '--json', kind: 'switch', help: 'print a JSON result object instead of the answer', key: 'json', read: read.present }),
];

export const ASK: CommandSpec<AskArgs> = {
  name: 'ask',
  synopsis: '[options] "QUESTION"',
  about:
    'Runs the research agent over a workspace folder against any OpenAI-compatible endpoint.\n' +
    'The final answer goes to stdout, one progress line per step to stderr.',
  flags: ASK_FLAGS,
  notes: [
    'The API key comes from $RESEARCH_COPILOT_API_KEY, else $OPENAI_API_KEY (local servers need none).',
    'Without --allow-writes, writes are asked about on a terminal and denied otherwise; so are MCP tools',
    'that are not read-only, without --allow-tool.',
    'Exit status: 0 answered; 2 usage error; 3 endpoint unreachable or refusing; 4 ended without an answer;',
    '5 paused at its budget (continue with --resume FILE and a new budget).',
    'A session: ask "Q1" --trajectory FILE, then ask --continue FILE "Q2" (and so on); --json gives that turn\'s result.',
  ].join('\n'),
};

/** The command line after `ask`. */
export function parseAskArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): AskArgs {
  const { fields, positional } = parseLine(ASK, argv, env, cwd);
  return askArgs(fields, positional.join(' ').trim(), cwd);
}

/** The ask arguments from filled fields (eval reads the same flags and asks no question). */
export function askArgs(fields: Partial<AskArgs>, question: string, cwd: string): AskArgs {
  if (!question && fields.resume === undefined) throw new UsageError('no question given; usage: research-copilot ask [options] "QUESTION"');
  if (fields.continueFrom !== undefined && fields.resume !== undefined)
    throw new UsageError('--continue asks a new question and --resume finishes the last one: give one of them');
  if (fields.continueFrom !== undefined && fields.trajectory !== undefined)
    throw new UsageError("--continue appends to the session's own file: leave out --trajectory");
  if (!fields.model) throw new UsageError('no model given: pass --model NAME or set RESEARCH_COPILOT_MODEL');
  if (fields.searchProvider === 'searxng' && !fields.searchUrl)
    throw new UsageError('--search-provider searxng needs --search-url (your SearXNG instance)');
  return {
    ...fields,
    command: 'ask',
    question,
    workspace: fields.workspace ?? cwd,
    baseUrl: fields.baseUrl ?? DEFAULT_BASE_URL,
    model: fields.model,
    allowWrites: fields.allowWrites ?? false,
    allowTools: fields.allowTools ?? [],
    allowEgress: fields.allowEgress ?? false,
    json: fields.json ?? false,
    allowPrivateNetwork: fields.allowPrivateNetwork ?? false,
  };
}

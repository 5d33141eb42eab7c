/**
 * The extension's settings as one typed value, read through any getter (VS Code's configuration in
 * config.ts, a plain map in tests). Defaults come from the one table in src/agent/defaults.ts.
 */
import type { Protocol } from '../agent/events';
import { DEFAULTS, type RunLimits } from '../agent/defaults';

/** The run limits (defaults.ts) plus what only the extension reads. */
export interface Settings extends RunLimits {
  provider: 'auto' | 'openai-compatible' | 'vscode-lm';
  baseUrl: string;
  model: string;
  protocol: Protocol | 'auto';
  vscodeLmFamily: string;
  sandbox: { jsEngine: 'auto' | 'isolated-vm' | 'quickjs'; timeoutMs: number; memoryMb: number };
  search: { provider: string; url: string };
  allowPrivateNetwork: boolean;
  /** MCP configuration file (VS Code mcp.json shape); machine-scoped, so a workspace cannot set it. */
  mcpConfigFile: string;
  /** Whole-run budget (0 = none) and prices per million tokens (0 = unknown). */
  budget: { tokens: number; usd: number };
  pricing: { inputPerMillion: number; outputPerMillion: number };
  /** Send reasoning_content back (DeepSeek's thinking mode needs it). */
  sendReasoningBack: boolean;
  /** Azure OpenAI's api-version; set means the endpoint is Azure (api-key header). */
  azureApiVersion: string;
  /** Tokens the record a follow-up in a research session starts from may take (src/agent/session). */
  recordBudget: number;
  /** The user's own standing instructions for runs (the researchCopilot.instructions setting); read only in a trusted workspace. */
  instructions: string;
  /** Runs the runs folder keeps; older ones are deleted when a run starts. */
  keepRuns: number;
}

/** Reads `researchCopilot.<key>`, falling back to the given default. */
export type SettingGetter = <T>(key: string, fallback: T) => T;

/** Every setting key with its default, as package.json must contribute it (checked by a test). */
export const SETTING_DEFAULTS = {
  provider: 'auto',
  baseUrl: '',
  model: '',
  protocol: 'auto',
  maxTurns: DEFAULTS.maxTurns,
  keepToolResults: DEFAULTS.keepToolResults,
  maxToolResultChars: DEFAULTS.maxToolResultChars,
  contextWindow: DEFAULTS.contextWindow,
  attempts: DEFAULTS.attempts,
  maxParallelSubtasks: DEFAULTS.maxParallelSubtasks,
  'vscodeLm.family': '',
  'sandbox.jsEngine': DEFAULTS.sandbox.jsEngine,
  'sandbox.timeoutMs': DEFAULTS.sandbox.timeoutMs,
  'sandbox.memoryMb': DEFAULTS.sandbox.memoryMb,
  'search.provider': DEFAULTS.search.provider,
  'search.url': DEFAULTS.search.url,
  'web.allowPrivateNetwork': DEFAULTS.allowPrivateNetwork,
  'eval.budgets': DEFAULTS.eval.caps,
  'eval.attempts': DEFAULTS.eval.samples,
  'eval.concurrency': DEFAULTS.eval.concurrency,
  'mcp.configFile': '',
  'mcp.autoApprove': [] as string[],
  'mcp.trustReadOnlyHints': true,
  'budget.tokens': 0,
  'budget.usd': 0,
  'pricing.inputPerMillion': 0,
  'pricing.outputPerMillion': 0,
  sendReasoningBack: false,
  'azure.apiVersion': '',
  citations: 'repair',
  'export.folder': 'research',
  'session.recordBudget': DEFAULTS.session.recordBudget,
  'findings.diagnostics': true,
  instructions: '',
  'runs.keep': DEFAULTS.keepRuns,
} as const;

export function settingsFrom(get: SettingGetter): Settings {
  const d = SETTING_DEFAULTS;
  const text = (key: keyof typeof d): string => String(get(key, d[key])).trim();
  return {
    provider: get('provider', d.provider as Settings['provider']),
    baseUrl: text('baseUrl'),
    model: text('model'),
    protocol: get('protocol', d.protocol as Settings['protocol']),
    maxTurns: get('maxTurns', d.maxTurns),
    keepToolResults: get('keepToolResults', d.keepToolResults),
    maxToolResultChars: get('maxToolResultChars', d.maxToolResultChars),
    contextWindow: get('contextWindow', d.contextWindow),
    attempts: get('attempts', d.attempts),
    maxParallelSubtasks: get('maxParallelSubtasks', d.maxParallelSubtasks),
    vscodeLmFamily: text('vscodeLm.family'),
    sandbox: {
      jsEngine: get('sandbox.jsEngine', d['sandbox.jsEngine'] as Settings['sandbox']['jsEngine']),
      timeoutMs: get('sandbox.timeoutMs', d['sandbox.timeoutMs']),
      memoryMb: get('sandbox.memoryMb', d['sandbox.memoryMb']),
    },
    search: { provider: get('search.provider', d['search.provider'] as string), url: text('search.url') },
    allowPrivateNetwork: get('web.allowPrivateNetwork', d['web.allowPrivateNetwork'] as boolean),
    mcpConfigFile: text('mcp.configFile'),
    budget: { tokens: get('budget.tokens', d['budget.tokens'] as number), usd: get('budget.usd', d['budget.usd'] as number) },
    pricing: {
      inputPerMillion: get('pricing.inputPerMillion', d['pricing.inputPerMillion'] as number),
      outputPerMillion: get('pricing.outputPerMillion', d['pricing.outputPerMillion'] as number),
    },
    sendReasoningBack: get('sendReasoningBack', d.sendReasoningBack as boolean),
    azureApiVersion: text('azure.apiVersion'),
    recordBudget: get('session.recordBudget', d['session.recordBudget'] as number),
    instructions: String(get('instructions', d.instructions as string)),
    keepRuns: Math.max(1, Math.floor(Number(get('runs.keep', d['runs.keep'] as number)) || d['runs.keep'])),
  };
}

/** Reads the `researchCopilot.*` settings and the API key (SecretStorage, else the environment). */
import * as vscode from 'vscode';
import type { Protocol } from '../agent/events';

export const SECRET_KEY = 'researchCopilot.apiKey';
export const SEARCH_SECRET_KEY = 'researchCopilot.searchApiKey';

export interface Settings {
  provider: 'auto' | 'openai-compatible' | 'vscode-lm';
  baseUrl: string;
  model: string;
  protocol: Protocol | 'auto';
  maxTurns: number;
  keepToolResults: number;
  maxToolResultChars: number;
  contextWindow: number;
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
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  return {
    provider: c.get('provider', 'auto'),
    baseUrl: c.get('baseUrl', '').trim(),
    model: c.get('model', '').trim(),
    protocol: c.get('protocol', 'auto'),
    maxTurns: c.get('maxTurns', 600),
    keepToolResults: c.get('keepToolResults', 5),
    maxToolResultChars: c.get('maxToolResultChars', 50_000),
    contextWindow: c.get('contextWindow', 131_072),
    vscodeLmFamily: c.get('vscodeLm.family', '').trim(),
    sandbox: {
      jsEngine: c.get('sandbox.jsEngine', 'auto'),
      timeoutMs: c.get('sandbox.timeoutMs', 30_000),
      memoryMb: c.get('sandbox.memoryMb', 256),
    },
    search: { provider: c.get('search.provider', 'none'), url: c.get('search.url', '').trim() },
    allowPrivateNetwork: c.get('web.allowPrivateNetwork', false),
    mcpConfigFile: c.get('mcp.configFile', '').trim(),
    budget: { tokens: c.get('budget.tokens', 0), usd: c.get('budget.usd', 0) },
    pricing: { inputPerMillion: c.get('pricing.inputPerMillion', 0), outputPerMillion: c.get('pricing.outputPerMillion', 0) },
    sendReasoningBack: c.get('sendReasoningBack', false),
    azureApiVersion: c.get('azure.apiVersion', '').trim(),
  };
}

export async function readApiKey(secrets: vscode.SecretStorage): Promise<string> {
  return (await secrets.get(SECRET_KEY)) ?? process.env.RESEARCH_COPILOT_API_KEY ?? '';
}

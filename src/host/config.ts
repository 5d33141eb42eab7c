/** Reads the `researchCopilot.*` settings and the API key (SecretStorage, else the environment). */
import * as vscode from 'vscode';
import { settingsFrom, type Settings } from './settings';

export const SECRET_KEY = 'researchCopilot.apiKey';
export const SEARCH_SECRET_KEY = 'researchCopilot.searchApiKey';

export type { Settings } from './settings';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  return settingsFrom((key, fallback) => c.get(key, fallback));
}

export async function readApiKey(secrets: vscode.SecretStorage): Promise<string> {
  return (await secrets.get(SECRET_KEY)) ?? process.env.RESEARCH_COPILOT_API_KEY ?? '';
}

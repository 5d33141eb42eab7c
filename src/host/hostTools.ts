/**
 * The tools a run started in this window gets: the workspace and language tools over the first
 * workspace folder (when it is on disk), plus run_code, the web tools and MCP from the settings.
 */
import * as vscode from 'vscode';
import type { Tool } from '../agent/tool';
import { createWorkspaceTools } from '../tools/workspace/index';
import { createRunTools, type RunTools } from '../node/runTools';
import { SEARCH_SECRET_KEY, type Settings } from './config';
import { createLanguageTools } from './editorTools/languageTools';
import { VsCodeWorkspace } from './vscodeWorkspace';

const SEARCH_HOW_TO =
  'Web search is not configured. Set "researchCopilot.search.provider" to searxng (with "researchCopilot.search.url" ' +
  'pointing at your SearXNG), tavily, brave or serper, and store the key with "Research Copilot: Set Search API Key" ' +
  '(or TAVILY_API_KEY / BRAVE_API_KEY / SERPER_API_KEY in the environment). fetch_url works without it.';

/** The first workspace folder, when it is on disk (a virtual folder has no files the tools can read). */
export function currentWorkspace(): VsCodeWorkspace | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? new VsCodeWorkspace(folder.uri) : undefined;
}

/** The workspace and language tools over `ws`; none without a folder. */
export function workspaceToolsFor(ws: VsCodeWorkspace | undefined): Tool[] {
  return ws ? [...createWorkspaceTools(ws), ...createLanguageTools(ws)] : [];
}

/** Makes one run's tools from the settings it starts with (RunManagerDeps.runTools). */
export function hostRunTools(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): (settings: Settings) => Promise<RunTools> {
  return async (settings) => {
    const ws = currentWorkspace();
    const searchKey = await context.secrets.get(SEARCH_SECRET_KEY);
    return createRunTools({
      base: workspaceToolsFor(ws),
      ...(ws ? { workspaceFolder: ws.root } : {}),
      sandbox: { ...settings.sandbox, assetsDir: context.asAbsolutePath('dist') },
      search: { provider: settings.search.provider, url: settings.search.url, ...(searchKey ? { apiKey: searchKey } : {}) },
      allowPrivateNetwork: settings.allowPrivateNetwork,
      ...(settings.mcpConfigFile ? { mcpConfigFile: settings.mcpConfigFile } : {}),
      howToConfigureSearch: SEARCH_HOW_TO,
      log: (line) => log.info(line),
    });
  };
}

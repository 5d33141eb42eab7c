/**
 * The tools of one run, beyond the workspace: run_code (a sandbox per run, so Python state never
 * leaks from one run into the next), the web tools, and the tools of the configured MCP servers.
 * Shared by the CLI and the extension host; `dispose()` ends the sandbox and the MCP servers.
 */
import { readFileSync } from 'node:fs';
import { connectMcpServers, parseMcpConfig } from '../mcp/index';
import { createSandbox, type JsEngineChoice } from '../sandbox/index';
import { createRunCodeTool } from '../tools/runCode';
import type { Tool } from '../agent/tool';
import { createWebTools, searchConfigFrom } from './net/index';

export interface RunToolsOptions {
  /** The workspace tools (and any editor tools) the run already has. */
  base: Tool[];
  workspaceFolder?: string;
  sandbox?: { jsEngine?: JsEngineChoice; timeoutMs?: number; memoryMb?: number; assetsDir?: string };
  search?: { provider?: string; url?: string; apiKey?: string; env?: Record<string, string | undefined> };
  allowPrivateNetwork?: boolean;
  /** Path of an MCP configuration file (VS Code mcp.json shape). */
  mcpConfigFile?: string;
  /** Replaces web_search's "how to configure a provider" text (the extension names its settings). */
  howToConfigureSearch?: string;
  log?: (line: string) => void;
}

export interface RunTools {
  tools: Tool[];
  /** One line per part that could not be set up (a bad MCP file, a server that did not start). The run goes on. */
  problems: string[];
  dispose(): Promise<void>;
}

/** Throws only for configuration the user must fix before a run makes sense (an unknown search provider). */
export async function createRunTools(o: RunToolsOptions): Promise<RunTools> {
  const env = o.search?.env ?? process.env;
  const search = searchConfigFrom(o.search?.provider, o.search?.url, env, o.search?.apiKey);
  const sandbox = createSandbox({ ...o.sandbox, ...(o.log ? { log: o.log } : {}) });
  const tools: Tool[] = [
    ...o.base,
    createRunCodeTool(sandbox),
    ...createWebTools({
      ...(search ? { search } : {}),
      allowPrivateNetwork: o.allowPrivateNetwork === true,
      ...(o.howToConfigureSearch ? { howToConfigure: o.howToConfigureSearch } : {}),
    }),
  ];
  const problems: string[] = [];
  let disposeMcp = async (): Promise<void> => {};
  if (o.mcpConfigFile) {
    try {
      const config = parseMcpConfig(readFileSync(o.mcpConfigFile, 'utf8'), {
        env,
        ...(o.workspaceFolder ? { workspaceFolder: o.workspaceFolder } : {}),
      });
      const mcp = await connectMcpServers(config, {
        reservedNames: tools.map((t) => t.name),
        ...(o.workspaceFolder ? { cwd: o.workspaceFolder } : {}),
      });
      tools.push(...mcp.tools);
      problems.push(...mcp.problems);
      disposeMcp = () => mcp.dispose();
    } catch (e) {
      problems.push(`MCP servers not used: ${(e as Error).message}`);
    }
  }
  let disposed: Promise<void> | undefined;
  return {
    tools,
    problems,
    // Idempotent: the run factory disposes a run's tools, and a caller that never started the run may too.
    dispose: () => (disposed ??= Promise.allSettled([sandbox.dispose(), disposeMcp()]).then(() => undefined)),
  };
}

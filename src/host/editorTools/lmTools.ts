/**
 * The workspace tools offered to Copilot's agent mode as Language Model Tools. The declarations live
 * in package.json (`contributes.languageModelTools`, names `researchCopilot_<tool>`); entryPoints.ts
 * registers them at start-up and hands each call to these handlers (part of the runtime). Writes ask for
 * confirmation through VS Code's own tool-confirmation UI (in a chat, its inline buttons; outside one,
 * a modal dialog), which then counts as the approval. Refusing it never reaches invoke().
 */
import * as vscode from 'vscode';
import type { Tool } from '../../agent/tool';
import type { Workspace } from '../../tools/workspace/port';
import { writeRefusal } from './lmToolPaths';

const WRITES = new Set(['write_file', 'edit_file']);

type Input = Record<string, unknown>;

/** What VS Code calls for the tool `name` (a name of LM_TOOL_NAMES). */
export interface LmToolCalls {
  prepareInvocation(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<Input>): Promise<vscode.PreparedToolInvocation>;
  invoke(
    name: string,
    options: vscode.LanguageModelToolInvocationOptions<Input>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult>;
}

export function lmToolCalls(
  tools: () => Tool[],
  workspace: () => Pick<Workspace, 'readTextIfExists'> | undefined = () => undefined,
): LmToolCalls {
  return {
    prepareInvocation: async (name, options) => {
      if (!WRITES.has(name)) return { invocationMessage: `Research Copilot: ${name}` };
      const path = String(options.input.path ?? '');
      // A path the tool will refuse anyway is not put to the user: approving it could read as "allowed outside".
      const refused = await writeRefusal(workspace(), options.input.path);
      if (refused) return { invocationMessage: `Research Copilot: ${name} refused: ${refused}` };
      return {
        invocationMessage: `Research Copilot: ${name} ${path}`,
        confirmationMessages: { title: `Allow ${name}?`, message: `Change ${path} in the workspace.` },
      };
    },
    invoke: async (name, options, token) => {
      const tool = tools().find((t) => t.name === name);
      if (!tool) throw new Error(`${name} is not available (no workspace folder is open).`);
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await tool.execute(options.input, { signal: controller.signal, approve: async () => true });
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.content)]);
      } finally {
        sub.dispose();
      }
    },
  };
}

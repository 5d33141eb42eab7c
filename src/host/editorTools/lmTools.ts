/**
 * The workspace tools offered to Copilot's agent mode as Language Model Tools. The declarations live
 * in package.json (`contributes.languageModelTools`, names `researchCopilot_<tool>`); writes ask for
 * confirmation through VS Code's own tool-confirmation UI (in a chat, its inline buttons; outside one,
 * a modal dialog), which then counts as the approval. Refusing it never reaches invoke().
 */
import * as vscode from 'vscode';
import type { Tool } from '../../agent/tool';
import type { Workspace } from '../../tools/workspace/port';
import { LM_TOOL_NAMES, LM_TOOL_PREFIX } from './lmToolNames';
import { writeRefusal } from './lmToolPaths';

const WRITES = new Set(['write_file', 'edit_file']);

export function registerLmTools(
  tools: () => Tool[],
  workspace: () => Pick<Workspace, 'readTextIfExists'> | undefined = () => undefined,
): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return LM_TOOL_NAMES.map((name) =>
    vscode.lm.registerTool<Record<string, unknown>>(LM_TOOL_PREFIX + name, {
      prepareInvocation: async (options) => {
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
      invoke: async (options, token) => {
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
    }),
  );
}

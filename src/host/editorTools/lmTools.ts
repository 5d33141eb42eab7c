/**
 * The workspace tools offered to Copilot's agent mode as Language Model Tools. The declarations live
 * in package.json (`contributes.languageModelTools`, names `researchCopilot_<tool>`); writes ask for
 * confirmation through VS Code's own tool-confirmation UI, which then counts as the approval.
 */
import * as vscode from 'vscode';
import type { Tool } from '../../agent/tool';
import { LM_TOOL_NAMES, LM_TOOL_PREFIX } from './lmToolNames';

const WRITES = new Set(['write_file', 'edit_file']);

export function registerLmTools(tools: () => Tool[]): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return LM_TOOL_NAMES.map((name) =>
    vscode.lm.registerTool<Record<string, unknown>>(LM_TOOL_PREFIX + name, {
      prepareInvocation: (options) =>
        WRITES.has(name)
          ? {
              invocationMessage: `Research Copilot: ${name} ${String(options.input.path ?? '')}`,
              confirmationMessages: {
                title: `Allow ${name}?`,
                message: `Change ${String(options.input.path ?? 'a file')} in the workspace.`,
              },
            }
          : { invocationMessage: `Research Copilot: ${name}` },
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

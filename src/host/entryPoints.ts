/**
 * What VS Code may call into before any command ran, registered at start-up: the panel serializer (a
 * panel restored after a reload), the `@research` chat participant, and the Language Model Tools. Each
 * loads the runtime on its first call and hands the call to it.
 */
import * as vscode from 'vscode';
import { LM_TOOL_NAMES, LM_TOOL_PREFIX } from './editorTools/lmToolNames';
import type { RuntimeLoader } from './runtimeLoader';
import type { ChatTurnMetadata } from './chatAnswer';

/** The trajectory panel's webview type (package.json `activationEvents`: onWebviewPanel). */
export const PANEL_VIEW_TYPE = 'researchCopilot.run';

export function registerPanelSerializer(runtime: RuntimeLoader): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      const r = await runtime.get().catch(() => undefined);
      if (r) r.runs.revive(panel, (state as { runId?: unknown } | undefined)?.runId);
      else panel.dispose();
    },
  });
}

/** The `@research` participant's id (package.json `chatParticipants`); a chat's history names it. */
export const PARTICIPANT_ID = 'researchCopilot.research';

export function registerChatParticipant(extensionUri: vscode.Uri, runtime: RuntimeLoader): vscode.Disposable {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return { dispose() {} };
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) =>
    (await runtime.get()).chat(request, context, stream, token),
  );
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
  // The follow-ups an answer offered travel in its result's metadata (chatAnswer.ts); no runtime needed to read them.
  participant.followupProvider = {
    provideFollowups(result) {
      const offered = (result.metadata as Partial<ChatTurnMetadata> | undefined)?.followUps;
      return Array.isArray(offered) ? offered.filter((p) => typeof p === 'string').map((prompt) => ({ prompt, label: prompt })) : [];
    },
  };
  return participant;
}

export function registerLmTools(runtime: RuntimeLoader): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return LM_TOOL_NAMES.map((name) =>
    vscode.lm.registerTool<Record<string, unknown>>(LM_TOOL_PREFIX + name, {
      prepareInvocation: async (options) => (await runtime.get()).lmTools.prepareInvocation(name, options),
      invoke: async (options, token) => (await runtime.get()).lmTools.invoke(name, options, token),
    }),
  );
}

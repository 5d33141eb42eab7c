/** `@research` in the Chat view: the same agent, on the model the user picked in Chat, with its steps as progress. */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { runAgent } from '../agent/loop';
import { makeRedactor } from '../agent/redact';
import { TrajectoryWriter } from '../node/trajectoryFile';
import type { Tool } from '../agent/tool';
import { readSettings } from './config';
import type { RunStore } from './runStore';
import { VsCodeLmModel } from './vscodeLmModel';
import { hostCitationReviewer } from './citations';

export function registerChatParticipant(extensionUri: vscode.Uri, store: RunStore, tools: () => Tool[]): vscode.Disposable {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return { dispose() {} };
  const participant = vscode.chat.createChatParticipant('researchCopilot.research', async (request, _context, stream, token) => {
    const runId = randomUUID();
    const writer = new TrajectoryWriter(store.pathFor(runId), makeRedactor([]));
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    const settings = readSettings();
    try {
      const result = await runAgent({
        question: request.prompt,
        model: new VsCodeLmModel(request.model),
        protocol: 'openai-tools',
        tools: tools(),
        // Chat has no diff view of ours; writes are refused here and the model is told so.
        approve: async () => false,
        signal: controller.signal,
        runId,
        maxTurns: Math.min(settings.maxTurns, 200),
        keepToolResults: settings.keepToolResults,
        ...hostCitationReviewer(),
        ...(vscode.workspace.workspaceFolders?.[0] ? { workspace: vscode.workspace.workspaceFolders[0].uri.fsPath } : {}),
        onEvent: (e) => {
          writer.write(e);
          if (e.type === 'tool_call') stream.progress(`${e.call.name} ${e.call.arguments.slice(0, 80)}`);
        },
      });
      if (result.answer) stream.markdown(result.answer);
      else stream.markdown(`The run ended without an answer (${result.stopReason}${result.error ? `: ${result.error}` : ''}).`);
      stream.button({ command: 'researchCopilot.openRun', title: 'Show the whole trajectory', arguments: [runId] });
      return { metadata: { runId } };
    } finally {
      sub.dispose();
      writer.close();
    }
  });
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
  return participant;
}

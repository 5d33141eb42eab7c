/**
 * `@research` in the Chat view: the same research session as the panel's (the same RunManager and
 * launcher, so the same tools, limits and trajectory), on the model the user picked in Chat. The
 * session's id travels in each result's metadata and comes back through ChatContext.history, so a
 * second @research message in the same chat is a follow-up in the same session. The answer streams as
 * it is written; its verified sources become references and anchors; follow-ups are offered after it.
 * The participant (with its follow-up provider) is registered at start-up (entryPoints.ts); this
 * handler is part of the runtime.
 */
import * as vscode from 'vscode';
import { readSettings } from './config';
import { VsCodeLmModel } from './vscodeLmModel';
import { ChatAnswer, sessionOfHistory, type ChatOut, type ChatTurnMetadata } from './chatAnswer';
import type { RunManager } from './runManager';
import { PARTICIPANT_ID } from './entryPoints';

export function researchChatHandler(runs: () => RunManager): vscode.ChatRequestHandler {
  return async (request, context, stream, token) => {
    const protocol = readSettings().protocol === 'mirothinker-xml' ? 'mirothinker-xml' : 'openai-tools';
    const answer = new ChatAnswer(chatOut(stream), protocol === 'openai-tools');
    const launch = await runs().chatTurn(sessionOfHistory(context.history, PARTICIPANT_ID), request.prompt, {
      model: new VsCodeLmModel(request.model),
      protocol,
      label: `${request.model.name} (Chat)`,
      secrets: [],
      // Chat has no diff view of ours; writes are refused here and the model is told so.
      approve: async () => false,
      // Chat has no Continue button: at the budget the turn stops, its trajectory kept.
      onBudget: () => Promise.resolve({ continue: false }),
      onEvent: answer.onEvent,
      notifyErrors: false,
    });
    if (!launch.ok) {
      stream.markdown(`Research Copilot could not start: ${launch.message}`);
      return {};
    }
    const sub = token.onCancellationRequested(() => launch.session.controller.abort());
    try {
      const result = await launch.running.result;
      answer.finish(result, launch.redact);
      stream.button({ command: 'researchCopilot.openRun', title: 'Show the whole trajectory', arguments: [launch.session.runId] });
      const turn = launch.session.turnView()?.turn ?? 1;
      const metadata: ChatTurnMetadata = { runId: launch.session.runId, turn, followUps: answer.followUps() };
      return { metadata };
    } finally {
      sub.dispose();
    }
  };
}

function chatOut(stream: vscode.ChatResponseStream): ChatOut {
  const uriOf = (path: string): vscode.Uri | undefined => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, ...path.split('/')) : undefined;
  };
  const locationOf = (path: string, start?: number, end?: number): vscode.Uri | vscode.Location | undefined => {
    const uri = uriOf(path);
    if (!uri || start === undefined) return uri;
    // One line is a position (shown "file#12"); a range of lines is the lines (shown "file#12-20").
    const last = end ?? start;
    return new vscode.Location(uri, last === start ? new vscode.Position(start - 1, 0) : new vscode.Range(start - 1, 0, last - 1, 0));
  };
  return {
    markdown: (text) => stream.markdown(text),
    progress: (text) => stream.progress(text),
    fileReference: (path, start, end) => {
      const target = locationOf(path, start, end);
      if (target) stream.reference(target);
    },
    urlReference: (url) => {
      const uri = webUri(url);
      if (uri) stream.reference(uri);
    },
    anchor: (target, title) => {
      const to = 'url' in target ? webUri(target.url) : locationOf(target.path, target.start, target.end);
      if (to) stream.anchor(to, title);
      else stream.markdown(title);
    },
  };
}

/** An http(s) URL as a Uri; anything else (or one that does not parse) is not linked. */
function webUri(url: string): vscode.Uri | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    return vscode.Uri.parse(url, true);
  } catch {
    return undefined;
  }
}

/**
 * `@research` in the Chat view: the same run as the panel's (the same launcher, so the same tools,
 * limits and trajectory), on the model the user picked in Chat, with its steps as progress. The
 * participant is registered at start-up (entryPoints.ts); this handler is part of the runtime.
 */
import type * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { readSettings } from './config';
import { readConsentPolicy } from './consentSettings';
import { budgetOptions } from './budgetSettings';
import { launchRun, type LauncherDeps } from './runLauncher';
import { VsCodeLmModel } from './vscodeLmModel';
import { hostCitationReviewer } from './citations';

export function researchChatHandler(launcher: () => LauncherDeps): vscode.ChatRequestHandler {
  return async (request, _context, stream, token) => {
    const runId = randomUUID();
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    const settings = readSettings();
    try {
      const launch = await launchRun(launcher(), {
        runId,
        question: request.prompt,
        settings,
        model: new VsCodeLmModel(request.model),
        protocol: settings.protocol === 'mirothinker-xml' ? 'mirothinker-xml' : 'openai-tools',
        label: `${request.model.name} (Chat)`,
        secrets: [],
        // Chat has no diff view of ours; writes are refused here and the model is told so.
        approve: async () => false,
        consent: readConsentPolicy(),
        // Chat has no Continue button: at the budget the run stops, its trajectory kept.
        spending: budgetOptions(settings, () => Promise.resolve({ continue: false }), controller.signal),
        ...hostCitationReviewer(),
        onEvent: (e) => {
          if (e.type === 'tool_call') stream.progress(`${e.call.name} ${e.call.arguments.slice(0, 80)}`);
        },
        signal: controller.signal,
      });
      if (!launch.ok) {
        stream.markdown(`Research Copilot could not start: ${launch.message}`);
        return {};
      }
      const result = await launch.running.result;
      if (result.answer) stream.markdown(result.answer);
      else
        stream.markdown(`The run ended without an answer (${result.stopReason}${result.error ? `: ${launch.redact(result.error)}` : ''}).`);
      stream.button({ command: 'researchCopilot.openRun', title: 'Show the whole trajectory', arguments: [runId] });
      return { metadata: { runId } };
    } finally {
      sub.dispose();
    }
  };
}

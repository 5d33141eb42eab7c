/**
 * Activation's part of the findings check: a few listeners and the commands, nothing heavy. The
 * checker and its diagnostics (findingsDiagnostics.ts) load on the first Markdown document to check.
 * Setting `researchCopilot.findings.diagnostics` turns the automatic checks off; the command
 * "Check Findings in This Document" works either way.
 */
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from './settings';
import type { FindingsDiagnostics } from './findingsDiagnostics';

export const CHECK_FINDINGS_COMMAND = 'researchCopilot.checkFindings';
/** Same value as findingsActions.ts's, which is loaded later. */
const SHOW_CITED_CHANGE_COMMAND = 'researchCopilot.showCitedChange';
const SETTING = 'findings.diagnostics';

export function registerFindings(log: vscode.LogOutputChannel): vscode.Disposable[] {
  let controller: Promise<FindingsDiagnostics> | undefined;
  const load = () => (controller ??= import('./findingsDiagnostics').then((m) => new m.FindingsDiagnostics(log)));
  const enabled = () => vscode.workspace.getConfiguration('researchCopilot').get<boolean>(SETTING, SETTING_DEFAULTS[SETTING]);
  const auto = (doc: vscode.TextDocument) => {
    if (isMarkdownFile(doc) && enabled()) void load().then((c) => c.check(doc));
  };
  for (const doc of vscode.workspace.textDocuments) auto(doc);
  return [
    vscode.workspace.onDidOpenTextDocument(auto),
    vscode.workspace.onDidSaveTextDocument(auto),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`researchCopilot.${SETTING}`)) return;
      if (enabled()) vscode.workspace.textDocuments.forEach(auto);
      else void controller?.then((c) => c.clearAll());
    }),
    vscode.commands.registerCommand(CHECK_FINDINGS_COMMAND, async () => checkActiveDocument(await load())),
    vscode.commands.registerCommand(SHOW_CITED_CHANGE_COMMAND, async (docUri: unknown, index: unknown) => {
      if (typeof docUri === 'string' && typeof index === 'number') await (await load()).showChange(docUri, index);
    }),
    vscode.languages.registerCodeActionsProvider(
      { language: 'markdown', scheme: 'file' },
      { provideCodeActions: async (doc, _range, context) => (controller ? (await controller).codeActions(doc, context) : []) },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    { dispose: () => void controller?.then((c) => c.dispose()) },
  ];
}

function isMarkdownFile(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown' && doc.uri.scheme === 'file';
}

/** "Check Findings in This Document": the active Markdown document, its problems shown, a one-line summary. */
async function checkActiveDocument(controller: FindingsDiagnostics): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isMarkdownFile(doc)) {
    void vscode.window.showInformationMessage('Research Copilot: open a Markdown document to check the citations in it.');
    return;
  }
  const result = await controller.check(doc);
  if (!result) {
    void vscode.window.showWarningMessage('Research Copilot: findings are checked in documents inside a workspace folder on disk.');
    return;
  }
  const problems = result.checks.filter((c) => c.status !== 'current').length;
  const text = `Research Copilot: ${controller.summarize(result)}.`;
  if (!problems) return void vscode.window.showInformationMessage(text);
  const pick = await vscode.window.showWarningMessage(text, 'Show Problems');
  if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

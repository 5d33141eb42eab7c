/** The extension's citation check: a reviewer over the first workspace folder, by `researchCopilot.citations`. */
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from './settings';
import { CitationReviewer } from '../agent/citations/review';
import { CITATION_MODES, type CitationMode, type FileSource } from '../agent/citations/types';
import { citationFiles } from '../tools/citationFiles';
import { VsCodeWorkspace } from './vscodeWorkspace';

export function readCitationMode(): CitationMode {
  const value = vscode.workspace.getConfiguration('researchCopilot').get<string>('citations', SETTING_DEFAULTS.citations);
  return (CITATION_MODES as readonly string[]).includes(value) ? (value as CitationMode) : 'repair';
}

/** The workspace folder's files as the citation check sees them (none without a local folder). */
export function workspaceFileSource(): { files: FileSource; root?: string } {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return { files: async () => undefined };
  return { files: citationFiles(new VsCodeWorkspace(folder.uri)), root: folder.uri.fsPath };
}

/** `{ citations }` for a run's request; empty when the setting is off. */
export function hostCitationReviewer(mode: CitationMode = readCitationMode()): { citations?: CitationReviewer } {
  if (mode === 'off') return {};
  const { files, root } = workspaceFileSource();
  return { citations: new CitationReviewer({ mode, files, ...(root ? { workspaceRoot: root } : {}) }) };
}

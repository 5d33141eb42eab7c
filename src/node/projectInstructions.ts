/**
 * Reads the project's standing instructions for a run: AGENTS.md at the workspace root,
 * .github/copilot-instructions.md, and the text of the researchCopilot.instructions setting. The caller
 * decides whether to read them at all: never in an untrusted workspace, where a cloned repository could
 * steer the agent (the extension: vscode.workspace.isTrusted; the CLI: --no-instructions).
 */
import { realpathSync } from 'node:fs';
import type { ProjectInstruction } from '../agent/runContext';
import { readWorkspaceText } from './workspaceText';

export const INSTRUCTION_FILES = ['AGENTS.md', '.github/copilot-instructions.md'] as const;
export const INSTRUCTIONS_SETTING = 'researchCopilot.instructions';

export function readProjectInstructions(workspace: string | undefined, setting = ''): ProjectInstruction[] {
  const out: ProjectInstruction[] = [];
  let root: string | undefined;
  try {
    root = workspace ? realpathSync(workspace) : undefined;
  } catch {
    root = undefined;
  }
  for (const file of INSTRUCTION_FILES) {
    const text = root ? readWorkspaceText(root, file) : undefined;
    if (text?.trim()) out.push({ source: file, text });
  }
  if (setting.trim()) out.push({ source: INSTRUCTIONS_SETTING, text: setting });
  return out;
}

/**
 * Whether a write through a Language Model Tool would be refused by the workspace's confinement,
 * checked before VS Code asks the user to confirm it (the tool itself checks again when it runs).
 */
import { ToolError } from '../../agent/tool';
import { normalizeWorkspacePath } from '../../tools/pathPolicy';
import type { Workspace } from '../../tools/workspace/port';

/** The refusal message, or undefined when the path is acceptable (or cannot be checked: no workspace). */
export async function writeRefusal(ws: Pick<Workspace, 'readTextIfExists'> | undefined, path: unknown): Promise<string | undefined> {
  try {
    const rel = normalizeWorkspacePath(path);
    if (rel === '') return 'the path must name a file, not the workspace root';
    // Resolving the path checks the links on the way (a symbolic link out of the workspace is refused).
    await ws?.readTextIfExists(rel);
    return undefined;
  } catch (e) {
    if (e instanceof ToolError) return e.message;
    return undefined;
  }
}

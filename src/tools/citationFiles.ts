/** The citation check's view of the workspace: a file's text through the Workspace port, confined; nothing for anything else. */
import type { FileSource } from '../agent/citations/types';
import { normalizeWorkspacePath } from './pathPolicy';
import type { Workspace } from './workspace/port';

export function citationFiles(ws: Pick<Workspace, 'readTextIfExists'>): FileSource {
  return async (path) => {
    try {
      const rel = normalizeWorkspacePath(path);
      return rel === '' ? undefined : await ws.readTextIfExists(rel);
    } catch {
      return undefined; // outside the workspace, a directory, unreadable: not a citable file
    }
  };
}

/** The workspace tools, in the order they are offered to the model. */
import type { Tool } from '../../agent/tool';
import type { Workspace } from './port';
import { editFileTool } from './editFile';
import { findFilesTool } from './findFiles';
import { listDirectoryTool } from './listDirectory';
import { readFileTool } from './readFile';
import { searchTextTool } from './searchText';
import { writeFileTool } from './writeFile';
import { watchedTool } from './watched';

export function createWorkspaceTools(ws: Workspace): Tool[] {
  const makers = [listDirectoryTool, findFilesTool, searchTextTool, readFileTool, writeFileTool, editFileTool];
  // What these return is the user's data: the egress guard indexes it (src/agent/consent/egress), and
  // sees the whole of every file they touch (watched.ts).
  return makers.map((make) => ({ ...watchedTool(make, ws), readsWorkspace: true }));
}

/** The workspace tools, in the order they are offered to the model. */
import type { Tool } from '../../agent/tool';
import type { Workspace } from './port';
import { editFileTool } from './editFile';
import { findFilesTool } from './findFiles';
import { listDirectoryTool } from './listDirectory';
import { readFileTool } from './readFile';
import { searchTextTool } from './searchText';
import { writeFileTool } from './writeFile';

export function createWorkspaceTools(ws: Workspace): Tool[] {
  const tools = [listDirectoryTool(ws), findFilesTool(ws), searchTextTool(ws), readFileTool(ws), writeFileTool(ws), editFileTool(ws)];
  // What these return is the user's data: the egress guard indexes it (src/agent/egress).
  return tools.map((t) => ({ ...t, readsWorkspace: true }));
}

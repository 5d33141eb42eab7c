import { normalizeWorkspacePath } from '../pathPolicy';
import { fail, ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { Workspace } from './port';
import { byteLength, countLines } from './text';

const NAME = 'write_file';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'File path relative to the workspace root; missing folders are created.' },
    content: { type: 'string', description: 'The complete new content of the file.' },
  },
  required: ['path', 'content'],
} as const satisfies ToolSchema;

export function writeFileTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      'Create a file, or replace the whole content of an existing one, in the workspace. The user is asked ' +
      'to approve first. For a small change to an existing file prefer edit_file.',
    schema,
    run: async (input, ctx) => {
      const rel = normalizeWorkspacePath(input.path);
      const content = input.content;
      if (rel === '') return fail(`${NAME}: "path" must name a file, not the workspace root.`);
      // Reading first also checks confinement, so a refused path never reaches the user's prompt.
      const before = await ws.readTextIfExists(rel);
      const lines = countLines(content);
      const summary = before === undefined ? `Create ${rel} (${lines} lines)` : `Overwrite ${rel} (${countLines(before)} → ${lines} lines)`;
      const approved = await ctx.approve({ kind: 'write', tool: NAME, path: rel, summary, before, after: content }, ctx.signal);
      if (!approved) {
        return fail(
          `The user denied ${NAME} to ${rel}. The file was not changed; do not retry the same change without asking the user why.`,
        );
      }
      await ws.write(rel, content);
      const verb = before === undefined ? 'Created' : 'Overwrote';
      return ok(`${verb} ${rel} (${lines} lines, ${byteLength(content)} bytes).`, { path: rel, created: before === undefined, lines });
    },
  });
}

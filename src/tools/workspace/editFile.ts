import { normalizeWorkspacePath } from '../pathPolicy';
import { fail, ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { Workspace } from './port';
import { countLines } from './text';

const NAME = 'edit_file';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'File path relative to the workspace root; the file must exist.' },
    old_text: { type: 'string', description: 'Exact text to replace, including whitespace; must occur exactly once in the file.' },
    new_text: { type: 'string', description: 'Replacement text ("" deletes old_text).' },
  },
  required: ['path', 'old_text', 'new_text'],
} as const satisfies ToolSchema;

export function editFileTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      'Replace one exact piece of text in an existing workspace file. old_text must occur exactly once: ' +
      'copy it from read_file output without the line-number prefix, with enough surrounding lines to be ' +
      'unique. The user is asked to approve first. To create a file use write_file.',
    schema,
    run: async (input, ctx) => {
      const rel = normalizeWorkspacePath(input.path);
      let oldText = input.old_text;
      let newText = input.new_text;
      if (oldText === '') return fail(`${NAME}: "old_text" must not be empty; use write_file to create or replace a whole file.`);
      if (oldText === newText) return fail(`${NAME}: old_text and new_text are the same; nothing would change.`);
      const before = await ws.readTextIfExists(rel);
      if (before === undefined) return fail(`${NAME}: ${rel} does not exist; use write_file to create it.`);
      if (before.includes('\r\n') && !oldText.includes('\r\n')) {
        oldText = oldText.replace(/\n/g, '\r\n'); // the model writes "\n"; the file uses CRLF
        newText = newText.replace(/\n/g, '\r\n');
      }
      const count = countOccurrences(before, oldText);
      if (count === 0) {
        return fail(
          `${NAME}: old_text was not found in ${rel} (0 occurrences). Read the file again and copy the text exactly, including whitespace.`,
        );
      }
      if (count > 1) {
        return fail(
          `${NAME}: old_text occurs ${count} times in ${rel}; it must occur exactly once. Include more surrounding lines to make it unique.`,
        );
      }
      const at = before.indexOf(oldText);
      const after = before.slice(0, at) + newText + before.slice(at + oldText.length);
      const summary = `Edit ${rel}: replace ${countLines(oldText) || 1} lines with ${countLines(newText)} lines`;
      const approved = await ctx.approve({ kind: 'write', tool: NAME, path: rel, summary, before, after }, ctx.signal);
      if (!approved) {
        return fail(
          `The user denied ${NAME} to ${rel}. The file was not changed; do not retry the same change without asking the user why.`,
        );
      }
      await ws.write(rel, after);
      const line = before.slice(0, at).split('\n').length;
      return ok(`Edited ${rel} at line ${line}: replaced ${countLines(oldText) || 1} lines with ${countLines(newText)} lines.`, {
        path: rel,
        line,
      });
    },
  });
}

/** Occurrences, overlapping ones included (an overlap makes the edit ambiguous too). */
function countOccurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) count++;
  return count;
}

import { normalizeWorkspacePath } from '../pathPolicy';
import { fail, ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { Workspace } from './port';
import { formatSize } from './format';

const NAME = 'read_file';
const PAGE_LINES = 400;
const PAGE_CHARS = 40_000;
const MAX_LINE_CHARS = 4_000;

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'File path relative to the workspace root.' },
    start_line: { type: 'integer', description: 'First line to show, 1-based (default 1).', minimum: 1 },
    end_line: { type: 'integer', description: `Last line to show, inclusive (default: start_line + ${PAGE_LINES - 1}).`, minimum: 1 },
  },
  required: ['path'],
} as const satisfies ToolSchema;

export function readFileTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      `Read a text file from the workspace, with line numbers ("  12| text"). Shows at most ${PAGE_LINES} lines ` +
      `(about ${PAGE_CHARS / 1000}k characters) per call; a footer says which start_line to ask for next. ` +
      'Gitignored files can be read when named. Binary files are described, not shown. The line numbers ' +
      'and "| " are not part of the file: leave them out of edit_file\'s old_text.',
    schema,
    run: async (input) => {
      const rel = normalizeWorkspacePath(input.path);
      const start = input.start_line ?? 1;
      const end = input.end_line;
      if (end !== undefined && end < start) return fail(`${NAME}: end_line (${end}) is before start_line (${start}).`);
      const content = await ws.read(rel);
      if (content.kind === 'binary') {
        return ok(`${rel} is a binary file (${content.description}); its content is not shown.`, { path: rel, binary: true });
      }
      if (content.text === '') return ok(`${rel} is empty (0 bytes).`, { path: rel, lines: 0 });
      const lines = splitLines(content.text);
      if (start > lines.length) {
        return fail(`${NAME}: start_line ${start} is beyond the end of ${rel}, which has ${lines.length} lines.`);
      }
      const { text, shownLast } = takePage(lines, start, Math.min(end ?? start + PAGE_LINES - 1, lines.length));
      return ok(text, { path: rel, lines: lines.length, size: formatSize(content.size), range: `${start}-${shownLast}` });
    },
  });
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Numbered lines start..last (1-based, inclusive), stopping early at the character budget. */
function takePage(lines: string[], start: number, last: number): { text: string; shownLast: number } {
  const width = Math.max(5, String(last).length);
  const out: string[] = [];
  let chars = 0;
  let shownLast = start - 1;
  for (let n = start; n <= last; n++) {
    const line = formatLine(n, lines[n - 1], width);
    if (out.length > 0 && chars + line.length > PAGE_CHARS) break;
    out.push(line);
    chars += line.length + 1;
    shownLast = n;
  }
  const total = lines.length;
  if (start === 1 && shownLast === total) return { text: out.join('\n'), shownLast };
  const more = shownLast < total ? `call read_file with start_line=${shownLast + 1} for more` : 'end of file';
  return { text: [...out, `[lines ${start}-${shownLast} of ${total}; ${more}]`].join('\n'), shownLast };
}

function formatLine(n: number, text: string, width: number): string {
  const shown =
    text.length > MAX_LINE_CHARS
      ? `${text.slice(0, MAX_LINE_CHARS)}… [line cut: ${text.length} characters; use search_text to find text in it]`
      : text;
  return `${String(n).padStart(width)}| ${shown}`;
}

import { checkGlobPattern } from '../pathPolicy';
import { ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { Workspace } from './port';

const NAME = 'find_files';
const DEFAULT_MAX = 200;
const MAX = 1000;

const schema = {
  type: 'object',
  properties: {
    pattern: {
      type: 'string',
      description: 'Glob relative to the workspace root, e.g. "src/**/*.ts", "**/README.md" or "*.json".',
    },
    max_results: { type: 'integer', description: `Most paths to return (default ${DEFAULT_MAX}).`, minimum: 1, maximum: MAX },
  },
  required: ['pattern'],
} as const satisfies ToolSchema;

export function findFilesTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      'Find files in the workspace by glob; returns workspace-relative paths, sorted. Globs match the whole ' +
      'relative path ("src/*.ts" is only directly in src), but a pattern without a slash matches file names ' +
      'at any depth ("*.ts" finds every .ts file). Gitignored files and .git are skipped; symbolic links ' +
      'are neither followed nor listed (list_directory shows them).',
    schema,
    run: async (input, ctx) => {
      const pattern = checkGlobPattern(input.pattern);
      const maxResults = input.max_results ?? DEFAULT_MAX;
      const { paths, truncated } = await ws.find(pattern, { maxResults, signal: ctx.signal });
      const details = { pattern, count: paths.length, truncated };
      if (paths.length === 0) {
        return ok(
          `No files match "${pattern}". A pattern without a slash matches names at any depth; gitignored files are skipped.`,
          details,
        );
      }
      const footer = truncated
        ? `[first ${paths.length} matches shown; more exist. Narrow the pattern${maxResults < MAX ? ` or raise max_results (at most ${MAX})` : ''}.]`
        : `[${paths.length} ${paths.length === 1 ? 'file' : 'files'}]`;
      return ok([...paths, footer].join('\n'), details);
    },
  });
}

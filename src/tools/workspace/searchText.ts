import { checkGlobPattern } from '../pathPolicy';
import { fail, ok, type Tool, defineTool } from '../../agent/tool';
import { type ToolSchema } from '../../agent/schema';
import type { SearchResult, Workspace } from './port';

const NAME = 'search_text';
const DEFAULT_MAX = 100;
const MAX = 500;

const schema = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'Text to find on a single line (literal unless regex is true).' },
    regex: { type: 'boolean', description: 'Treat query as a regular expression (default false).' },
    include: { type: 'string', description: 'Glob limiting which files are searched, e.g. "src/**/*.ts" or "*.md".' },
    max_results: { type: 'integer', description: `Most matching lines to return (default ${DEFAULT_MAX}).`, minimum: 1, maximum: MAX },
  },
  required: ['query'],
} as const satisfies ToolSchema;

export function searchTextTool(ws: Workspace): Tool {
  return defineTool({
    name: NAME,
    server: 'workspace',
    description:
      'Search file contents in the workspace, line by line, case-sensitive. Returns "path:line: text" lines ' +
      'sorted by path then line; long lines are cut to about 300 characters. Literal text by default; set ' +
      'regex=true for a regular expression. include limits the files by glob (a glob without a slash ' +
      'matches file names at any depth). Gitignored, binary and .git files are skipped. Use read_file ' +
      'with start_line to see the context of a match.',
    schema,
    run: async (input, ctx) => {
      const query = input.query;
      if (query === '') return fail(`${NAME}: "query" must not be empty.`);
      if (/[\r\n]/.test(query)) return fail(`${NAME}: "query" must not contain a line break; matches are single lines.`);
      const include = input.include === undefined ? undefined : checkGlobPattern(input.include, 'Include pattern');
      const regex = input.regex === true;
      const maxResults = input.max_results ?? DEFAULT_MAX;
      const result = await ws.search(query, { regex, include, maxResults, signal: ctx.signal });
      const details = { query, regex, include, count: result.matches.length, truncated: result.truncated, engine: result.engine };
      if (result.matches.length === 0) {
        const where = include ? ` in files matching "${include}"` : '';
        return ok(`No matches for ${JSON.stringify(query)}${where} (${regex ? 'regex' : 'literal'}; engine: ${result.engine}).`, details);
      }
      const lines = result.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
      return ok([...lines, footer(result, maxResults)].join('\n'), details);
    },
  });
}

function footer(result: SearchResult, maxResults: number): string {
  const files = new Set(result.matches.map((m) => m.path)).size;
  if (!result.truncated) {
    return `[${result.matches.length} matching ${result.matches.length === 1 ? 'line' : 'lines'} in ${files} ${files === 1 ? 'file' : 'files'}; engine: ${result.engine}]`;
  }
  const raise = maxResults < MAX ? `, raise max_results (at most ${MAX})` : '';
  return `[truncated: first ${result.matches.length} matching lines shown, more exist; engine: ${result.engine}. Narrow the query, add an include glob${raise}.]`;
}

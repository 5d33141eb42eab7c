/**
 * A scripted "researcher" for depth tests and the loop benchmark: it walks a real folder of code with
 * every read-only workspace tool, for N tool calls, then answers. Calls repeat now and then, on purpose.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function codeFiles(root: string, limit = 400): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (out.length >= limit) return;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(m?js|ts)$/.test(name) && st.size > 0) out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out;
}

export interface DeepCall {
  name: string;
  args: Record<string, unknown>;
}

/** The i-th call (0-based) of a deep run over `files`. */
export function deepCall(i: number, files: string[]): DeepCall {
  const file = files[(i * 7) % files.length];
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  switch (i % 4) {
    case 0:
      return { name: 'list_directory', args: { path: dir } };
    case 1:
      return { name: 'find_files', args: { pattern: i % 8 === 1 ? '*.d.ts' : `${dir || '**'}/*.js`, max_results: 50 } };
    case 2:
      return {
        name: 'search_text',
        args: { query: ['export', 'function', 'class', 'async'][(i >> 2) % 4], include: dir ? `${dir}/**` : undefined, max_results: 40 },
      };
    default:
      return { name: 'read_file', args: { path: file, start_line: 1, end_line: 40 + (i % 50) } };
  }
}

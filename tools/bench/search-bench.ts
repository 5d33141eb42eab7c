/**
 * search_text benchmark: the workspace search (NodeWorkspace.search, what search_text runs) against
 * plain `rg` and `rg --sort path` with the same file-selection flags, over a large real tree
 * (this repository's node_modules unless --tree DIR), for a query that matches nothing, a rare one,
 * a common one and a regex. Median of --runs rounds (the three are interleaved within a round, so
 * load on a shared machine falls on all of them alike). Writes bench-results/search.md.
 *
 * Run: npm run bench:search [-- --tree DIR] [--runs N] [--before REPO_DIR] [--out NAME.md]
 *   --before REPO_DIR also times search_text as built from another checkout (e.g. a worktree of the
 *   previous commit), for a before/after column. --out names the file in bench-results/ (default search.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { RG_FILE_FLAGS, searchProcesses } from '../../src/node/ripgrep';
import type { SearchOptions } from '../../src/tools/workspace/port';
import { machineLine, median } from './machine';

const REPO = resolve(__dirname, '..', '..');
const QUERIES: Array<{ label: string; query: string; regex: boolean }> = [
  { label: 'no match', query: 'zq_no_such_text_9f3e', regex: false },
  { label: 'rare (createRequire)', query: 'createRequire', regex: false },
  { label: 'common (function)', query: 'function', regex: false },
  { label: 'regex (import\\s+\\{)', query: 'import\\s+\\{', regex: true },
];
/** The flags the workspace search uses to choose files (see ripgrepArgs), without output format or order. */
const SELECT = [...RG_FILE_FLAGS, '--glob', '!.git'];

interface Searcher {
  search(query: string, options: SearchOptions): Promise<{ matches: unknown[]; truncated: boolean }>;
}

/** Wall time of one rg process, its output read (and dropped) through a pipe as a caller would. */
function timeRg(tree: string, args: string[]): Promise<number> {
  const t = performance.now();
  return new Promise((res, rej) => {
    const child = spawn('rg', args, { cwd: tree, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.resume();
    child.on('error', rej);
    child.on('close', () => res(performance.now() - t));
  });
}

async function timeSearch(ws: Searcher, query: string, regex: boolean): Promise<number> {
  const t = performance.now();
  await ws.search(query, { regex, maxResults: 100 });
  return performance.now() - t;
}

function treeFacts(tree: string): string {
  const du = spawnSync('du', ['-sh', '--apparent-size', tree], { encoding: 'utf8' }).stdout.split('\t')[0];
  const files =
    spawnSync('rg', ['--files', ...SELECT, '.'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\n').length - 1;
  return `${du} apparent size, ${files} files searched`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { tree: { type: 'string' }, runs: { type: 'string' }, before: { type: 'string' }, out: { type: 'string' } },
  });
  const tree = resolve(values.tree ?? join(REPO, 'node_modules'));
  const runs = Number(values.runs ?? 7);
  const ws = new NodeWorkspace(tree);
  if (!ws.ripgrepPath) throw new Error('rg is not on PATH');
  let before: Searcher | undefined;
  if (values.before) {
    const mod = (await import(resolve(values.before, 'src/node/nodeWorkspace.ts'))) as { NodeWorkspace: new (root: string) => Searcher };
    before = new mod.NodeWorkspace(tree);
  }
  const loadBefore = loadavg()[0];
  const rows: string[] = [];
  for (const q of QUERIES) {
    const match = [...SELECT, ...(q.regex ? [] : ['--fixed-strings']), '-e', q.query, '--', '.'];
    const t = { plain: [] as number[], sorted: [] as number[], tool: [] as number[], before: [] as number[] };
    for (let round = 0; round <= runs; round++) {
      const plain = await timeRg(tree, match);
      const sorted = await timeRg(tree, ['--sort', 'path', ...match]);
      const tool = await timeSearch(ws, q.query, q.regex);
      const old = before ? await timeSearch(before, q.query, q.regex) : NaN;
      if (round === 0) continue; // warm-up: page cache, rg's first start
      t.plain.push(plain);
      t.sorted.push(sorted);
      t.tool.push(tool);
      t.before.push(old);
    }
    const [plain, sorted, tool, old] = [median(t.plain), median(t.sorted), median(t.tool), median(t.before)];
    const beforeCells = before ? ` ${old.toFixed(0)} | ${(old / plain).toFixed(2)}× |` : '';
    rows.push(
      `| ${q.label} | ${plain.toFixed(0)} | ${sorted.toFixed(0)} | ${tool.toFixed(0)} | ${(tool / plain).toFixed(2)}× |${beforeCells}`,
    );
    console.log(rows.at(-1));
  }
  const beforeHead = before ? ' search_text before (ms) | before ÷ plain rg |' : '';
  const lines = [
    '# search_text benchmark',
    '',
    `Machine: ${machineLine()}. Shared with other jobs while measured (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), so absolute times wander; the columns of a row are interleaved round by round.`,
    '',
    `Tree: \`${tree === join(REPO, 'node_modules') ? 'node_modules of this repository' : tree}\`, ${treeFacts(tree)}. rg ${spawnSync(
      'rg',
      ['--version'],
      { encoding: 'utf8' },
    )
      .stdout.split('\n')[0]
      .replace(/^ripgrep /, '')}.`,
    `Median of ${runs} runs after one warm-up, in ms. plain rg and rg --sort path use search_text's file-selection flags (hidden files, .gitignore, no links, no .git) and print every matching line to a pipe; search_text returns the first 100 matching lines in path order (max_results 100), with ${searchProcesses()} rg processes at once here.`,
    '',
    `| query | plain rg (ms) | rg --sort path (ms) | search_text (ms) | search_text ÷ plain rg |${beforeHead}`,
    `|---|---|---|---|---|${before ? '---|---|' : ''}`,
    ...rows,
    '',
    "How to read it: search_text cuts the tree into consecutive parts in path order (the root's entries, and folders below it that have no .gitignore of their own) and runs one `rg --sort path --json` per core over a group of parts; the groups' lines are put one after the other, and once the first 101 lines are known the processes still reading later parts are killed. A query with many matches is so answered from the first files (as the single-threaded `rg --sort path` search before the two-phase one did), and a query with few or none reads the tree on every core (as plain rg does). The before column is the previous search_text: `rg --files-with-matches` on every core over the whole tree, then the lines of the first files, which read the whole tree even when the first 100 lines sit in the first few files. Plain rg prints every matching line, so it is slow for common words; rg --sort path here also prints them all. The gap in the no-match and rare rows is what plain rg does not pay: a second process and the plan (a few directory reads); starting one rg process from Node (`rg --version`) took 27–59 ms on this machine at a load average of 9.",
    '',
    'Target: search_text within 1.2× of plain rg. Run: `npm run bench:search` (`-- --tree DIR --runs N --before OTHER_CHECKOUT --out NAME.md`).',
    '',
  ];
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results', values.out ?? 'search.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

void main();

/**
 * search_text benchmark: the workspace search (NodeWorkspace.search, what search_text runs) with each
 * engine (rg on PATH, the rg bundled with the CLI, the builtin engine) against plain `rg` with the
 * same file-selection flags, over a large real tree (this repository's node_modules unless --tree
 * DIR), for a query that matches nothing, a rare one, a common one and a regex. Then the no-match
 * scan through the CLI itself, as the issue measures it: `research-copilot ask` against the scripted
 * model, the tool's own durationMs, with rg on PATH, with no rg on PATH (the bundled one), and from a
 * copy of the CLI bundle with no rg anywhere (the builtin engine). Median of --runs rounds, the
 * columns interleaved within a round so load on a shared machine falls on all of them alike.
 *
 * Run: npm run bench:search [-- --tree DIR] [--runs N] [--out NAME.md]   (needs npm run build)
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep, RG_FILE_FLAGS, searchProcesses } from '../../src/node/ripgrep';
import { bundledRipgrep } from '../../src/node/searchEngine';
import { startFakeModel } from '../fake-model/server';
import { machineLine, median } from './machine';

const REPO = resolve(__dirname, '..', '..');
const QUERIES: Array<{ label: string; query: string; regex: boolean }> = [
  { label: 'no match', query: 'zq_no_such_text_9f3e', regex: false },
  { label: 'rare (createRequire)', query: 'createRequire', regex: false },
  { label: 'common (function)', query: 'function', regex: false },
  { label: 'regex (import\\s+\\{)', query: 'import\\s+\\{', regex: true },
];
const HOW_TO_READ =
  "How to read it. rg path: the tree is cut into pieces in path order (the root's entries here: no folder is read to plan it) and one `rg --sort path --json` per core searches a consecutive group of them; the groups are cut at equal cost, the cost of each piece learned from how long its group's rg took in an earlier search of the same tree that read every group to its end, so after the first search the processes end together. Once the first 101 lines in path order are known the later processes are killed, which is why common words beat plain rg (it prints every line). " +
  'Bundled rg: the same code with the rg 15 binary of @vscode/ripgrep-universal, which the CLI takes when none is on PATH; its ratio also carries the difference between rg 15 and the plain rg 13 it is divided by. ' +
  'Builtin engine: worker threads (one per core) walk the pieces with synchronous calls and read each file as bytes, its first 64 KiB alone (a NUL there skips it as binary, as rg does); a literal is found with Buffer.indexOf, a regex is tested only on the lines holding a literal it needs. The tree includes the 58 MB of rg binaries of @vscode/ripgrep-universal since it became a dependency; both engines skip them as binary after one read.';

/** The flags the workspace search uses to choose files (see ripgrepArgs), without output format or order. */
const SELECT = [...RG_FILE_FLAGS, '--glob', '!.git'];

/** Wall time of one rg process, its output read (and dropped) through a pipe as a caller would. */
function timeRg(rg: string, tree: string, args: string[]): Promise<number> {
  const t = performance.now();
  return new Promise((res, rej) => {
    const child = spawn(rg, args, { cwd: tree, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.resume();
    child.on('error', rej);
    child.on('close', () => res(performance.now() - t));
  });
}

async function timeSearch(ws: NodeWorkspace, query: string, regex: boolean): Promise<number> {
  const t = performance.now();
  await ws.search(query, { regex, maxResults: 100 });
  return performance.now() - t;
}

function load(): string {
  return loadavg()[0].toFixed(1);
}

const ratio = (x: number, base: number): string => `${(x / base).toFixed(2)}×`;

interface Engines {
  rg: NodeWorkspace;
  bundled: NodeWorkspace | undefined;
  builtin: NodeWorkspace;
}

/** One row per query: plain rg, then search_text with each engine, interleaved round by round. */
async function inProcessRows(tree: string, rg: string, engines: Engines, runs: number): Promise<string[]> {
  const rows: string[] = [];
  for (const q of QUERIES) {
    const match = [...SELECT, ...(q.regex ? [] : ['--fixed-strings']), '-e', q.query, '--', '.'];
    const t = { plain: [] as number[], rg: [] as number[], bundled: [] as number[], builtin: [] as number[] };
    const before = load();
    for (let round = 0; round <= runs; round++) {
      const plain = await timeRg(rg, tree, match);
      const viaRg = await timeSearch(engines.rg, q.query, q.regex);
      const viaBundled = engines.bundled ? await timeSearch(engines.bundled, q.query, q.regex) : NaN;
      const viaBuiltin = await timeSearch(engines.builtin, q.query, q.regex);
      if (round === 0) continue; // warm-up: page cache, first process and worker starts
      t.plain.push(plain);
      t.rg.push(viaRg);
      t.bundled.push(viaBundled);
      t.builtin.push(viaBuiltin);
    }
    const [plain, viaRg, viaBundled, viaBuiltin] = [median(t.plain), median(t.rg), median(t.bundled), median(t.builtin)];
    rows.push(
      `| ${q.label} | ${plain.toFixed(0)} | ${viaRg.toFixed(0)} (${ratio(viaRg, plain)}) | ${viaBundled.toFixed(0)} (${ratio(viaBundled, plain)}) | ${viaBuiltin.toFixed(0)} (${ratio(viaBuiltin, plain)}) | ${before} → ${load()} |`,
    );
    console.log(rows.at(-1));
  }
  return rows;
}

/** durationMs of `calls` no-match search_text calls in one CLI run (the first, which starts things, dropped). */
async function cliDurations(cli: string, tree: string, path: string, calls: number, state: string): Promise<number[]> {
  const script = Array.from({ length: calls }, (_, i) => ({
    toolCalls: [{ name: 'search_text', arguments: JSON.stringify({ query: `zq_no_such_text_${i}_9f3e` }) }],
  }));
  const fake = await startFakeModel({ script: [...script, { content: 'done' }] });
  const trajectory = join(state, `bench-${Date.now()}.jsonl`);
  try {
    await new Promise<void>((done, fail) => {
      const child = spawn(
        process.execPath,
        [cli, 'ask', '--workspace', tree, '--base-url', fake.url, '--model', 'fake-model', '--trajectory', trajectory, 'bench'],
        { env: { PATH: path, HOME: process.env.HOME, XDG_STATE_HOME: state }, stdio: ['ignore', 'ignore', 'ignore'] },
      );
      child.on('error', fail);
      child.on('close', () => done());
    });
  } finally {
    await fake.close();
  }
  const events = readFileSync(trajectory, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; durationMs?: number });
  return events.flatMap((e) => (e.type === 'tool_result' && e.durationMs !== undefined ? [e.durationMs] : [])).slice(1);
}

/** The no-match scan through the CLI with each engine, against plain rg timed between the CLI runs. */
async function cliRows(tree: string, rg: string, runs: number): Promise<string[]> {
  const state = mkdtempSync(join(tmpdir(), 'rc-search-bench-'));
  const bare = join(state, 'bare'); // the CLI bundle alone: no node_modules beside it, so no bundled rg
  mkdirSync(bare);
  for (const file of ['cli.js', 'search-worker.js']) copyFileSync(join(REPO, 'dist', file), join(bare, file));
  const noRg = join(state, 'no-rg-on-path');
  mkdirSync(noRg);
  const cases = [
    { label: 'rg on PATH', cli: join(REPO, 'dist', 'cli.js'), path: process.env.PATH ?? '' },
    { label: 'no rg on PATH: the bundled rg', cli: join(REPO, 'dist', 'cli.js'), path: noRg },
    { label: 'no rg anywhere: the builtin engine', cli: join(bare, 'cli.js'), path: noRg },
  ];
  const match = [...SELECT, '--fixed-strings', '-e', 'zq_no_such_text_9f3e', '--', '.'];
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const plain: number[] = [];
      const tool: number[] = [];
      const before = load();
      await cliDurations(c.cli, tree, c.path, 2, state); // warm-up
      for (let round = 0; round < Math.max(2, Math.ceil(runs / 2)); round++) {
        for (let i = 0; i < 3; i++) plain.push(await timeRg(rg, tree, match));
        tool.push(...(await cliDurations(c.cli, tree, c.path, 4, state)));
      }
      const [p, d] = [median(plain), median(tool)];
      rows.push(`| ${c.label} | ${p.toFixed(0)} | ${d.toFixed(0)} | ${ratio(d, p)} | ${tool.length} | ${before} → ${load()} |`);
      console.log(rows.at(-1));
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  return rows;
}

function treeFacts(rg: string, tree: string): string {
  const du = spawnSync('du', ['-sh', '--apparent-size', tree], { encoding: 'utf8' }).stdout.split('\t')[0];
  const files =
    spawnSync(rg, ['--files', ...SELECT, '.'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\n').length - 1;
  return `${du} apparent size, ${files} files searched`;
}

function version(rg: string): string {
  return /^ripgrep (\S+)/.exec(spawnSync(rg, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tree: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } } });
  const tree = resolve(values.tree ?? join(REPO, 'node_modules'));
  const runs = Number(values.runs ?? 7);
  const rg = findRipgrep();
  if (!rg) throw new Error('rg is not on PATH: plain rg is the yardstick');
  const bundled = bundledRipgrep();
  const engines: Engines = {
    rg: new NodeWorkspace(tree, { ripgrep: rg }),
    bundled: bundled ? new NodeWorkspace(tree, { ripgrep: bundled }) : undefined,
    builtin: new NodeWorkspace(tree, { ripgrep: false }),
  };
  const loadStart = load();
  const rows = await inProcessRows(tree, rg, engines, runs);
  const cli = await cliRows(tree, rg, runs);
  const lines = [
    '# search_text benchmark',
    '',
    `Machine: ${machineLine()}. 1-minute load average ${loadStart} at the start, ${load()} at the end (each row says its own); the machine is shared, so absolute times wander, and the columns of a row are interleaved round by round.`,
    '',
    `Tree: \`${tree === join(REPO, 'node_modules') ? 'node_modules of this repository' : tree}\`, ${treeFacts(rg, tree)}. rg on PATH ${version(rg)}; bundled rg (@vscode/ripgrep-universal) ${bundled ? version(bundled) : 'missing'}. ${searchProcesses()} cores used.`,
    '',
    `## In the process: NodeWorkspace.search, first 100 lines in path order`,
    '',
    `Median of ${runs} runs after one warm-up, in ms. Plain rg (the one on PATH) uses search_text's file-selection flags (hidden files, .gitignore, no links, no .git) and prints every matching line to a pipe.`,
    '',
    '| query | plain rg (ms) | search_text, rg on PATH (÷ plain rg) | search_text, bundled rg | search_text, builtin engine | load |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Through the CLI: the no-match scan, the tool’s own durationMs',
    '',
    '`research-copilot ask` (dist/cli.js) over the tree against the scripted model, four no-match search_text calls a run (the first call of each run dropped), plain rg timed three times between runs.',
    '',
    '| engine | plain rg (ms) | search_text durationMs (ms) | ÷ plain rg | calls | load |',
    '|---|---|---|---|---|---|',
    ...cli,
    '',
    ...(Math.max(Number(loadStart), loadavg()[0]) > 3
      ? [
          '**The machine was busy while measured (load average above 3): the ratios hold within a row, absolute times do not; re-run on an idle machine for figures to quote.**',
          '',
        ]
      : []),
    HOW_TO_READ,
    '',
    'Targets: with rg, search_text within 1.25× of plain rg on the no-match scan through the CLI; with no rg at all, the builtin engine within 3×. Run: `npm run bench:search` (`-- --tree DIR --runs N --out NAME.md`), after `npm run build`.',
    '',
  ];
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results', values.out ?? 'search.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

void main();

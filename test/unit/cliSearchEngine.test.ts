// Which engine the CLI searches with where no ripgrep is on PATH: the rg bundled with it
// (@vscode/ripgrep-universal), or, in a copy of the CLI bundle that has no node_modules beside it,
// the builtin engine on worker threads (dist/search-worker.js). The first search says which, once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { IgnoreRules } from '../../src/node/gitignore';
import { searchBuiltin } from '../../src/node/builtinSearch';
import { InlineRunner, WorkerPool } from '../../src/node/search/scanPool';
import { startFakeModel } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';

const DIST = resolve(__dirname, '../../dist');
let base: string;
let ws: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  base = mkdtempSync(join(tmpdir(), 'rc-cli-search-'));
  ws = join(base, 'ws');
  for (let i = 0; i < 30; i++) {
    mkdirSync(join(ws, `d${i % 4}`), { recursive: true });
    writeFileSync(join(ws, `d${i % 4}`, `f${i}.txt`), `line one\n${i % 5 === 0 ? `needle ${i}\n` : 'nothing\n'}`);
  }
});
after(() => rmSync(base, { recursive: true, force: true }));

/** Two searches, then an answer, through `cli` with PATH holding no rg. */
async function twoSearches(
  cli: string,
): Promise<{ code: number | null; stderr: string; results: Array<{ content: string; engine: unknown }> }> {
  const search = (query: string) => ({ toolCalls: [{ name: 'search_text', arguments: JSON.stringify({ query }) }] });
  const fake = await startFakeModel({ script: [search('needle'), search('line one'), { content: 'done' }] });
  const trajectory = join(base, `t-${Date.now()}.jsonl`);
  try {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'fake-model', '--trajectory', trajectory, 'Q?'], {
      env: { XDG_STATE_HOME: base, PATH: '/nonexistent' },
      cli,
    });
    const results = readTrajectory(trajectory).flatMap((e) =>
      e.type === 'tool_result' ? [{ content: e.content, engine: e.details?.engine }] : [],
    );
    return { code: r.code, stderr: r.stderr, results };
  } finally {
    await fake.close();
  }
}

const NEEDLES = [
  'd0/f0.txt:2: needle 0',
  'd0/f20.txt:2: needle 20',
  'd1/f25.txt:2: needle 25',
  'd2/f10.txt:2: needle 10',
  'd3/f15.txt:2: needle 15',
  'd1/f5.txt:2: needle 5',
];

test('with no rg on PATH the CLI searches with the rg it carries, and says so once', async () => {
  const r = await twoSearches(CLI);
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('[search]'));
  assert.equal(notes.length, 1, r.stderr);
  assert.match(notes[0], /^\[search\] ripgrep \d+\.\d+\.\d+ \(.*ripgrep-universal.*, bundled with the CLI/);
  assert.deepEqual(
    r.results.map((x) => x.engine),
    ['ripgrep', 'ripgrep'],
  );
  for (const line of NEEDLES) assert.ok(r.results[0].content.includes(line), line);
});

test('a CLI bundle with no rg anywhere uses the builtin engine, and says so once', async () => {
  const bare = join(base, 'bare');
  mkdirSync(bare);
  for (const file of ['cli.js', 'search-worker.js']) copyFileSync(join(DIST, file), join(bare, file));
  const r = await twoSearches(join(bare, 'cli.js'));
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('[search]'));
  assert.deepEqual(
    notes,
    ['[search] builtin engine (no ripgrep found: none on PATH, RESEARCH_COPILOT_RG unset, no bundled one)'],
    r.stderr,
  );
  assert.deepEqual(
    r.results.map((x) => x.engine),
    ['builtin', 'builtin'],
  );
  for (const line of NEEDLES) assert.ok(r.results[0].content.includes(line), line);
  assert.match(r.results[1].content, /\[30 matching lines in 30 files; engine: builtin\]/);
});

test('the bundled worker (dist/search-worker.js) scans as this thread does', async () => {
  const pool = new WorkerPool(2, { file: join(DIST, 'search-worker.js'), needsTsx: false });
  try {
    const options = { regex: true, maxResults: 500 };
    const viaWorkers = await searchBuiltin(ws, 'needle \\d+', options, new IgnoreRules(ws), pool);
    assert.equal(pool.inlineRuns, 0, 'every piece ran on a worker');
    assert.deepEqual(viaWorkers, await searchBuiltin(ws, 'needle \\d+', options, new IgnoreRules(ws), new InlineRunner()));
    assert.equal(viaWorkers.matches.length, 6);
  } finally {
    await pool.close();
  }
});

/**
 * The findings check at size: a 2,000-line Markdown document with 500 citations (inline code, #L links and
 * Sources entries with excerpts, into 500 files) in a git repository of 20,000 files, the document
 * committed and 50 cited files changed since.
 *   node --import tsx tools/bench/findings-bench.ts [--files 20000] [--citations 500] [--out bench-results/findings.md]
 * Reports: a cold check (a new checker: git log + show + diff, every cited file read), the same through
 * the CLI as a process, a check after one cited file changed (the editor's case: the last check kept),
 * and after an edit of the document alone. Goals: cold under 300 ms, one-file change under 30 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FindingsChecker } from '../../src/agent/findings/checker';
import { NodeFindingsPort } from '../../src/node/findingsPort';
import { machineLine, median, p95 } from './machine';

const argv = process.argv.slice(2);
const opt = (flag: string, fallback: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) || fallback : fallback);
const FILES = opt('--files', 20_000);
const CITATIONS = opt('--citations', 500);
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/findings.md';
const CLI = resolve(__dirname, '../../dist/cli.js');
const DOC = 'docs/findings.md';
const LINES_PER_FILE = 40;

function fileText(i: number): string {
  return (
    Array.from({ length: LINES_PER_FILE }, (_, l) => `export const value${i}_${l + 1} = compute(${i}, ${l + 1}); // line ${l + 1}`).join(
      '\n',
    ) + '\n'
  );
}

function pathOf(i: number): string {
  return `src/m${Math.floor(i / 100)}/file${i % 100}.ts`;
}

/** 2,000 lines: prose with inline-code citations and #L links, then a Sources list with an excerpt under each entry. */
function documentText(cited: number[]): string {
  const prose: string[] = ['# Findings', ''];
  const sources: string[] = ['## Sources', ''];
  cited.forEach((file, k) => {
    const line = 5 + (k % 30);
    const path = pathOf(file);
    if (k % 5 < 2) prose.push(`The value at \`${path}:${line}\` is computed from its index and line, as the code says.`);
    else if (k % 5 === 2) prose.push(`See [the ${k}th definition](../${path}#L${line}-L${line + 1}) for the pair of lines.`);
    else {
      sources.push(`- [${path}:${line}](../${path}#L${line}) — *verified*: line ${line} shown by read\\_file 1-40`);
      sources.push('  ```', `  export const value${file}_${line} = compute(${file}, ${line}); // line ${line}`, '  ```');
    }
  });
  const body = [...prose, ''];
  while (body.length + sources.length < 2000)
    body.push(body.length % 7 === 0 ? '' : 'Prose between the findings, with a time like 10:30 and a ratio 3:2 that are not citations.');
  return [...body, ...sources].join('\n') + '\n';
}

function git(root: string, ...args: string[]): void {
  // gc.auto=0: a commit of 20,000 new objects would start a background gc that runs into the timings.
  execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'gc.auto=0', ...args], {
    cwd: root,
    stdio: 'pipe',
    maxBuffer: 1 << 28,
  });
}

function setUp(): { root: string; cited: number[] } {
  const root = mkdtempSync(join(tmpdir(), 'rc-findings-bench-'));
  for (let i = 0; i < FILES; i++) {
    const p = join(root, pathOf(i));
    if (i % 100 === 0) mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, fileText(i));
  }
  const step = Math.floor(FILES / CITATIONS);
  const cited = Array.from({ length: CITATIONS }, (_, k) => k * step + (k % step));
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, DOC), documentText(cited));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--no-gpg-sign', '-m', 'bench');
  for (const i of cited.slice(0, 50)) writeFileSync(join(root, pathOf(i)), '// moved\n// down\n' + fileText(i));
  return { root, cited };
}

/**
 * CPU time so far, ms: this process (user + system) and the child processes it has waited for (git, the CLI),
 * read from /proc/self/stat (Linux; elsewhere the children count as 0). Unlike the wall time, it hardly
 * depends on what else the machine is doing.
 */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in ticks of 10 ms
  } catch {
    // not Linux
  }
  return (own.user + own.system) / 1000 + children;
}

/** Wall time and CPU time of each measured call, ms. */
class Timings {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];
  async time(f: () => Promise<unknown> | unknown): Promise<void> {
    const [t, c] = [performance.now(), cpuMs()];
    await f();
    this.wall.push(performance.now() - t);
    this.cpu.push(cpuMs() - c);
  }
}

async function main(): Promise<void> {
  const loadStart = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const t0 = performance.now();
  const { root, cited } = setUp();
  const setupS = ((performance.now() - t0) / 1000).toFixed(1);
  // The set-up wrote 20,000 files and as many git objects: let the disk take them before anything is timed.
  spawnSync('sync');
  try {
    const text = readFileSync(join(root, DOC), 'utf8');
    const doc = { path: DOC, text };
    const cold = new Timings();
    let statuses = '';
    for (let r = 0; r < 15; r++) {
      const checker = new FindingsChecker(new NodeFindingsPort(root), { workspaceRoot: root });
      let counts = new Map<string, number>();
      await cold.time(async () => {
        const result = await checker.check(doc);
        counts = new Map();
        for (const c of result.checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
      });
      statuses = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
    }
    const cli = new Timings();
    for (let r = 0; r < 5; r++)
      await cli.time(() => {
        const p = spawnSync(process.execPath, [CLI, 'check-findings', '--json', DOC], { cwd: root, maxBuffer: 1 << 26 });
        if (p.status !== 1) throw new Error(`check-findings exited ${p.status}: ${p.stderr}`);
      });
    const checker = new FindingsChecker(new NodeFindingsPort(root), { workspaceRoot: root });
    await checker.check(doc);
    const oneFile = new Timings();
    for (let r = 0; r < 25; r++) {
      const i = cited[100 + r * 7];
      writeFileSync(join(root, pathOf(i)), `// edit ${r}\n` + fileText(i));
      await oneFile.time(() => checker.check(doc, [pathOf(i)]));
    }
    const edits = new Timings();
    for (let r = 0; r < 25; r++)
      await edits.time(() => checker.check({ path: DOC, text: text.replace('# Findings', `# Findings ${r}`) }, []));
    const loadEnd = loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    const row = (what: string, t: Timings) =>
      `| ${what} | ${median(t.wall).toFixed(1)} | ${p95(t.wall).toFixed(1)} | ${median(t.cpu).toFixed(0)} | ${t.wall.length} |`;
    const lines = [
      '# Findings check benchmark',
      '',
      `Machine: ${machineLine()}`,
      `Load average (1, 5, 15 min): ${loadStart} at the start, ${loadEnd} at the end${Number(loadStart.split(' ')[0]) > 3 ? ' (a busy machine: the figures are slower than on an idle one)' : ''}.`,
      '',
      `Command: \`node --import tsx tools/bench/findings-bench.ts --files ${FILES} --citations ${CITATIONS}\``,
      '',
      `A git repository of ${FILES.toLocaleString('en-US')} files (${LINES_PER_FILE} lines each), set up in ${setupS} s; ${DOC}: ${text.split('\n').length - 1} lines,`,
      `${CITATIONS} citations into ${CITATIONS} files (inline code, #L links, Sources entries with excerpts), committed; then 50 cited files`,
      `changed (two lines put at the top). Result of each check: ${statuses}.`,
      '',
      '| what | median ms | p95 ms | CPU ms (median; git and the CLI included) | runs |',
      '|---|---:|---:|---:|---:|',
      row('cold: a new checker (git log, git show, git diff of the cited files, every cited file read, all decided)', cold),
      row('the CLI as a process: `check-findings --json` (Node start included)', cli),
      row('one cited file changed, the last check kept (the editor on a file save: compared with its committed lines, no git)', oneFile),
      row('the document edited, no file changed (the editor as you type, after its pause)', edits),
      '',
      `Goals: cold under 300 ms (${median(cold.wall) < 300 ? 'met' : 'not met'}), one-file change under 30 ms (${median(oneFile.wall) < 30 ? 'met' : 'not met'}).`,
      'CPU ms is the processor time the check used (this process, and git or the CLI it waited for; whole ticks of 10 ms for',
      'those): on a busy machine the wall time is longer by the time spent waiting for a core, the CPU time much less so.',
      '',
    ];
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, lines.join('\n'));
    process.stdout.write(lines.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  }
}

void main();

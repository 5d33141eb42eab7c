/**
 * `research-copilot check-findings` as a process (dist/cli.js): a report written by `export` from a real
 * run, committed, the cited code moved; the JSON shape and exit codes; `--fix` rewriting only the
 * numbers; usage errors named without a stack trace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModel } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';
import { LONG, makeWorkspace } from '../helpers/citationRun';

let ws: string;
let state: string;
let report: string;

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: ws, stdio: 'pipe' });
}

before(async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = makeWorkspace();
  state = mkdtempSync(join(tmpdir(), 'rc-findings-cli-'));
  const trajectory = join(state, 'run.jsonl');
  const answer = 'Line 3 is `const line3 = 3` in `src/long.ts:3`; the needle is at [line 25](src/long.ts#L25).';
  const fake = await startFakeModel({
    script: [call('read_file', { path: 'src/long.ts', start_line: 1, end_line: 30 }), { content: answer }, { content: answer }],
  });
  try {
    const r = await runCli(['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'm', '--trajectory', trajectory, 'Where?'], {
      env: { XDG_STATE_HOME: state },
    });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await fake.close();
  }
  mkdirSync(join(ws, 'docs'));
  report = join(ws, 'docs', 'report.md');
  const e = await runCli(['export', trajectory, '--format', 'md', '--out', report]);
  assert.equal(e.code, 0, e.stderr);
});

after(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

test('an exported report, committed, then code added above the cited lines: moved (JSON, exit 1); --fix rewrites only the numbers (exit 0)', async () => {
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'report');
  const clean = await runCli(['check-findings', '--json', 'docs/report.md'], { cwd: ws });
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);

  writeFileSync(join(ws, 'src', 'long.ts'), '// added\n// added\n' + LONG);
  const before = readFileSync(report, 'utf8');
  const lineOf = (needle: string) => before.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const r = await runCli(['check-findings', '--workspace', ws, '--json', report]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    files: [
      {
        file: report,
        citations: [
          { ref: 'src/long.ts', lines: '3', status: 'moved', nowLines: '5', line: lineOf('`src/long.ts:3`') },
          { ref: 'src/long.ts', lines: '25', status: 'moved', nowLines: '27', line: lineOf('[line 25]') },
          { ref: 'src/long.ts', lines: '3', status: 'moved', nowLines: '5', line: lineOf('[src/long.ts:3]') },
          { ref: 'src/long.ts', lines: '25', status: 'moved', nowLines: '27', line: lineOf('- [src/long.ts:25]') },
        ],
      },
    ],
  });

  const fixed = await runCli(['check-findings', '--fix', 'docs/report.md'], { cwd: ws });
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.match(
    fixed.stdout,
    /^docs\/report\.md:\d+: src\/long\.ts:3 moved to 5: the cited lines are at 5 now \(moved since [0-9a-f]{7}\) \(fixed\)$/m,
  );
  assert.match(fixed.stderr, /docs\/report\.md: 4 moved citations rewritten/);
  const expected = before
    .replace('`src/long.ts:3`', '`src/long.ts:5`')
    .replace('[line 25](src/long.ts#L25)', '[line 25](src/long.ts#L27)') // written in the answer, from the workspace root
    .replace('[src/long.ts:3](../src/long.ts#L3)', '[src/long.ts:5](../src/long.ts#L5)')
    .replace('[src/long.ts:25](../src/long.ts#L25)', '[src/long.ts:27](../src/long.ts#L27)');
  assert.notEqual(expected, before);
  assert.equal(readFileSync(report, 'utf8'), expected);
  const again = await runCli(['check-findings', 'docs/report.md'], { cwd: ws });
  assert.equal(again.code, 0, again.stdout);
  assert.equal(again.stdout, 'docs/report.md: 4 citations: 4 current\n');
});

test('changed and missing are reported, never rewritten, and keep exit 1 after --fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-findings-cli-'));
  try {
    writeFileSync(join(dir, 'a.ts'), 'const first = 1;\nconst second = 2;\n');
    const doc = 'See `a.ts:2`, `gone/b.ts:1` and [a](a.ts#L9).\r\n';
    writeFileSync(join(dir, 'n.md'), doc);
    const r = await runCli(['check-findings', '--fix', 'n.md'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      [
        'n.md:1: gone/b.ts:1 missing: no such file in the workspace',
        'n.md:1: a.ts:9 changed: line 9 is past the end of the file (2 lines)',
        'n.md: 3 citations: 1 current, 1 changed, 1 missing',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(join(dir, 'n.md'), 'utf8'), doc);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors: exit 2, the missing document named, no stack trace', async () => {
  const missing = await runCli(['check-findings', '--workspace', ws, 'docs/nope.md', 'docs/report.md'], { cwd: ws });
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'research-copilot: docs/nope.md: no such file\n');
  assert.equal(missing.stdout, '');
  const none = await runCli(['check-findings', '--json']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /check-findings takes one or more Markdown files/);
  const folder = await runCli(['check-findings', '--workspace', join(ws, 'nothing-here'), report]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /--workspace .*nothing-here is not a folder/);
  const flag = await runCli(['check-findings', '--fixx', report]);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown option --fixx for check-findings/);
  for (const r of [missing, none, folder, flag]) assert.doesNotMatch(r.stderr, /\n\s+at /);
});

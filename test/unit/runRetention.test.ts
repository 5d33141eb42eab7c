// The runs folder's retention (src/node/runRetention.ts): the newest N runs stay, the run being written,
// runs named to stay (open in a panel, resumed) and runs written in the last minutes are never deleted,
// nothing but the folder's *.jsonl files is touched; and the CLI's --keep-runs on a real folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVE_MS, deleteRunFile, listRunFiles, planPrune, pruneRuns, type RunFile } from '../../src/node/runRetention';
import { startFakeModel } from '../../tools/fake-model/server';
import { CLI, runCli } from '../helpers/cli';

const NOW = Date.UTC(2026, 0, 10, 12);
const HOUR = 3_600_000;

/** Runs named r0 (newest) … r{n-1} (oldest), an hour apart, the newest `fresh` minutes old. */
function runs(n: number, freshMinutes = 60): RunFile[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `/runs/r${i}.jsonl`,
    mtimeMs: NOW - freshMinutes * 60_000 - i * HOUR,
    size: 1000 + i,
  }));
}
const names = (files: RunFile[]) => files.map((f) => f.path.replace('/runs/', '').replace('.jsonl', ''));

describe('planPrune', () => {
  it('keeps the newest N, whatever order the files come in', () => {
    const plan = planPrune([...runs(6)].reverse(), { keep: 4, now: NOW });
    assert.deepEqual(names(plan.remove), ['r4', 'r5']);
    assert.equal(plan.bytes, 1004 + 1005);
    assert.deepEqual(planPrune(runs(4), { keep: 4, now: NOW }).remove, []);
  });

  it('keeps a slot for the run about to start, and never deletes it', () => {
    assert.deepEqual(names(planPrune(runs(6), { keep: 4, starting: '/runs/new.jsonl', now: NOW }).remove), ['r3', 'r4', 'r5']);
    // Resumed: its file is already there (and old); it stays and takes no extra slot.
    const resumed = planPrune(runs(6), { keep: 4, starting: '/runs/r5.jsonl', now: NOW });
    assert.deepEqual(names(resumed.remove), ['r4']);
  });

  it('never deletes a protected run (open in a panel, running), however old', () => {
    const plan = planPrune(runs(6), { keep: 2, protect: ['/runs/r3.jsonl', '/runs/r5.jsonl'], now: NOW });
    assert.deepEqual(names(plan.remove), ['r2', 'r4']);
  });

  it('leaves runs written in the last minutes to whoever may still be writing them', () => {
    const recent = runs(5, 2); // r0 two minutes old, r1 62 minutes
    assert.deepEqual(names(planPrune(recent, { keep: 0, now: NOW }).remove), ['r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(names(planPrune(recent, { keep: 0, now: NOW + ACTIVE_MS }).remove), ['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('with keep 0 (Clear Runs) deletes every run but the protected and active ones', () => {
    assert.deepEqual(names(planPrune(runs(3), { keep: 0, protect: ['/runs/r1.jsonl'], now: NOW }).remove), ['r0', 'r2']);
  });
});

describe('pruneRuns on a folder', () => {
  let base: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'rc-retention-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  /** `n` runs in `folder`, the i-th written i hours (plus a day) ago. */
  function fill(folder: string, n: number): void {
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < n; i++) {
      const file = join(folder, `run-${String(i).padStart(3, '0')}.jsonl`);
      writeFileSync(file, `{"type":"run_start","runId":"run-${i}"}\n`);
      const t = (Date.now() - 24 * HOUR - i * HOUR) / 1000;
      utimesSync(file, t, t);
    }
  }

  it('deletes the oldest runs only, and nothing else in or outside the folder', () => {
    const folder = join(base, 'runs');
    fill(folder, 205);
    writeFileSync(join(folder, 'notes.txt'), 'not a run');
    mkdirSync(join(folder, 'sub.jsonl'));
    const outside = join(base, 'mine.jsonl');
    writeFileSync(outside, '{}\n');
    utimesSync(outside, 0, 0);
    const gone = pruneRuns(folder, { keep: 200, starting: join(folder, 'new.jsonl'), protect: [join(folder, 'run-204.jsonl')] });
    // 200 kept: a slot for the new run, 199 newest old ones; run-204 (the oldest) stays, protected.
    assert.deepEqual(
      gone.remove.map((f) => f.path.slice(folder.length + 1)),
      ['run-199.jsonl', 'run-200.jsonl', 'run-201.jsonl', 'run-202.jsonl', 'run-203.jsonl'],
    );
    assert.ok(gone.bytes > 0);
    const left = readdirSync(folder);
    assert.equal(left.filter((n) => n.startsWith('run-')).length, 200);
    assert.ok(left.includes('notes.txt') && left.includes('sub.jsonl') && left.includes('run-204.jsonl'));
    assert.ok(existsSync(outside), 'a file outside the folder is never touched');
    assert.deepEqual(pruneRuns(folder, { keep: 200, starting: outside }).remove, [], 'a run written elsewhere takes no slot here');
  });

  it('deletes one run and says what it freed; a missing folder has no runs', () => {
    const folder = join(base, 'one');
    fill(folder, 2);
    const [first] = listRunFiles(folder);
    assert.ok(first && (deleteRunFile(first.path) ?? 0) > 0);
    assert.equal(deleteRunFile(first.path), undefined, 'gone already');
    assert.equal(listRunFiles(folder).length, 1);
    assert.deepEqual(listRunFiles(join(base, 'nothing-here')), []);
  });
});

describe('research-copilot ask --keep-runs', () => {
  let state: string;
  before(() => {
    assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
    state = mkdtempSync(join(tmpdir(), 'rc-keep-runs-'));
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  async function ask(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const fake = await startFakeModel({ script: [{ content: 'Done.' }] });
    try {
      return await runCli(['ask', '--workspace', state, '--base-url', fake.url, '--model', 'fake-model', ...args, 'Q?'], {
        env: { XDG_STATE_HOME: state },
      });
    } finally {
      await fake.close();
    }
  }

  it('keeps the newest N in the default folder, the resumed run and a --trajectory file elsewhere untouched', async () => {
    const folder = join(state, 'research-copilot', 'runs');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 6; i++) {
      const file = join(folder, `old-${i}.jsonl`);
      writeFileSync(file, `{"type":"run_start","runId":"old-run-${i}","question":"q","t":0}\n`);
      utimesSync(file, 1_000_000 + (6 - i) * 3600, 1_000_000 + (6 - i) * 3600); // old-0 newest
    }
    const elsewhere = join(state, 'elsewhere.jsonl');
    const r = await ask(['--keep-runs', '3', '--trajectory', elsewhere]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[runs\] deleted 3 old runs \(.+\) from .*research-copilot\/runs, keeping the newest 3 \(--keep-runs\)/);
    assert.deepEqual(readdirSync(folder).sort(), ['old-0.jsonl', 'old-1.jsonl', 'old-2.jsonl']);
    assert.ok(existsSync(elsewhere));

    const again = await ask(['--keep-runs', '2']);
    assert.equal(again.code, 0, again.stderr);
    const left = readdirSync(folder).sort();
    assert.equal(left.length, 2, left.join(' '));
    assert.ok(left.includes('old-0.jsonl'), 'the newest old run and the new one');
    assert.ok(existsSync(elsewhere), 'never the --trajectory file outside the folder');

    const bad = await ask(['--keep-runs', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--keep-runs/);
  });
});

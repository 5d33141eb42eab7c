// npm start's record of running instances: a second start finds the first (URL, folder, PID), and records
// whose process is gone, or was reused by an unrelated process, are dropped instead of reported.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { registerStart, registryDir, runningStarts } from '../../tools/startRegistry';

const dirs: string[] = [];
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rc-start-registry-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('it lives under XDG_RUNTIME_DIR when there is one, else the temp folder', () => {
  assert.equal(registryDir({ XDG_RUNTIME_DIR: '/run/user/1000' }), '/run/user/1000/research-copilot-start');
  assert.equal(registryDir({}), join(tmpdir(), 'research-copilot-start'));
});

test('a running start script is reported with its URL and folder; this process never reports itself', async () => {
  const dir = fresh();
  const unregister = registerStart('http://127.0.0.1:1234/?folder=%2Fa', '/a', dir);
  assert.deepEqual(runningStarts(dir), [], 'its own record is not "another" instance');
  // Another live process whose command line is a start script (the check reads /proc/PID/cmdline).
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'tools/start.ts'], { stdio: 'ignore' });
  try {
    await new Promise((r) => other.once('spawn', r));
    const entry = { pid: other.pid, url: 'http://127.0.0.1:4321/?folder=%2Fb', folder: '/b', startedAt: new Date().toISOString() };
    writeFileSync(join(dir, `${other.pid}.json`), JSON.stringify(entry));
    assert.deepEqual(runningStarts(dir), [entry]);
  } finally {
    other.kill('SIGKILL');
  }
  unregister();
  assert.ok(!readdirSync(dir).includes(`${process.pid}.json`), 'unregister removes the record');
});

test('records of dead processes, of PIDs reused by something else, and garbage are removed, not reported', async () => {
  const dir = fresh();
  const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => dead.once('exit', r));
  const unrelated = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => unrelated.once('spawn', r));
    const rec = (pid: number) => JSON.stringify({ pid, url: 'http://127.0.0.1:1/', folder: '/x', startedAt: '2026-01-01T00:00:00Z' });
    writeFileSync(join(dir, `${dead.pid}.json`), rec(dead.pid!));
    writeFileSync(join(dir, `${unrelated.pid}.json`), rec(unrelated.pid!));
    writeFileSync(join(dir, '12345.json'), '{ not json');
    writeFileSync(join(dir, '777.json'), rec(unrelated.pid!)); // a name that does not match its PID
    assert.deepEqual(runningStarts(dir), []);
    assert.deepEqual(readdirSync(dir), [], 'all four stale records are deleted');
  } finally {
    unrelated.kill('SIGKILL');
  }
});

test('no folder yet means no other instance', () => {
  assert.deepEqual(runningStarts(join(fresh(), 'missing')), []);
});

// The built CLI with attempts and subagents: --attempts N with --json, and a run whose subagents are
// killed with the process (SIGKILL) and finished with --resume from the trajectory file.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModel, type Script } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import type { AgentEvent } from '../../src/agent/events';
import { questionOf, resultsIn } from '../helpers/runHarness';

let ws: string;
let state: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = mkdtempSync(join(tmpdir(), 'rc-cli-deep-ws-'));
  mkdirSync(join(ws, 'src'));
  writeFileSync(join(ws, 'src', 'answer.ts'), Array.from({ length: 50 }, (_, i) => `export const a${i} = ${i};`).join('\n') + '\n');
  state = mkdtempSync(join(tmpdir(), 'rc-cli-deep-state-'));
});

async function withModel<T>(script: Script, fn: (url: string) => Promise<T>): Promise<T> {
  const fake = await startFakeModel({ script });
  try {
    return await fn(fake.url);
  } finally {
    await fake.close();
  }
}

const base = (url: string) => ['ask', '--workspace', ws, '--base-url', url, '--model', 'fake-model'];

test('--attempts 2: attempt 1 hits its turn cap, attempt 2 answers; --json says which', async () => {
  const script: Script = [
    call('read_file', { path: 'src/answer.ts', start_line: 1, end_line: 2 }),
    { content: 'OUTCOME: incomplete\n## Established\n- a0 = 0 (src/answer.ts:1)\n## Dead ends\n- none\n## Next\n- read line 2' },
    { content: 'a0 is 0 (src/answer.ts:1).' },
  ];
  await withModel(script, async (url) => {
    const traj = join(state, 'attempts.jsonl');
    const r = await runCli([...base(url), '--attempts', '2', '--max-turns', '1', '--json', '--trajectory', traj, 'What is a0?'], {
      env: { XDG_STATE_HOME: state },
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.answer, 'a0 is 0 (src/answer.ts:1).');
    assert.equal(out.attempt, 2);
    assert.match(r.stderr, /^\[attempt 1\] ended \(max turns\), outcome incomplete/m);
    assert.match(r.stderr, /^\[attempt 2\/2\] fresh context/m);
    const events = readTrajectory(traj);
    assert.equal(events.filter((e) => e.type === 'attempt_summary').length, 1);
  });
});

test('SIGKILL while three subagents work, then --resume: every call once, the answer at the end', async () => {
  const CALLS = 6;
  const script: Script = (req) => {
    const q = questionOf(req);
    const n = resultsIn(req);
    const child = /^part (\d)$/.exec(q);
    if (child) {
      if (n >= CALLS) return { content: `part ${child[1]} read ${n} lines` };
      const line = Number(child[1]) * 10 + n + 1;
      // Slow enough that the kill lands while the children work.
      return {
        toolCalls: [{ name: 'read_file', arguments: JSON.stringify({ path: 'src/answer.ts', start_line: line, end_line: line }) }],
        delayMs: 40,
      };
    }
    if (n === 0)
      return {
        toolCalls: [0, 1, 2].map((k) => ({ id: `s${k}`, name: SUBTASK_TOOL, arguments: JSON.stringify({ question: `part ${k}` }) })),
      };
    return { content: 'all three parts read' };
  };
  await withModel(script, async (url) => {
    const traj = join(state, 'killed.jsonl');
    const killed = await runCli([...base(url), '--trajectory', traj, 'Read the parts.'], {
      env: { XDG_STATE_HOME: state },
      signalOn: { stderr: /subtask \w+ started: part 2/, signal: 'SIGKILL' },
    });
    assert.equal(killed.code, null, 'killed by the signal');
    const before = readTrajectory(traj);
    assert.equal(before.filter((e) => e.type === 'run_end').length, 0, 'killed before the end');
    const resumed = await runCli([...base(url), '--resume', traj, '--json'], { env: { XDG_STATE_HOME: state } });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(JSON.parse(resumed.stdout).answer, 'all three parts read');
    const all = readTrajectory(traj);
    const reads = all
      .flatMap((e): AgentEvent[] => (e.type === 'subtask_event' ? [e.event] : [e]))
      .filter((e) => e.type === 'tool_result' && e.name === 'read_file');
    assert.equal(reads.length, 3 * CALLS, 'every child call has one result in the file');
    const ends = all.filter((e) => e.type === 'subtask_end');
    assert.equal(ends.length, 3);
    assert.equal(
      new Set(all.filter((e) => e.type === 'subtask_start').map((e) => (e.type === 'subtask_start' ? e.childRunId : ''))).size,
      3,
    );
  });
});

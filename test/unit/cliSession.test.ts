// A research session on the command line: ask, then ask --continue FILE with follow-ups appended to the
// same trajectory; --resume after a SIGKILL in the middle of a follow-up; the usage errors of --continue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { sessionTurns } from '../../src/agent/session/session';
import { startFakeModel, type RecordedRequest, type Script } from '../../tools/fake-model/server';
import { askScripted, runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';
import { taskOf } from '../helpers/sessionRun';

let ws: string;
let state: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = makeWorkspace();
  state = mkdtempSync(join(tmpdir(), 'rc-session-cli-'));
});
after(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

const toolResults = (req: RecordedRequest): number => (req.body.messages as { role: string }[]).filter((m) => m.role === 'tool').length;

test('ask, then ask --continue FILE: the follow-up starts from the first answer and its cited lines, appends to FILE, and --json gives its own result', async () => {
  const trajectory = join(state, 'session.jsonl');
  const first = await askScripted(
    [call('read_file', { path: 'src/long.ts', start_line: 20, end_line: 30 }), { content: 'The needle is set at src/long.ts:25.' }],
    { workspace: ws, stateDir: state, trajectory, question: 'Where is the needle set?' },
  );
  assert.equal(first.code, 0, first.stderr);
  const second = await askScripted([{ content: "It is `const line25 = 'needle';` (src/long.ts:25)." }], {
    workspace: ws,
    stateDir: state,
    trajectory: '',
    question: 'What is on that line?',
    args: ['--continue', trajectory, '--json'],
  });
  assert.equal(second.code, 2, 'askScripted passes --trajectory; with --continue that is a usage error');
  assert.match(second.stderr, /--continue appends to the session's own file: leave out --trajectory/);

  // A follow-up reads the project's instructions as a first turn does (--no-instructions would leave them out).
  writeFileSync(join(ws, 'AGENTS.md'), 'Quote the line you cite.\n');
  const fake = await startFakeModel({ script: [{ content: "It is `const line25 = 'needle';` (src/long.ts:25)." }] });
  try {
    const r = await runCli(
      [
        'ask',
        '--workspace',
        ws,
        '--base-url',
        fake.url,
        '--model',
        'fake-model',
        '--continue',
        trajectory,
        '--json',
        'What is on that line?',
      ],
      { env: { XDG_STATE_HOME: state } },
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.answer, "It is `const line25 = 'needle';` (src/long.ts:25).");
    assert.equal(out.turn, 2);
    assert.equal(out.trajectory, trajectory);
    assert.equal(out.toolCalls, 0);
    assert.deepEqual(out.citations, [
      {
        kind: 'file',
        ref: 'src/long.ts',
        lines: '25',
        quote: "const line25 = 'needle';",
        status: 'verified',
        reason: 'quote found at line 25, which was shown',
      },
    ]);
    const task = taskOf(fake.requests[0]);
    assert.ok(task.includes('Question: Where is the needle set?\n\nAnswer:\nThe needle is set at src/long.ts:25.'), task);
    assert.ok(task.includes("- src/long.ts:25 (verified)\n    25| const line25 = 'needle';"), task);
    assert.match(r.stderr, /^\[turn 2\] follow-up: What is on that line\?$/m);
    assert.deepEqual(out.instructions, ['AGENTS.md']);
    assert.match(
      r.stderr,
      /; turn 2 of the session, from a record of ~[\d,]+ of [\d,]+ tokens; the project's instructions from AGENTS\.md$/m,
    );
    assert.match(JSON.stringify((fake.requests[0].body.messages as unknown[])[0]), /Quote the line you cite\./);
  } finally {
    rmSync(join(ws, 'AGENTS.md'), { force: true });
    await fake.close();
  }
  const events = readTrajectory(trajectory);
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i),
    'one file, numbered on',
  );
  assert.deepEqual(
    sessionTurns(events).map((t) => [t.turn, t.question, t.stopReason]),
    [
      [1, 'Where is the needle set?', 'answered'],
      [2, 'What is on that line?', 'answered'],
    ],
  );
});

test('--continue with a missing, unreadable or non-trajectory file, or an unfinished last turn: exit 2 naming the file, no stack trace', async () => {
  const bad = join(state, 'bad');
  mkdirSync(bad, { recursive: true });
  const notes = join(bad, 'notes.md');
  writeFileSync(notes, '# not a trajectory\n');
  const noStart = join(bad, 'nostart.jsonl');
  writeFileSync(noStart, '{"type":"tool_result","seq":0,"t":1}\n');
  const locked = join(bad, 'locked.jsonl');
  writeFileSync(locked, '{"type":"run_start","seq":0,"t":1}\n');
  chmodSync(locked, 0o000);
  const unfinished = join(bad, 'unfinished.jsonl');
  writeFileSync(
    unfinished,
    [
      { type: 'run_start', runId: 'r1', question: 'q', model: 'm', protocol: 'openai-tools', settings: {}, tools: [], seq: 0, t: 1 },
      { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 1, seq: 1, t: 2 },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n',
  );
  const cases: [file: string, message: RegExp][] = [
    [join(bad, 'missing.jsonl'), /--continue \S+missing\.jsonl: no such file$/m],
    [bad, /--continue \S+bad: cannot be read \(EISDIR\)$/m],
    [notes, /--continue \S+notes\.md: not a trajectory \(it holds no events\)$/m],
    [noStart, /--continue \S+nostart\.jsonl: it is not a trajectory \(it has no run_start event\)$/m],
    [
      unfinished,
      /--continue \S+unfinished\.jsonl: its last turn \(1\) did not finish; finish it first with --resume \S+unfinished\.jsonl$/m,
    ],
  ];
  // Root reads any file: the permission case counts only where permissions hold.
  if (process.getuid?.() !== 0) cases.push([locked, /--continue \S+locked\.jsonl: cannot be read \(EACCES\)$/m]);
  for (const [file, message] of cases) {
    const r = await runCli(['ask', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--continue', file, 'Q?'], {
      env: { XDG_STATE_HOME: state },
    });
    assert.equal(r.code, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const both = await runCli(['ask', '--model', 'm', '--continue', unfinished, '--resume', unfinished, 'Q?'], { env: {} });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give one of them/);
  const none = await runCli(['ask', '--model', 'm', '--continue', unfinished], { env: {} });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no question given/);
});

test('SIGKILL in the middle of a follow-up, then ask --resume FILE: the follow-up completes, no tool call runs twice, none is lost', async () => {
  const trajectory = join(state, 'killed.jsonl');
  const script: Script = (req) => {
    const task = taskOf(req);
    const n = toolResults(req);
    if (!task.includes('## Follow-up question')) {
      return n === 0 ? call('read_file', { path: 'src/long.ts', start_line: 20, end_line: 30 }) : { content: 'At src/long.ts:25.' };
    }
    if (n === 0) return call('read_file', { path: 'src/long.ts', start_line: 1, end_line: 5 });
    // Slow enough that the kill lands while this reply streams.
    if (n === 1) return { ...call('read_file', { path: 'src/long.ts', start_line: 6, end_line: 10 }), delayMs: 200 };
    return { content: 'Lines 1-10 read: src/long.ts:3 and src/long.ts:8.' };
  };
  const fake = await startFakeModel({ script });
  const base = ['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'fake-model'];
  try {
    const first = await runCli([...base, '--trajectory', trajectory, 'Where is the needle?'], { env: { XDG_STATE_HOME: state } });
    assert.equal(first.code, 0, first.stderr);
    const killed = await runCli([...base, '--continue', trajectory, 'And the first ten lines?'], {
      env: { XDG_STATE_HOME: state },
      signalOn: { stderr: /^\[1\] read_file ✓/m, signal: 'SIGKILL' },
    });
    assert.equal(killed.code, null, 'killed by the signal');
    const cut = readTrajectory(trajectory);
    assert.equal(sessionTurns(cut).at(-1)?.stopReason, undefined, 'the follow-up did not finish');
    const firstLife = fake.requests.filter((r) => taskOf(r).includes('## Follow-up question'));

    const resumed = await runCli([...base, '--resume', trajectory, '--json'], { env: { XDG_STATE_HOME: state } });
    assert.equal(resumed.code, 0, resumed.stderr);
    const out = JSON.parse(resumed.stdout);
    assert.equal(out.answer, 'Lines 1-10 read: src/long.ts:3 and src/long.ts:8.');
    assert.equal(out.turn, 2);
    assert.equal(out.toolCalls, 2);
    const later = fake.requests.filter((r) => taskOf(r).includes('## Follow-up question')).slice(firstLife.length);
    assert.equal(taskOf(later[0]), taskOf(firstLife[0]), 'the same record in both lives');
    assert.equal(toolResults(later[0]), 1, 'the first call came back from the file');

    const events = readTrajectory(trajectory);
    const turn2 = sessionTurns(events)[1];
    const own: AgentEvent[] = events.slice(turn2.from, turn2.to);
    const calls = own.filter((e) => e.type === 'tool_call').map((e) => (e.type === 'tool_call' ? e.call.arguments : ''));
    const results = own.filter((e) => e.type === 'tool_result').map((e) => (e.type === 'tool_result' ? e.content.split('\n')[0] : ''));
    assert.deepEqual(
      calls.map((a) => JSON.parse(a).start_line),
      [1, 6],
      'each call once',
    );
    assert.equal(results.length, 2, 'each call has its one result');
    assert.match(results[0], /^ +1\| const line1 = 1;$/);
    assert.match(results[1], /^ +6\| const line6 = 6;$/);
    assert.equal(sessionTurns(events).at(-1)?.stopReason, 'answered');
  } finally {
    await fake.close();
  }
});

// Research sessions through the agent layer: a run, then follow-ups that start from the record of the
// turns before (askFollowUp), against the scripted model over HTTP with the real workspace tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import type { Tool } from '../../src/agent/tool';
import { sessionTurns } from '../../src/agent/session/session';
import { call, echoTool, ofType } from '../helpers/agentHarness';
import { isFold, sessionRun, taskOf } from '../helpers/sessionRun';

const Q1 = 'Where is the needle set?';
const Q2 = 'What exactly is on that line?';

test("a follow-up's first request holds the earlier question, its answer and the cited lines; its citation of a line only turn 1 read is verified", async () => {
  const s = await sessionRun();
  try {
    const one = await s.ask(Q1, [
      call('read_file', { path: 'src/long.ts', start_line: 20, end_line: 30 }),
      { content: 'It is set at src/long.ts:25.' },
    ]);
    assert.equal(one.result.answer, 'It is set at src/long.ts:25.');
    const two = await s.ask(Q2, [{ content: "Line 25 reads `const line25 = 'needle';` (src/long.ts:25)." }]);
    assert.equal(two.result.stopReason, 'answered');
    assert.equal(two.requests.length, 1, 'answered from the record, no tool call');

    const task = taskOf(two.requests[0]);
    assert.match(task, /^## The session so far\n\n/);
    assert.ok(task.includes(`### Turn 1\n\nQuestion: ${Q1}\n\nAnswer:\nIt is set at src/long.ts:25.`), task);
    assert.ok(task.includes("- src/long.ts:25 (verified)\n    25| const line25 = 'needle';"), task);
    assert.ok(task.endsWith(`## Follow-up question\n\n${Q2}`), task);
    assert.doesNotMatch(task, /const line20/, 'only the cited lines travel, not the whole read');

    const report = ofType(two.events, 'citation_report').at(-1)!;
    assert.deepEqual(
      report.citations.map((c) => [c.ref, c.lines, c.status, c.reason]),
      [['src/long.ts', '25', 'verified', 'quote found at line 25, which was shown']],
    );
  } finally {
    await s.close();
  }
});

test('the session is one stream: seq runs on across turns, a session_turn opens the follow-up, its run_start says what was asked', async () => {
  const s = await sessionRun();
  try {
    await s.ask(Q1, [call('read_file', { path: 'src/long.ts' }), { content: 'See src/long.ts:25.' }]);
    const two = await s.ask(Q2, [{ content: 'Still src/long.ts:25.' }], { recordBudget: 4000 });
    assert.deepEqual(
      s.events.map((e) => e.seq),
      s.events.map((_, i) => i),
    );
    const [first, start] = two.events;
    assert.deepEqual({ ...first, t: 0 }, { type: 'session_turn', turn: 2, question: Q2, recordBudget: 4000, seq: first.seq, t: 0 });
    assert.equal(start.type, 'run_start');
    if (start.type !== 'run_start') return;
    assert.equal(start.question, Q2, 'the question as asked, not the record');
    assert.equal(start.runId, 'session-0001', 'one id for the whole session');
    assert.deepEqual(
      { ...start.session, recordTokens: 0 },
      {
        turn: 2,
        recordTokens: 0,
        recordBudget: 4000,
        wholeTurns: 1,
        foldedThrough: 0,
        excerpts: 1,
      },
    );
    assert.ok(start.session!.recordTokens > 50 && start.session!.recordTokens < 4000);
    const turns = sessionTurns(s.events);
    assert.deepEqual(
      turns.map((t) => [t.turn, t.question, t.answer, t.stopReason]),
      [
        [1, Q1, 'See src/long.ts:25.', 'answered'],
        [2, Q2, 'Still src/long.ts:25.', 'answered'],
      ],
    );
  } finally {
    await s.close();
  }
});

test('workspace text an earlier turn read may not leave in a follow-up without asking: the egress guard knows it', async () => {
  const s = await sessionRun();
  const sent: unknown[] = [];
  const send = outside('send', () => 'sent', sent);
  const secret = "export const retention = 'keep the invoices for seven years in the cold archive';";
  writeFileSync(join(s.root, 'src', 'config.ts'), `${secret}\n`);
  try {
    await s.ask('Where is the retention configured?', [call('read_file', { path: 'src/config.ts' }), { content: 'In src/config.ts:1.' }], {
      tools: [send],
    });
    const two = await s.ask('Send it to the team.', [call('send', { text: `the retention is ${secret}` }), { content: 'Not sent.' }], {
      tools: [send],
    });
    assert.deepEqual(sent, [], 'nothing left the machine');
    const approval = ofType(two.events, 'approval')[0];
    assert.equal(approval?.kind, 'egress');
    assert.equal(approval?.approved, false);
    assert.match(approval?.summary ?? '', /workspace data in text/);
  } finally {
    await s.close();
  }
});

test("a follow-up keeps the egress guard's rules across turns: a secret an earlier turn saw turns on the random-string rule, what the web returned then stays the web's, a file read then may be edited", async () => {
  const s = await sessionRun();
  const sent: unknown[] = [];
  const WEB_TOKEN = 'Zq8Lm3Xv9Tb2Kw7Rp4Ny';
  const tools = [outside('send', () => 'sent', sent), outside('web', () => `Release notes. Build id ${WEB_TOKEN}.`, [])];
  writeFileSync(join(s.root, 'src', 'config.ts'), "export const API_TOKEN = 'sk-proj-abcdefghijklmnopqrstuvwx0123';\n");
  writeFileSync(join(s.root, 'notes.md'), '# Notes\n\nFindings go below.\n');
  try {
    const replies = [
      call('read_file', { path: 'src/config.ts' }),
      call('web', { text: 'release notes' }),
      call('read_file', { path: 'notes.md' }),
      { content: 'The token is set in src/config.ts:1; notes.md:1 is the notes file.' },
    ];
    await s.ask('Where is the token set?', replies, { tools });
    const two = await s.ask(
      'Now send the build id along and note it.',
      [
        call('send', { text: 'Qh7Vd2Mx8Pz4Lc9Tw3Kb' }),
        call('send', { text: `build ${WEB_TOKEN}` }),
        call('edit_file', { path: 'notes.md', old_text: 'Findings go below.', new_text: 'Build noted.' }),
        { content: 'Done.' },
      ],
      { tools },
    );
    const approvals = ofType(two.events, 'approval');
    assert.deepEqual(
      approvals.map((a) => [a.kind, a.approved]),
      [
        ['egress', false],
        ['write', false],
      ],
      JSON.stringify(approvals),
    );
    const [match] = approvals[0].matches ?? [];
    assert.match(
      match?.form ?? '',
      /random-looking string, after this run read a secret \(read_file src\/config\.ts \(turn 1\)\)/,
      'a secret turn 1 saw counts as seen',
    );
    assert.deepEqual(sent, [{ text: `build ${WEB_TOKEN}` }], "the web's token left unasked, the random string did not");
    const edit = ofType(two.events, 'tool_result').find((r) => r.name === 'edit_file');
    assert.doesNotMatch(edit?.content ?? '', /read notes\.md with read_file first/, 'notes.md was read in turn 1');
  } finally {
    await s.close();
  }
});

test('a follow-up cut off mid-turn resumes from the same record: no call with a result runs again, the pending one runs once', async () => {
  const s = await sessionRun();
  const echo = echoTool();
  try {
    await s.ask(Q1, [call('read_file', { path: 'src/long.ts' }), { content: 'At src/long.ts:25.' }], { tools: [echo] });
    const two = await s.ask(Q2, [call('echo', { text: 'a' }), call('echo', { text: 'b' }), { content: 'a then b' }], { tools: [echo] });
    assert.deepEqual(echo.calls, [{ text: 'a' }, { text: 'b' }]);
    // As if the process died while `b` ran: its result never reached the file.
    const cutAt = s.events.findIndex((e) => e.type === 'tool_call' && e.call.arguments.includes('"b"'));
    const cut: AgentEvent[] = s.events.slice(0, cutAt + 1);
    echo.calls.length = 0;
    const resumed = await s.ask('', [{ content: 'a then b, resumed' }], { tools: [echo], session: cut, resume: true });
    assert.deepEqual(echo.calls, [{ text: 'b' }], 'only the call without a result ran');
    assert.equal(resumed.result.answer, 'a then b, resumed');
    assert.equal(resumed.result.toolCalls, 2);
    const req = resumed.requests[0];
    assert.equal(taskOf(req), taskOf(two.requests[0]), 'the same record as the first life');
    const toolMessages = (req.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool');
    assert.deepEqual(
      toolMessages.map((m) => m.content),
      ['echo: a', 'echo: b'],
    );
    const start = ofType(resumed.events, 'run_start')[0];
    assert.deepEqual([start.resumed, start.question, start.session?.turn], [true, Q2, 2]);
    assert.equal(resumed.events[0].seq, cut.at(-1)!.seq + 1, 'numbered on from the file');
    const whole = [...cut, ...resumed.events];
    const results = ofType(sessionTurnEvents(whole, 2), 'tool_result').map((e) => e.content);
    assert.deepEqual(results, ['echo: a', 'echo: b'], 'each call of the turn has exactly one result');
  } finally {
    await s.close();
  }
});

test('a record that outgrows its budget folds the oldest turns (recorded as session_folded); the first request stays within the budget', async () => {
  const s = await sessionRun();
  const budget = 1200;
  const sizes: number[] = [];
  try {
    for (let turn = 1; turn <= 7; turn++) {
      const answer = `Answer ${turn}: ${Array.from({ length: 30 }, (_, i) => `fact ${turn}.${i} is at src/long.ts:${i + 1}.`).join(' ')}`;
      const r = await s.ask(`Question ${turn}?`, [{ content: answer }], { recordBudget: budget });
      const start = ofType(r.events, 'run_start')[0];
      if (turn > 1) sizes.push(start.session!.recordTokens);
      const loopRequests = r.requests.filter((q) => !isFold(q));
      if (turn > 1) assert.ok(taskOf(loopRequests[0]).includes(`Question ${turn}?`));
    }
    const folds = ofType(s.events, 'session_folded');
    assert.ok(folds.length >= 2, `folded ${folds.length} times`);
    for (const size of sizes) assert.ok(size <= budget, `record of ${size} tokens within ${budget}`);
    assert.ok(
      folds.every((f, i) => i === 0 || f.through > folds[i - 1].through),
      'each fold reaches further',
    );
    const last = ofType(s.events, 'run_start').at(-1)!;
    const lastFold = folds.at(-1)!;
    assert.equal(last.session?.foldedThrough, lastFold.through);
    // The fold was asked with the turns it folds, and the later record carries its summary instead of them.
    const foldRequest = s.fake.requests.filter(isFold)[0];
    assert.match(JSON.stringify(foldRequest.body.messages), /Question 1\?/);
    const lastTask = taskOf(s.fake.requests.filter((q) => q.index >= 0 && !isFold(q)).at(-1)!);
    assert.match(lastTask, new RegExp(`### Summary of turns 1–${lastFold.through}\\n\\nFOLDED`));
    assert.doesNotMatch(lastTask, /Question 1\?/);
    assert.match(lastTask, /### Turn 6\n\nQuestion: Question 6\?/);
  } finally {
    await s.close();
  }
});

test('when the endpoint cannot write the fold, the summary is made from the questions and answers and the follow-up goes on', async () => {
  const s = await sessionRun(undefined, () => ({ fault: 'http', status: 400, message: 'no' }));
  try {
    for (let turn = 1; turn <= 3; turn++) await s.ask(`Q${turn}?`, [{ content: `A${turn} ${'x'.repeat(3000)}` }], { recordBudget: 900 });
    const fold = ofType(s.events, 'session_folded')[0];
    assert.ok(fold, 'a fold was recorded');
    assert.equal(fold.mechanical, true);
    assert.match(fold.summary, /^- Turn 1: Q1\? → A1 x+…$/m);
    assert.equal(sessionTurns(s.events).at(-1)?.stopReason, 'answered');
  } finally {
    await s.close();
  }
});

/** The events of one turn of a session. */
function sessionTurnEvents(events: AgentEvent[], turn: number): AgentEvent[] {
  const t = sessionTurns(events).find((x) => x.turn === turn)!;
  return events.slice(t.from, t.to);
}

/** A tool that reaches outside the machine (the egress guard checks what it is sent); `answer` is what it returns. */
function outside(name: string, answer: () => string, sent: unknown[]): Tool {
  return {
    name,
    server: 'test',
    description: `The ${name} service outside.`,
    schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    openWorld: true,
    async execute(input) {
      sent.push(input);
      return { content: answer() };
    },
  };
}

// The extension's side of research sessions, without an editor: a follow-up through the launcher
// appends to the session's file; RunSession's turns; Show Runs' turn count; what @research writes into
// a chat and which session a chat continues; the panel's new messages at the gate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { launchRun, type LauncherDeps, type LaunchRequest } from '../../src/host/runLauncher';
import { settingsFrom } from '../../src/host/settings';
import { RunSession } from '../../src/host/runSession';
import { ChatAnswer, sessionOfHistory, type ChatOut } from '../../src/host/chatAnswer';
import { parsePanelMessage, MAX_QUESTION_CHARS } from '../../src/shared/panelProtocol';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { TrajectoryFolder } from '../../src/node/trajectoryFolder';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startFakeModel } from '../../tools/fake-model/server';
import { call } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';
import { taskOf } from '../helpers/sessionRun';
import { CitationReviewer } from '../../src/agent/citations/review';
import { citationFiles } from '../../src/tools/citationFiles';

test("a follow-up through the launcher appends to the session's file, starts from the first answer and carries the project's instructions", async () => {
  const ws = makeWorkspace();
  writeFileSync(join(ws, 'AGENTS.md'), 'Answer in one sentence (rule 7).\n');
  const runs = join(ws, '.runs');
  const fake = await startFakeModel({
    script: [
      call('read_file', { path: 'src/long.ts', start_line: 25, end_line: 25 }),
      { content: 'At src/long.ts:25.' },
      { content: 'Still there.' },
    ],
  });
  const deps: LauncherDeps = {
    trajectoryPath: (runId) => join(runs, `${runId}.jsonl`),
    toolsFor: async () => ({ tools: createWorkspaceTools(new NodeWorkspace(ws)), problems: [], dispose: async () => {} }),
    workspace: () => ws,
    trusted: () => true,
    log: { info() {}, warn() {}, error() {} },
  };
  const settings = settingsFrom((key, fallback) => (key === 'session.recordBudget' ? 2000 : fallback) as typeof fallback);
  const turn = async (question: string, session?: AgentEvent[]) => {
    const request: LaunchRequest = {
      runId: 'session-0001',
      question,
      settings,
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'fake-model' }),
      protocol: 'openai-tools',
      label: 'test',
      secrets: [],
      approve: async () => false,
      consent: {},
      citations: new CitationReviewer({ mode: 'report', files: citationFiles(new NodeWorkspace(ws)), workspaceRoot: ws }),
      onEvent: () => undefined,
      session,
    };
    const launch = await launchRun(deps, request);
    assert.ok(launch.ok);
    return launch.running.result;
  };
  try {
    assert.equal((await turn('Where?')).answer, 'At src/long.ts:25.');
    const file = deps.trajectoryPath('session-0001');
    const second = await turn('And now?', readTrajectory(file));
    assert.equal(second.answer, 'Still there.');
    const task = taskOf(fake.requests[2]);
    assert.ok(
      task.includes(
        "Question: Where?\n\nAnswer:\nAt src/long.ts:25.\n\nCited evidence, as read then:\n- src/long.ts:25 (verified)\n    25| const line25 = 'needle';",
      ),
      task,
    );
    const onDisk = readTrajectory(file);
    const start = onDisk.filter((e) => e.type === 'run_start').at(-1);
    assert.equal(start?.type === 'run_start' && start.session?.recordBudget, 2000, 'the setting reached the record');
    // The follow-up's run reads the project's instructions as the first turn's did.
    assert.deepEqual(start?.type === 'run_start' && start.instructions, ['AGENTS.md']);
    const system = (fake.requests[2].body.messages as { role: string; content: unknown }[])[0];
    assert.equal(system.role, 'system');
    assert.match(String(system.content), /## AGENTS\.md\n\nAnswer in one sentence \(rule 7\)\./);
    assert.deepEqual(
      onDisk.map((e) => e.seq),
      onDisk.map((_, i) => i),
    );
    const [listed] = new TrajectoryFolder(runs).list();
    assert.deepEqual([listed.question, listed.turns], ['Where?', 2]);
  } finally {
    await fake.close();
    rmSync(ws, { recursive: true, force: true });
  }
});

/** A two-turn session's events, as a trajectory holds them. */
function twoTurns(): AgentEvent[] {
  const usage = { promptTokens: 1, completionTokens: 1, estimated: false };
  const bodies: Record<string, unknown>[] = [
    { type: 'run_start', runId: 'session-0001', question: 'First?', model: 'm', protocol: 'openai-tools', settings: {}, tools: [] },
    { type: 'final_answer', turn: 1, text: 'One.' },
    { type: 'run_end', stopReason: 'answered', answered: true, turns: 1, toolCalls: 0, usage, elapsedMs: 1 },
    { type: 'session_turn', turn: 2, question: 'Second?', recordBudget: 16384 },
    { type: 'run_start', runId: 'session-0001', question: 'Second?', model: 'm', protocol: 'openai-tools', settings: {}, tools: [] },
    { type: 'final_answer', turn: 1, text: 'Two.' },
    { type: 'run_end', stopReason: 'answered', answered: true, turns: 1, toolCalls: 0, usage, elapsedMs: 1 },
  ];
  return bodies.map((b, seq) => ({ ...b, seq, t: 1000 + seq }) as AgentEvent);
}

test("RunSession: the session's first question, the latest answer by default, an earlier turn with the events through it; a turn that did not start leaves the status as it was", () => {
  const events = twoTurns();
  const session = RunSession.fromEvents('session-0001', '/nowhere.jsonl', events, () => events);
  assert.equal(session.question, 'First?');
  assert.equal(session.status, 'done');
  assert.equal(session.answer(), 'Two.');
  const first = session.turnView(1)!;
  assert.deepEqual([first.turn, first.question, first.answer, first.events.length], [1, 'First?', 'One.', 3]);
  assert.equal(session.turnView(3), undefined);
  const stopper = session.controller;
  stopper.abort();
  assert.deepEqual(session.reopen(), events);
  assert.equal(session.status, 'running');
  assert.equal(session.controller.signal.aborted, false, 'a new turn has a new Stop');
  session.settle();
  assert.equal(session.status, 'done');
  // A first question that never started (no model): nothing on disk, yet its panel gets a snapshot.
  const never = new RunSession('session-0002', 'Anything?', '/nowhere.jsonl', 'running', () => {
    throw new Error('ENOENT: no such file');
  });
  never.settle('failed');
  const snap = never.snapshot();
  assert.deepEqual(snap.type === 'snapshot' && [snap.status, snap.question, snap.events], ['failed', 'Anything?', []]);
  const gone = RunSession.fromEvents('session-0002', '/nowhere.jsonl', events, () => {
    throw new Error('ENOENT');
  });
  assert.equal(gone.reopen(), undefined, 'a session whose file is gone cannot continue');
});

test('Show Runs: each session once, its first question and number of turns, the most recently used first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-list-'));
  try {
    const lines = (events: AgentEvent[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    writeFileSync(join(dir, 'session-0001.jsonl'), lines(twoTurns()));
    const single = twoTurns()
      .slice(0, 3)
      .map((e) => (e.type === 'run_start' ? { ...e, runId: 'single-00001', question: 'Only?' } : e));
    writeFileSync(join(dir, 'single-00001.jsonl'), lines(single));
    utimesSync(join(dir, 'session-0001.jsonl'), new Date(2_000_000_000), new Date(2_000_000_000));
    utimesSync(join(dir, 'single-00001.jsonl'), new Date(1_000_000_000), new Date(1_000_000_000));
    const store = new TrajectoryFolder(dir);
    assert.deepEqual(
      store.list().map((r) => [r.runId, r.question, r.turns, r.lastUsed]),
      [
        ['session-0001', 'First?', 2, 2_000_000_000],
        ['single-00001', 'Only?', 1, 1_000_000_000],
      ],
    );
    utimesSync(join(dir, 'single-00001.jsonl'), new Date(3_000_000_000), new Date(3_000_000_000));
    assert.equal(store.list()[0].runId, 'single-00001', 'a session used again comes first');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("@research: a chat continues the session named in its latest @research answer's metadata, and no other", () => {
  const ours = 'researchCopilot.research';
  const history = [
    { participant: ours, prompt: 'first' },
    { participant: ours, result: { metadata: { runId: 'session-0001' } } },
    { participant: 'copilot', result: { metadata: { runId: 'other-session-9' } } },
    { participant: ours, result: { metadata: { runId: '../../etc/passwd' } } },
  ];
  assert.equal(sessionOfHistory(history, ours), 'session-0001');
  assert.equal(sessionOfHistory([], ours), undefined);
  assert.equal(sessionOfHistory([{ participant: ours, result: {} }, null, 7], ours), undefined);
});

test('@research writes the answer as it streams, tool calls as progress, and the verified sources as references and anchors', () => {
  const out: string[] = [];
  const chat: ChatOut = {
    markdown: (t) => out.push(`md:${t}`),
    progress: (t) => out.push(`progress:${t}`),
    fileReference: (p, s, e) => out.push(`ref:${p}:${s}-${e}`),
    urlReference: (u) => out.push(`ref:${u}`),
    anchor: (target, title) => out.push(`anchor:${'url' in target ? target.url : `${target.path}:${target.start}`}:${title}`),
  };
  const answer = new ChatAnswer(chat, true);
  const at = (body: Record<string, unknown>, seq: number) => answer.onEvent({ ...body, seq, t: seq } as AgentEvent);
  at({ type: 'text_delta', turn: 1, kind: 'text', text: 'Let me look.' }, 0);
  at({ type: 'tool_call', turn: 1, call: { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' } }, 1);
  at({ type: 'text_delta', turn: 2, kind: 'reasoning', text: 'hidden' }, 2);
  at({ type: 'text_delta', turn: 2, kind: 'text', text: 'It is a ' }, 3);
  at({ type: 'text_delta', turn: 2, kind: 'text', text: '(a.ts:3).' }, 4);
  const cite = (ref: string, status: string, kind = 'file', lines?: string) => ({
    kind,
    ref,
    raw: ref,
    index: 0,
    status,
    reason: 'r',
    ...(lines ? { lines } : {}),
  });
  at(
    {
      type: 'citation_report',
      turn: 2,
      round: 0,
      citations: [
        cite('a.ts', 'verified', 'file', '3'),
        cite('b.ts', 'not_observed', 'file', '1'),
        cite('https://x.example/doc', 'observed', 'url'),
      ],
    },
    5,
  );
  at({ type: 'final_answer', turn: 2, text: 'It is a (a.ts:3).' }, 6);
  answer.finish(
    {
      runId: 'r',
      answer: 'It is a (a.ts:3).',
      stopReason: 'answered',
      turns: 2,
      toolCalls: 1,
      usage: { promptTokens: 0, completionTokens: 0, estimated: true },
      elapsedMs: 1,
    },
    (t) => t,
  );
  assert.deepEqual(out, [
    'md:Let me look.',
    'progress:read_file {"path":"a.ts"}',
    'md:\n\n',
    'md:It is a ',
    'md:(a.ts:3).',
    'ref:https://x.example/doc',
    'md:\n\nSources: ',
    'ref:a.ts:3-3',
    'anchor:a.ts:3:a.ts:3',
  ]);
  assert.deepEqual(answer.followUps()[0], 'Where is a.ts used from?');
});

test('the panel may ask a follow-up and pick a turn for Insert Findings or Export; nothing else gets through', () => {
  assert.deepEqual(parsePanelMessage({ type: 'ask', question: 'And then?\nWhy?' }), { type: 'ask', question: 'And then?\nWhy?' });
  assert.deepEqual(parsePanelMessage({ type: 'insertFindings', turn: 2 }), { type: 'insertFindings', turn: 2 });
  assert.deepEqual(parsePanelMessage({ type: 'exportRun', turn: 1 }), { type: 'exportRun', turn: 1 });
  assert.deepEqual(parsePanelMessage({ type: 'insertFindings' }), { type: 'insertFindings' });
  const long = 'x'.repeat(MAX_QUESTION_CHARS);
  assert.deepEqual(parsePanelMessage({ type: 'ask', question: long }), { type: 'ask', question: long });
  for (const bad of [
    { type: 'ask' },
    { type: 'ask', question: '' },
    { type: 'ask', question: '   \n ' },
    { type: 'ask', question: 'x'.repeat(MAX_QUESTION_CHARS + 1) },
    { type: 'ask', question: 42 },
    { type: 'ask', question: 'q', runId: 'other' },
    { type: 'insertFindings', turn: 0 },
    { type: 'insertFindings', turn: 1.5 },
    { type: 'exportRun', turn: '2' },
    { type: 'exportRun', turn: 2, path: '/etc' },
  ]) {
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
  }
});

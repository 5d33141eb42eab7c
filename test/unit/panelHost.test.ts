import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelMessage, compactForSnapshot } from '../../src/shared/panelProtocol';
import { RunSession } from '../../src/host/runSession';
import type { AgentEvent } from '../../src/agent/events';
import type { HostMessage } from '../../src/shared/panelProtocol';

test('the host accepts exactly the panel messages of the schema', () => {
  assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parsePanelMessage({ type: 'stop' }), { type: 'stop' });
  assert.deepEqual(parsePanelMessage({ type: 'exportRun' }), { type: 'exportRun' });
  assert.deepEqual(parsePanelMessage({ type: 'openFile', path: 'src/a.ts', line: 3 }), { type: 'openFile', path: 'src/a.ts', line: 3 });
  assert.deepEqual(parsePanelMessage({ type: 'openUrl', url: 'https://example.com/x' }), { type: 'openUrl', url: 'https://example.com/x' });
  assert.deepEqual(parsePanelMessage({ type: 'approve', id: 'w1', decision: 'acceptAll' }), {
    type: 'approve',
    id: 'w1',
    decision: 'acceptAll',
  });
  assert.deepEqual(parsePanelMessage({ type: 'approve', id: 'w2', decision: 'alwaysAllow' }), {
    type: 'approve',
    id: 'w2',
    decision: 'alwaysAllow',
  });
  for (const bad of [
    { type: 'approve', id: 'w1', decision: 'always' },
    { type: 'approve', id: 'w1', decision: 'alwaysAllow', scope: 'global' },
    { type: 'approve', id: 'w1', decision: 'accept', pattern: '*' },
    null,
    'stop',
    [],
    { type: 'stop', extra: 1 },
    { type: 'ready', lastSeq: 3 },
    { type: 'ready', extra: true },
    { type: 'exportRun', path: '/etc' },
    { type: 'openUrl', url: 'javascript:alert(1)' },
    { type: 'openUrl', url: 'file:///etc/passwd' },
    { type: 'openUrl', url: 'command:workbench.action.terminal.new' },
    { type: 'openFile', path: '' },
    { type: 'openFile', path: 'a', line: 0 },
    { type: 'openFile', path: 'x'.repeat(5000) },
    { type: 'approve', id: 'w1', decision: 'yes' },
    { type: 'approve', id: 7, decision: 'accept' },
    { type: 'runCommand', command: 'x' },
    { type: '__proto__' },
    Object.assign(Object.create({ type: 'stop' })),
  ]) {
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
  }
});

function ev(seq: number, body: Record<string, unknown>): AgentEvent {
  return { seq, t: 1000 + seq, ...body } as AgentEvent;
}

const run: AgentEvent[] = [
  ev(0, {
    type: 'run_start',
    runId: 'r1',
    question: 'Q?',
    model: 'm',
    protocol: 'openai-tools',
    settings: { maxTurns: 5, keepToolResults: 5, maxToolResultChars: 100, contextWindow: 1000 },
    tools: [],
  }),
  ev(1, { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 10 }),
  ev(2, { type: 'text_delta', turn: 1, kind: 'text', text: 'Let me ' }),
  ev(3, { type: 'text_delta', turn: 1, kind: 'text', text: 'look.' }),
  ev(4, {
    type: 'assistant_message',
    turn: 1,
    text: 'Let me look.',
    toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts","start_line":3,"end_line":9}' }],
  }),
  ev(5, {
    type: 'tool_call',
    turn: 1,
    call: { id: 'c1', name: 'read_file', arguments: '' },
    args: { path: 'src/a.ts', start_line: 3, end_line: 9 },
  }),
  ev(6, {
    type: 'tool_result',
    turn: 1,
    callId: 'c1',
    name: 'read_file',
    content: 'x',
    isError: false,
    durationMs: 1,
    cutChars: 0,
    repeatOf: 0,
  }),
  ev(7, { type: 'turn_start', turn: 2, final: false, promptTokensEstimate: 10 }),
  ev(8, { type: 'text_delta', turn: 2, kind: 'text', text: 'Answer' }),
];

test('a snapshot drops the deltas of finished turns only', () => {
  const compact = compactForSnapshot(run);
  assert.deepEqual(
    compact.map((e) => e.seq),
    [0, 1, 4, 5, 6, 7, 8],
  );
});

test('a session broadcasts each event once and snapshots the rest', () => {
  const s = new RunSession('r1', 'Q?', '/tmp/r1.jsonl');
  const seen: HostMessage[] = [];
  s.subscribe((m) => seen.push(m));
  for (const e of run) s.push(e);
  assert.equal(seen.length, run.length);
  assert.ok(seen.every((m, i) => m.type === 'events' && m.events.length === 1 && m.events[0].seq === i));
  const snap = s.snapshot();
  assert.equal(snap.type === 'snapshot' && snap.events.length, 7);
});

test('approvals: accept, reject, allow for the run, always (MCP only), and a stop denies what is pending', async () => {
  const s = new RunSession('r1', 'Q?', '/tmp/r1.jsonl');
  const seen: HostMessage[] = [];
  s.subscribe((m) => seen.push(m));
  const req = { kind: 'write' as const, tool: 'write_file', path: 'a.md', summary: 'new file', before: undefined, after: 'hi' };
  const ctl = new AbortController();
  const lastId = () => (seen.at(-1) as Extract<HostMessage, { type: 'approval' }>).approval.id;
  const first = s.requestApproval(req, ctl.signal);
  const id1 = lastId();
  assert.equal(s.snapshot().type === 'snapshot' && (s.snapshot() as any).approvals.length, 1, 'pending approvals survive a panel reload');
  assert.equal(s.resolveApproval('nope', 'accept'), false);
  assert.equal(s.resolveApproval(id1, 'alwaysAllow'), false, '"always" is not offered for writes');
  s.resolveApproval(id1, 'reject');
  assert.deepEqual(await first, { approved: false, scope: 'once' });
  const second = s.requestApproval(req, ctl.signal);
  s.resolveApproval(lastId(), 'acceptAll');
  assert.deepEqual(await second, { approved: true, scope: 'run' });
  const mcp = { kind: 'mcp' as const, tool: 'write_file', server: 'fs', serverTool: 'write_file', annotations: {}, args: { path: 'x' } };
  const third = s.requestApproval(mcp, ctl.signal);
  assert.equal(s.resolveApproval(lastId(), 'alwaysAllow'), true);
  assert.deepEqual(await third, { approved: true, scope: 'always' });
  const egress = { kind: 'egress' as const, tool: 'fetch_url', server: 'web', args: {}, matches: [] };
  const fourth = s.requestApproval(egress, ctl.signal);
  assert.equal(s.resolveApproval(lastId(), 'acceptAll'), false, 'data leaving is decided call by call');
  assert.equal(s.resolveApproval(lastId(), 'accept'), true);
  assert.deepEqual(await fourth, { approved: true, scope: 'once' });
  const other = new RunSession('r2', 'Q', '/tmp/r2.jsonl');
  const pending = other.requestApproval(req, ctl.signal);
  ctl.abort();
  assert.deepEqual(await pending, { approved: false, scope: 'once' });
  assert.equal(other.pendingApprovals, 0);
});

test('a session read back from disk knows its status', () => {
  const interrupted = RunSession.fromEvents('r1', '/x', run);
  assert.equal(interrupted.status, 'stopped');
  assert.equal(interrupted.question, 'Q?');
  const done = RunSession.fromEvents('r1', '/x', [
    ...run,
    ev(9, { type: 'final_answer', turn: 2, text: 'A' }),
    ev(10, {
      type: 'run_end',
      stopReason: 'answered',
      answered: true,
      turns: 2,
      toolCalls: 1,
      usage: { promptTokens: 1, completionTokens: 1, estimated: true },
      elapsedMs: 5,
    }),
  ]);
  assert.equal(done.status, 'done');
  assert.equal(done.answer(), 'A');
});

// The panel's store in Node: folding events into rows, the header figures, and the seq rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelStore, noopListener, type AnswerRow, type StoreListener, type ThinkingRow, type ToolRow } from '../../webview/store';
import { HeightTree } from '../../webview/fenwick';
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';
import { makeTrajectory, withSeq } from './fixtures';

function recorder(): StoreListener & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    reset: () => calls.push('reset'),
    append: (i) => calls.push(`append ${i}`),
    update: (i) => calls.push(`update ${i}`),
    header: () => calls.push('header'),
    approvals: () => calls.push('approvals'),
    notice: (l, t) => calls.push(`notice ${l} ${t}`),
  };
}

const start: AgentEventBody = {
  type: 'run_start',
  runId: 'r1',
  question: 'Q?',
  model: 'm',
  protocol: 'openai-tools',
  settings: { maxTurns: 50, keepToolResults: 5, maxToolResultChars: 1000, contextWindow: 32000 },
  tools: ['read_file'],
};

function loaded(events: AgentEvent[] = [], on: StoreListener = noopListener, now?: () => number): PanelStore {
  const s = new PanelStore(on, now);
  s.markAsked();
  s.receive({ type: 'snapshot', runId: 'r1', status: 'running', events, approvals: [] });
  return s;
}

test('text deltas and reasoning accumulate into one thinking row per turn; assistant_message settles it', () => {
  const s = loaded(withSeq([start], 0, 1000));
  s.receive({
    type: 'events',
    events: withSeq(
      [
        { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 10 },
        { type: 'text_delta', turn: 1, kind: 'reasoning', text: 'hmm ' },
        { type: 'text_delta', turn: 1, kind: 'text', text: 'Let me ' },
        { type: 'text_delta', turn: 1, kind: 'text', text: 'look.' },
      ],
      1,
    ),
  });
  assert.equal(s.rows.length, 1);
  const row = s.rows[0] as ThinkingRow;
  assert.equal(row.kind, 'thinking');
  assert.equal(row.text, 'Let me look.');
  assert.equal(row.reasoning, 'hmm ');
  assert.equal(row.streaming, true);
  s.receive({
    type: 'events',
    events: withSeq(
      [
        {
          type: 'assistant_message',
          turn: 1,
          text: 'Let me look.',
          reasoning: 'hmm',
          toolCalls: [],
          usage: { promptTokens: 100, completionTokens: 20, estimated: false },
        },
      ],
      5,
    ),
  });
  assert.equal(row.streaming, false);
  assert.equal(row.reasoning, 'hmm');
  assert.equal(s.header.promptTokens + s.header.completionTokens, 120);
  assert.equal(s.header.turn, 1);
  assert.equal(s.header.question, 'Q?');
  assert.equal(s.header.maxTurns, 50);
});

test('a retry drops the attempt text and the next attempt streams into a new row after the retry row', () => {
  const s = loaded(withSeq([start], 0));
  s.receive({
    type: 'events',
    events: withSeq(
      [
        { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 10 },
        { type: 'text_delta', turn: 1, kind: 'text', text: 'half an ans' },
        { type: 'retry', turn: 1, attempt: 1, delayMs: 500, reason: 'HTTP 500' },
        { type: 'text_delta', turn: 1, kind: 'text', text: 'fresh' },
      ],
      1,
    ),
  });
  assert.deepEqual(
    s.rows.map((r) => r.kind),
    ['thinking', 'retry', 'thinking'],
  );
  const old = s.rows[0] as ThinkingRow;
  assert.equal(old.text, '');
  assert.equal(old.hidden, true);
  assert.equal((s.rows[2] as ThinkingRow).text, 'fresh');
});

test('tool calls get their result in place; errors, trims, answer and run_end reach rows and header', () => {
  const on = recorder();
  const s = loaded(withSeq([start], 0), on);
  on.calls.length = 0;
  const call = { id: 'c1', name: 'read_file', arguments: '{"path":"src/a.ts"}' };
  s.receive({
    type: 'events',
    events: withSeq(
      [
        { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 10 },
        { type: 'assistant_message', turn: 1, text: '', toolCalls: [call] },
        { type: 'tool_call', turn: 1, call, args: { path: 'src/a.ts' } },
        {
          type: 'tool_result',
          turn: 1,
          callId: 'c1',
          name: 'read_file',
          content: 'ENOENT',
          isError: true,
          durationMs: 3,
          cutChars: 0,
          repeatOf: 0,
        },
        { type: 'context_trimmed', turn: 1, callIds: ['c1'], keptResults: 0 },
        { type: 'turn_start', turn: 2, final: true, promptTokensEstimate: 10 },
        { type: 'assistant_message', turn: 2, text: 'The answer.', toolCalls: [] },
        { type: 'final_answer', turn: 2, text: 'The answer.' },
        {
          type: 'run_end',
          stopReason: 'answered',
          answered: true,
          turns: 2,
          toolCalls: 1,
          usage: { promptTokens: 500, completionTokens: 50, estimated: true },
          elapsedMs: 4200,
        },
      ],
      1,
    ),
  });
  assert.deepEqual(
    s.rows.map((r) => r.kind),
    ['tool', 'trim', 'thinking', 'answer', 'end'],
  );
  const tool = s.rows[0] as ToolRow;
  assert.equal(tool.args, 'path: src/a.ts');
  assert.equal(tool.result?.isError, true);
  assert.equal(tool.trimmed, true);
  assert.equal((s.rows[2] as ThinkingRow).hidden, true, 'the final turn text is shown once, as the answer');
  assert.equal((s.rows[3] as AnswerRow).text, 'The answer.');
  const h = s.header;
  assert.equal(h.status, 'done');
  assert.equal(h.hasAnswer, true);
  assert.equal(h.toolCalls, 1);
  assert.equal(h.promptTokens + h.completionTokens, 550);
  assert.equal(h.tokensEstimated, true);
  assert.equal(s.elapsed(Date.now()), 4200);
  // One listener call per event that touches a row: never a full re-render.
  assert.equal(on.calls.filter((c) => c === 'reset').length, 0);
  assert.deepEqual(
    on.calls.filter((c) => c.startsWith('append')),
    ['append 0', 'append 1', 'append 2', 'append 3', 'append 4'],
  );
});

test('duplicates and stale events are ignored; a gap asks for a snapshot once, then batches wait for it', () => {
  let now = 0;
  const s = loaded(withSeq([start, { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 1 }], 0), noopListener, () => now);
  assert.equal(s.lastSeq, 1);
  const delta = (seq: number, text: string): AgentEvent => ({ type: 'text_delta', turn: 1, kind: 'text', text, seq, t: 0 });
  assert.equal(s.receive({ type: 'events', events: [delta(2, 'a')] }), undefined);
  assert.equal(s.receive({ type: 'events', events: [delta(2, 'a'), delta(1, 'x'), delta(0, 'y')] }), undefined);
  assert.equal((s.rows[0] as ThinkingRow).text, 'a');
  assert.deepEqual(s.receive({ type: 'events', events: [delta(3, 'b'), delta(5, 'gap')] }), { resync: true });
  assert.equal(s.lastSeq, 3, 'the gap is noticed after seq 3');
  assert.equal((s.rows[0] as ThinkingRow).text, 'ab', 'events before the gap are kept');
  assert.equal(s.receive({ type: 'events', events: [delta(6, 'c')] }), undefined, 'no second request right away');
  now += 5000;
  assert.deepEqual(s.receive({ type: 'events', events: [delta(7, 'd')] }), { resync: true }, 'asks again if the snapshot does not come');
  s.receive({ type: 'snapshot', runId: 'r1', status: 'running', events: withSeq([start], 0), approvals: [] });
  assert.equal(s.lastSeq, 0);
  assert.equal(s.rows.length, 0);
  assert.equal(
    s.receive({ type: 'events', events: withSeq([{ type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 1 }], 1) }),
    undefined,
  );
  assert.equal(s.lastSeq, 1);
});

test('a resumed run keeps its rows and adds up elapsed time', () => {
  const s = loaded(
    withSeq(
      [
        start,
        {
          type: 'run_end',
          stopReason: 'model_error',
          answered: false,
          turns: 0,
          toolCalls: 0,
          usage: { promptTokens: 0, completionTokens: 0, estimated: false },
          elapsedMs: 1000,
          error: 'boom',
        },
        { ...start, resumed: true },
      ],
      0,
    ),
  );
  assert.deepEqual(
    s.rows.map((r) => r.kind),
    ['end', 'resume'],
  );
  assert.equal(s.header.status, 'running');
  assert.equal(s.header.elapsedBase, 1000);
});

test('a 1,000-step snapshot folds into the expected rows; approvals and notices pass through', () => {
  const on = recorder();
  const events = makeTrajectory({ steps: 1000 });
  const s = new PanelStore(on);
  s.receive({
    type: 'snapshot',
    runId: 'run-0001',
    status: 'done',
    events,
    approvals: [{ id: 'a1', kind: 'write', tool: 'write_file', path: 'x.md', summary: 's', before: undefined, after: 'x' }],
  });
  const tools = s.rows.filter((r) => r.kind === 'tool').length;
  assert.equal(tools, 1000);
  assert.equal(s.rows.filter((r) => r.kind === 'answer').length, 1);
  assert.equal(s.lastSeq, events.at(-1)!.seq);
  assert.deepEqual(on.calls, ['reset', 'header', 'approvals'], 'a snapshot is one reset, not one call per row');
  s.receive({ type: 'approvalResolved', id: 'a1', accepted: true });
  assert.equal(s.approvals.size, 0);
  s.receive({ type: 'notice', level: 'error', text: 'No model configured: set researchCopilot.model' });
  assert.equal(on.calls.at(-1), 'notice error No model configured: set researchCopilot.model');
});

test('HeightTree: prefix sums, updates, appends and offset lookups agree with a plain array', () => {
  const t = new HeightTree();
  const plain: number[] = [];
  let x = 7;
  const rand = (): number => (x = (x * 1103515245 + 12345) % 2147483648) % 300;
  t.reset([5, 0, 12]);
  plain.push(5, 0, 12);
  for (let i = 0; i < 2000; i++) {
    if (i % 3 === 0 && plain.length) {
      const k = rand() % plain.length;
      const h = rand();
      t.set(k, h);
      plain[k] = h;
    } else {
      const h = rand();
      t.push(h);
      plain.push(h);
    }
  }
  let sum = 0;
  for (let i = 0; i <= plain.length; i++) {
    assert.equal(t.prefix(i), sum);
    if (i < plain.length) sum += plain[i];
  }
  assert.equal(t.total, sum);
  for (let y = 0; y < sum; y += 97) {
    const i = t.indexAt(y);
    assert.ok(t.prefix(i) <= y && y < t.prefix(i + 1), `row ${i} contains ${y}`);
  }
  assert.equal(t.indexAt(sum + 10), plain.length - 1);
});

test('a run stopped mid-stream keeps the partial text and settles its thinking row', () => {
  const s = loaded(withSeq([start], 0, 1000));
  s.receive({
    type: 'events',
    events: withSeq(
      [
        { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 10 },
        { type: 'text_delta', turn: 1, kind: 'text', text: 'Listing the folder again to be t' },
        {
          type: 'run_end',
          stopReason: 'cancelled',
          answered: false,
          turns: 1,
          toolCalls: 0,
          elapsedMs: 40,
          usage: { promptTokens: 0, completionTokens: 0, estimated: true },
        },
      ],
      1,
    ),
  });
  const row = s.rows[0] as ThinkingRow;
  assert.equal(row.text, 'Listing the folder again to be t');
  assert.equal(row.streaming, false);
  assert.equal(s.header.status, 'stopped');
});

test('a run that never started still shows its question from the snapshot', () => {
  const s = new PanelStore(noopListener);
  s.markAsked();
  s.receive({ type: 'snapshot', runId: 'r2', status: 'failed', question: 'Where is X?', events: [], approvals: [] });
  assert.equal(s.header.question, 'Where is X?');
  assert.equal(s.header.status, 'failed');
});

test('an event whose type names no reducer (an unknown one, or an Object.prototype key) changes nothing', () => {
  const s = loaded(withSeq([start], 0));
  const rows = s.rows.length;
  const header = JSON.stringify(s.header);
  for (const [i, type] of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no_such_event'].entries()) {
    assert.equal(s.receive({ type: 'events', events: [{ type, seq: i + 1, t: 5 } as unknown as AgentEvent] }), undefined);
  }
  assert.equal(s.rows.length, rows);
  assert.equal(s.lastSeq, 5, 'the sequence still moves on');
  assert.deepEqual(JSON.parse(header), { ...JSON.parse(JSON.stringify(s.header)), lastT: JSON.parse(header).lastT });
});

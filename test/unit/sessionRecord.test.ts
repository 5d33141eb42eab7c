// The record a follow-up starts from (src/agent/session/record.ts), built from recorded events alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';
import type { CheckedCitation } from '../../src/agent/citations/types';
import { fitRecord, planRecord, type RecordInput } from '../../src/agent/session/record';
import { sessionTurns } from '../../src/agent/session/turns';
import { estimateTokens } from '../../src/agent/loop/context';

/** A recorded session built turn by turn, as the agent would write it. */
class Recorded {
  readonly events: AgentEvent[] = [];
  private turns = 0;

  private push(body: AgentEventBody): void {
    this.events.push({ ...body, seq: this.events.length, t: 1000 + this.events.length } as AgentEvent);
  }

  turn(
    question: string,
    o: {
      reads?: [path: string, lines: string[]][];
      pages?: [url: string, text: string][];
      answer?: string;
      cited?: Partial<CheckedCitation>[];
    },
  ): this {
    this.turns++;
    if (this.turns > 1) this.push({ type: 'session_turn', turn: this.turns, question, recordBudget: 16384 });
    this.push({
      type: 'run_start',
      runId: 'session-1',
      question,
      model: 'm',
      protocol: 'openai-tools',
      settings: { maxTurns: 10, keepToolResults: 5, maxToolResultChars: 50000, contextWindow: 131072 },
      tools: ['read_file', 'fetch_url'],
    });
    let n = 0;
    for (const [path, lines] of o.reads ?? []) {
      const id = `c${++n}`;
      this.push({ type: 'tool_call', turn: 1, call: { id, name: 'read_file', arguments: JSON.stringify({ path }) }, args: { path } });
      const content = lines.map((l, i) => `${String(i + 1).padStart(5)}| ${l}`).join('\n');
      const details = { path, range: `1-${lines.length}` };
      this.push({
        type: 'tool_result',
        turn: 1,
        callId: id,
        name: 'read_file',
        content,
        isError: false,
        durationMs: 1,
        cutChars: 0,
        repeatOf: 0,
        details,
      });
    }
    for (const [url, text] of o.pages ?? []) {
      const id = `c${++n}`;
      this.push({ type: 'tool_call', turn: 1, call: { id, name: 'fetch_url', arguments: JSON.stringify({ url }) }, args: { url } });
      const details = { url, finalUrl: url, page: 1 };
      this.push({
        type: 'tool_result',
        turn: 1,
        callId: id,
        name: 'fetch_url',
        content: text,
        isError: false,
        durationMs: 1,
        cutChars: 0,
        repeatOf: 0,
        details,
      });
    }
    const citations = (o.cited ?? []).map((c, i) => ({ kind: 'file', raw: c.ref ?? '', index: i, reason: 'r', ...c }) as CheckedCitation);
    if (o.answer !== undefined) {
      this.push({ type: 'citation_report', turn: 2, round: 0, citations });
      this.push({ type: 'final_answer', turn: 2, text: o.answer });
    }
    const usage = { promptTokens: 1, completionTokens: 1, estimated: false };
    this.push({
      type: 'run_end',
      stopReason: o.answer !== undefined ? 'answered' : 'cancelled',
      answered: o.answer !== undefined,
      turns: 2,
      toolCalls: n,
      usage,
      elapsedMs: 5,
    });
    return this;
  }

  input(budget = 16384, fold?: RecordInput['fold']): RecordInput {
    return { events: this.events, turns: sessionTurns(this.events), fold, budget };
  }
}

test('every earlier question and answer in order, each cited line as it read then, a page with its excerpt; unchecked claims do not travel', () => {
  const r = new Recorded()
    .turn('What does a.ts export?', {
      reads: [['a.ts', ['export const a = 1;', 'export const b = 2;']]],
      answer: 'It exports a (a.ts:1).',
      cited: [
        { ref: 'a.ts', lines: '1', status: 'verified' },
        { ref: 'b.ts', lines: '4', status: 'missing' },
      ],
    })
    .turn('And now?', {
      reads: [['a.ts', ['export const a = 100;', 'export const b = 2;']]],
      pages: [['https://docs.example.org/a', 'Title: A\n\nThe value of a is documented here at length.']],
      answer: 'Now a is 100 (a.ts:1), see https://docs.example.org/a.',
      cited: [
        { ref: 'a.ts', lines: '1', status: 'verified' },
        { kind: 'url', ref: 'https://docs.example.org/a', status: 'observed' },
        { ref: 'a.ts', lines: '2', status: 'not_observed' },
      ],
    })
    .turn('Stopped one', {});
  const plan = planRecord(r.input());
  assert.ok('record' in plan);
  if (!('record' in plan)) return;
  const text = plan.record.text;
  const at = (s: string) => text.indexOf(s);
  assert.ok(at('### Turn 1') < at('### Turn 2') && at('### Turn 2') < at('### Turn 3'), 'oldest first');
  assert.ok(text.includes('### Turn 1\n\nQuestion: What does a.ts export?\n\nAnswer:\nIt exports a (a.ts:1).'));
  assert.ok(text.includes('- a.ts:1 (verified)\n    1| export const a = 1;'), 'turn 1 shows the line as turn 1 read it');
  assert.ok(text.includes('- a.ts:1 (verified)\n    1| export const a = 100;'), 'turn 2 shows it as turn 2 read it');
  assert.ok(text.includes('- https://docs.example.org/a (observed)\n    "Title: A The value of a is documented here at length."'));
  assert.doesNotMatch(text, /b\.ts/, 'a missing citation is not evidence');
  assert.doesNotMatch(text, /a\.ts:2/, 'nor one never seen');
  assert.ok(text.includes('### Turn 3\n\nQuestion: Stopped one\n\nAnswer:\n(no answer: the turn was stopped)'));
  assert.deepEqual(plan.record.figures, {
    recordTokens: estimateTokens(text.length),
    recordBudget: 16384,
    wholeTurns: 3,
    foldedThrough: 0,
    excerpts: 3,
  });
});

test('over budget: the newest turns kept whole take at most half of it, the rest is named for folding, with its text', () => {
  const r = new Recorded();
  for (let i = 1; i <= 4; i++) r.turn(`Question ${i}?`, { answer: `Answer ${i}. ${'word '.repeat(200)}` });
  const perTurn = estimateTokens(1100);
  const plan = planRecord(r.input(perTurn * 3));
  assert.ok('foldThrough' in plan, JSON.stringify(plan).slice(0, 200));
  if (!('foldThrough' in plan)) return;
  assert.equal(plan.foldThrough, 3, 'turn 4 alone fits in half the budget, turns 3 and 4 do not');
  assert.match(plan.material, /### Turn 1\n\nQuestion: Question 1\?[\s\S]*### Turn 3\n/);
  assert.doesNotMatch(plan.material, /Question 4/);

  const record = fitRecord(r.input(perTurn * 3, { through: 3, summary: 'Turns 1-3 in brief.' }));
  assert.match(record.text, /### Summary of turns 1–3\n\nTurns 1-3 in brief\.\n\n### Turn 4\n/);
  assert.doesNotMatch(record.text, /Question [123]\?/);
  assert.equal(record.figures.foldedThrough, 3);
  assert.equal(record.figures.wholeTurns, 1);
  assert.ok(record.figures.recordTokens <= perTurn * 3);
});

test('one turn larger than the whole budget is cut to fit: its excerpts first, then the end of its answer', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of a long file`);
  const r = new Recorded().turn('Big?', {
    reads: [['big.ts', lines]],
    answer: `Start of the answer. ${'more text here. '.repeat(400)}`,
    cited: [{ ref: 'big.ts', lines: '1-30', status: 'verified' }],
  });
  const plan = planRecord(r.input(300));
  assert.ok('record' in plan, 'a single turn cannot be folded');
  if (!('record' in plan)) return;
  assert.ok(plan.record.figures.recordTokens <= 300, `${plan.record.figures.recordTokens}`);
  assert.match(plan.record.text, /Answer:\nStart of the answer\./);
  assert.match(plan.record.text, /\[… the rest is cut to fit the record\]$/);
  assert.equal(plan.record.figures.excerpts, 0);
});

test('a cited range longer than 30 lines carries its first 30 and says how many more', () => {
  const lines = Array.from({ length: 50 }, (_, i) => `const v${i + 1} = ${i + 1};`);
  const r = new Recorded().turn('Range?', {
    reads: [['r.ts', lines]],
    answer: 'r.ts:1-50',
    cited: [{ ref: 'r.ts', lines: '1-50', status: 'verified' }],
  });
  const plan = planRecord(r.input());
  assert.ok('record' in plan);
  if (!('record' in plan)) return;
  assert.match(plan.record.text, /    30\| const v30 = 30;\n    … 20 more lines/);
  assert.doesNotMatch(plan.record.text, /v31/);
});

// The host's wait for an edited attempt summary (src/host/summaryReviewGate.ts) and the panel message
// that drives it (parsePanelMessage: the webview is untrusted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SummaryReviewGate } from '../../src/host/summaryReviewGate';
import { parsePanelMessage } from '../../src/shared/panelProtocol';
import { MAX_SUMMARY_CHARS } from '../../src/agent/run/summaryReview';

const draft = (autoStartMs: number) => ({ attempt: 1, next: 2, summary: 'model summary', autoStartMs });
const settled = async (p: Promise<string>, ms: number) =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

test('left alone, the next attempt starts from the model summary when the clock runs out', async () => {
  const gate = new SummaryReviewGate();
  const text = gate.request(draft(30), new AbortController().signal);
  assert.equal(gate.waiting, true);
  assert.equal(await text, 'model summary');
  assert.equal(gate.waiting, false);
});

test('once someone edits, the clock stops; Start gives their text; stale or wrong-attempt messages change nothing', async () => {
  const gate = new SummaryReviewGate();
  const text = gate.request(draft(30), new AbortController().signal);
  assert.equal(gate.hold(2), false, 'another attempt');
  assert.equal(gate.hold(1), true);
  assert.equal(await settled(text, 120), 'pending', 'held past its 30 ms clock');
  assert.equal(gate.start(2, 'x'), false);
  assert.equal(gate.start(1, 'edited'), true);
  assert.equal(await text, 'edited');
  assert.equal(gate.start(1, 'again'), false, 'nothing waits any more');
  assert.equal(gate.hold(1), false);
});

test('Start with an empty text keeps the model summary; Stop lets a held wait go', async () => {
  const gate = new SummaryReviewGate();
  const a = gate.request(draft(10_000), new AbortController().signal);
  gate.start(1, '');
  assert.equal(await a, 'model summary');
  const stop = new AbortController();
  const b = gate.request(draft(10_000), stop.signal);
  gate.hold(1);
  stop.abort();
  assert.equal(await b, 'model summary');
  assert.equal(gate.waiting, false);
});

test('parsePanelMessage accepts only well-formed attemptSummary messages', () => {
  assert.deepEqual(parsePanelMessage({ type: 'attemptSummary', attempt: 1, action: 'hold' }), {
    type: 'attemptSummary',
    attempt: 1,
    action: 'hold',
  });
  assert.deepEqual(parsePanelMessage({ type: 'attemptSummary', attempt: 2, action: 'start', summary: '' }), {
    type: 'attemptSummary',
    attempt: 2,
    action: 'start',
    summary: '',
  });
  for (const bad of [
    { type: 'attemptSummary', attempt: 0, action: 'hold' },
    { type: 'attemptSummary', attempt: 1.5, action: 'hold' },
    { type: 'attemptSummary', attempt: '1', action: 'hold' },
    { type: 'attemptSummary', attempt: 1, action: 'hold', summary: 'x' },
    { type: 'attemptSummary', attempt: 1, action: 'start' },
    { type: 'attemptSummary', attempt: 1, action: 'start', summary: 5 },
    { type: 'attemptSummary', attempt: 1, action: 'start', summary: 'x'.repeat(MAX_SUMMARY_CHARS + 1) },
    { type: 'attemptSummary', attempt: 1, action: 'drop' },
  ])
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad).slice(0, 120));
});

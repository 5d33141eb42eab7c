// A research session in the panel, in real Chromium: the question box (keys, when it is disabled and
// why, long text), questions collapsing to their answer and opening again, an earlier answer's own
// Insert and Export, a follow-up arriving live, and a 20-question session restored from a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUESTION_CHARS, parsePanelMessage, type HostMessage, type PanelMessage } from '../../src/shared/panelProtocol';
import type { AgentEvent } from '../../src/agent/events';
import { PanelStore } from '../../webview/store';
import { Gen, followUpBodies, makeSession, makeTrajectory, withSeq } from './fixtures';
import { panelSuite, type PanelPage } from './harness';

const suite = panelSuite();

function snapshot(events: AgentEvent[], status: 'running' | 'done' = 'done'): HostMessage {
  return { type: 'snapshot', runId: 'run-0001', status, events, approvals: [] };
}

const box = '#ask-box';

async function reason(p: PanelPage): Promise<string> {
  return (await p.page.textContent('#ask-reason')) ?? '';
}

async function asked(p: PanelPage): Promise<PanelMessage[]> {
  const all = await p.posted();
  for (const m of all) assert.deepEqual(parsePanelMessage(m), m, `the host accepts ${JSON.stringify(m).slice(0, 80)}`);
  return all.filter((m) => m.type === 'ask' || m.type === 'insertFindings' || m.type === 'exportRun');
}

/** Heads and rows in the list now (the store's view, which the list renders). */
async function items(p: PanelPage): Promise<number> {
  return Number(await p.page.getAttribute('#app', 'data-items'));
}

test('the question box: Enter asks, Shift+Enter is a new line; then it waits for the host and is disabled while the turn runs', async () => {
  const p = await suite.open();
  assert.equal(await p.page.isDisabled(box), true, 'disabled until the snapshot');
  assert.match(await reason(p), /Loading the session/);
  await p.send(snapshot(makeTrajectory({ steps: 3 })));
  assert.equal(await p.page.isDisabled(box), false);
  assert.equal(await reason(p), '');
  await p.page.click(box);
  await p.page.keyboard.type('Where is it called?');
  await p.page.keyboard.press('Shift+Enter');
  await p.page.keyboard.type('And by whom?');
  assert.equal(await p.page.inputValue(box), 'Where is it called?\nAnd by whom?');
  assert.deepEqual(await asked(p), [], 'Shift+Enter sends nothing');
  await p.page.keyboard.press('Enter');
  await p.settle();
  assert.deepEqual(await asked(p), [{ type: 'ask', question: 'Where is it called?\nAnd by whom?' }]);
  assert.equal(await p.page.inputValue(box), '', 'the box is emptied');
  assert.equal(await p.page.isDisabled(box), true);
  assert.equal(await reason(p), 'Asking…');
  await p.send({ type: 'status', status: 'running' });
  assert.equal(await p.page.isDisabled(box), true);
  assert.match(await reason(p), /^A turn is running: you can ask a follow-up when it has finished/);
  await p.page.keyboard.press('Enter');
  assert.equal((await asked(p)).length, 1, 'nothing more is sent while it runs');
  await p.send({ type: 'status', status: 'done' });
  assert.equal(await p.page.isDisabled(box), false);
  // A refusal from the host (a notice) gives the box back.
  await p.page.fill(box, 'Again?');
  await p.page.press(box, 'Enter');
  await p.send({ type: 'notice', level: 'info', text: 'A turn is still running: ask the follow-up when it has finished.' });
  assert.equal(await p.page.isDisabled(box), false);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('the box says why it is disabled: an approval waiting, a budget pause; a blank question is never sent', async () => {
  const p = await suite.open();
  const running = makeTrajectory({ steps: 2, finished: false });
  await p.send(snapshot(running, 'running'));
  assert.match(await reason(p), /^A turn is running/);
  await p.send({
    type: 'approval',
    approval: { id: 'w1', kind: 'write', tool: 'write_file', path: 'a.md', summary: 'write a.md', before: '', after: 'x', isNew: true },
  } as HostMessage);
  assert.match(await reason(p), /^Waiting for your answer to the approval above/);
  await p.send({ type: 'approvalResolved', id: 'w1', accepted: false });
  const n = running.at(-1)!.seq + 1;
  const paused = withSeq(
    [
      {
        type: 'budget_paused',
        turn: 3,
        usage: { promptTokens: 900, completionTokens: 100, estimated: false },
        budget: { tokens: 1000 },
        reached: 'tokens',
        waiting: true,
      },
    ],
    n,
  );
  await p.send({ type: 'events', events: paused });
  assert.match(await reason(p), /^The run is paused at its budget/);
  await p.send(snapshot(makeTrajectory({ steps: 2 })));
  await p.page.fill(box, '   \n  ');
  await p.page.press(box, 'Enter');
  assert.notEqual(await p.page.getAttribute('#ask-send', 'disabled'), null, 'Ask is off for a blank question');
  assert.deepEqual(await asked(p), []);
  await p.page.close();
});

test('long text: the box grows to its limit and scrolls; a question of the maximum length is sent whole', async () => {
  const p = await suite.open({ width: 700, height: 700 });
  await p.send(snapshot(makeTrajectory({ steps: 2 })));
  const short = await p.page.evaluate(`document.querySelector('${box}').offsetHeight`);
  const lines = Array.from({ length: 120 }, (_, i) => `line ${i + 1}: ${'word '.repeat(12)}`).join('\n');
  await p.page.fill(box, lines);
  await p.settle();
  const m = (await p.page.evaluate(
    `(() => { const b = document.querySelector('${box}'); return [b.offsetHeight, b.scrollHeight, b.clientHeight, window.innerHeight]; })()`,
  )) as number[];
  assert.ok(m[0] > (short as number), 'it grew');
  assert.ok(m[0] <= m[3] * 0.4 + 2, `at most 40% of the panel (${m[0]} of ${m[3]})`);
  assert.ok(m[1] > m[2], 'the rest scrolls');
  await p.page.screenshot({ path: 'test-results/webview/session-long-question.png' });
  assert.equal(await p.page.getAttribute(box, 'maxlength'), String(MAX_QUESTION_CHARS));
  const longest = 'x'.repeat(MAX_QUESTION_CHARS - 1) + '?';
  await p.page.fill(box, longest);
  await p.page.press(box, 'Enter');
  const sent = await asked(p);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].type === 'ask' && sent[0].question.length, MAX_QUESTION_CHARS);
  await p.page.close();
});

test('a follow-up arriving live: the first question collapses to its answer, the new one shows every step, the header counts the session', async () => {
  const p = await suite.open();
  const first = makeTrajectory({ steps: 4 });
  await p.send(snapshot(first));
  assert.equal(await p.page.locator('.row-turn').count(), 0, 'one question: no heads, as a run always looked');
  const g = new Gen(7);
  const follow = withSeq(followUpBodies(g, 2, 3), first.length);
  await p.send({ type: 'status', status: 'running' });
  await p.send({ type: 'events', events: follow.slice(0, 2) });
  assert.deepEqual(await p.page.$$eval('.row-turn .turn-label', (e) => e.map((x) => x.textContent)), ['Question 1', 'Question 2']);
  assert.equal(await p.page.getAttribute('.row-turn[data-turn="1"] .turn-toggle', 'aria-expanded'), 'false');
  assert.match((await p.page.textContent('.row-turn[data-turn="1"]')) ?? '', /Show 4 tool calls$/);
  assert.match(
    (await p.page.textContent('.row-note')) ?? '',
    /^Started from the session so far: the earlier question and its answer, 2 cited excerpts \(~2,700 of 16,384 tokens\)/,
  );
  await p.send({ type: 'events', events: follow.slice(2) });
  await p.page.evaluate(`document.querySelector('.vlist').scrollTop = 0`);
  await p.settle();
  const texts = await p.page.$$eval('.vlist .row', (rows) =>
    rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((r) => r.className.split(' ')[1]),
  );
  assert.deepEqual(texts.slice(0, 3), ['row-turn', 'row-answer', 'row-turn'], 'question 1 shows its answer only');
  assert.equal(await p.page.textContent('.hdr .question'), first[0].type === 'run_start' ? first[0].question : '');
  assert.match((await p.page.locator('.hdr .stat').last().innerText()).trim(), /^Question 2$/);
  const tools = (await p.page.locator('.hdr .stat').nth(1).innerText()).trim();
  assert.equal(tools, '7 tool calls', 'four in question 1, three in question 2');
  assert.equal(await p.page.isDisabled(box), false, 'the follow-up ended: the box is back');
  await p.page.close();
});

test('questions open and collapse again, the head staying where it was; an earlier answer has its own Insert and Export', async () => {
  const p = await suite.open({ width: 800, height: 900 });
  await p.send(snapshot(makeSession({ turns: 3, steps: 3, followUpSteps: 2 })));
  const toggle = '.row-turn[data-turn="1"] .turn-toggle';
  await p.page.evaluate(`document.querySelector('.vlist').scrollTop = 0`);
  await p.settle();
  const y0 = (await p.page.locator(toggle).boundingBox())!.y;
  const h0 = await items(p);
  await p.page.click(toggle);
  await p.settle();
  assert.equal(await p.page.getAttribute(toggle, 'aria-expanded'), 'true');
  assert.ok((await items(p)) > h0, 'its steps are in the list again');
  assert.ok(Math.abs((await p.page.locator(toggle).boundingBox())!.y - y0) < 3, 'the head did not move');
  assert.equal(await p.page.evaluate('document.activeElement?.className'), 'turn-toggle', 'focus stays on the toggle');
  assert.ok((await p.page.locator('.row-tool').count()) > 0);
  await p.page.screenshot({ path: 'test-results/webview/session-expanded.png' });
  await p.page.keyboard.press('Enter');
  await p.settle();
  assert.equal(await p.page.getAttribute(toggle, 'aria-expanded'), 'false', 'the keyboard collapses it again');
  await p.page.click('.row-answer .answer-action[data-action="insertTurn"][data-turn="1"]');
  await p.page.click('.row-answer .answer-action[data-action="exportTurn"][data-turn="1"]');
  assert.deepEqual(await asked(p), [
    { type: 'insertFindings', turn: 1 },
    { type: 'exportRun', turn: 1 },
  ]);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a 20-question session restored from a snapshot: every question under its head, the earlier ones collapsed to their answers', async () => {
  const events = makeSession({ turns: 20, steps: 6, followUpSteps: 5, foldAt: 8 });
  const store = new PanelStore();
  store.receive(snapshot(events));
  assert.equal(store.turns.length, 20);
  const p = await suite.open({ width: 900, height: 800 });
  await p.send(snapshot(events));
  assert.equal(await p.page.getAttribute('#app', 'data-turns'), '20');
  assert.equal(store.view.count, 20 + 19 + (store.rows.length - store.turns[19].firstRow), 'heads, 19 answers, the last question whole');
  assert.equal(await items(p), store.view.count);
  const notes = store.rows.filter((r) => r.kind === 'note').map((r) => (r.kind === 'note' ? r.text : ''));
  assert.match(notes.at(-2) ?? '', /^Questions 1–17 were folded into one summary/);
  assert.match(notes.at(-1) ?? '', /a summary of questions 1–17/);
  await p.page.evaluate(`document.querySelector('.vlist').scrollTop = 0`);
  await p.settle();
  const top = await p.page.$$eval('.vlist .row', (rows) =>
    rows
      .filter((r) => r.getBoundingClientRect().top < 1200)
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((r) => r.textContent ?? ''),
  );
  assert.match(top[0], /^Question 1How does the agent loop retain tool results/);
  assert.match(top[1], /^Answer/);
  assert.match(top[2], /^Question 2Follow-up 2:/);
  assert.match(top[3], /^AnswerInsertExportAnswer 2: it happens in/);
  await p.page.screenshot({ path: 'test-results/webview/session-20-restored.png' });
  // The same snapshot again (what a reload sends) gives the same list.
  const again = await suite.open({ width: 900, height: 800 });
  await again.send(snapshot(events));
  assert.equal(await again.page.getAttribute('#app', 'data-turns'), '20');
  assert.equal(await items(again), await items(p));
  assert.deepEqual([...p.errors, ...again.errors], []);
  await p.page.close();
  await again.page.close();
});

// The panel in real Chromium: snapshot and appends, the seq rules, every message it posts, keyboard,
// narrow widths. (Security has its own file: xss.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelMessage, type ApprovalView, type HostMessage, type PanelMessage } from '../../src/shared/panelProtocol';
import type { AgentEvent } from '../../src/agent/events';
import { PanelStore } from '../../webview/store';
import { Gen, makeTrajectory, stepBodies, withSeq } from './fixtures';
import { panelSuite, type PanelPage } from './harness';

const suite = panelSuite();

function snapshot(events: AgentEvent[], status: 'running' | 'done' = 'running', approvals: ApprovalView[] = []): HostMessage {
  return { type: 'snapshot', runId: 'run-0001', status, events, approvals };
}

/** Rows the store makes of these events (the same code, run in Node). */
function expectedRows(events: AgentEvent[]): number {
  const s = new PanelStore();
  s.receive(snapshot(events));
  return s.rows.length;
}

/** Each posted message is exactly what the host's gate accepts. */
function assertValid(msgs: PanelMessage[]): void {
  for (const m of msgs) assert.deepEqual(parsePanelMessage(m), m, `host accepts ${JSON.stringify(m)}`);
}

async function scrollTop(p: PanelPage): Promise<number> {
  return p.page.evaluate("document.querySelector('.vlist').scrollTop") as Promise<number>;
}

async function lastVisibleRow(p: PanelPage): Promise<number> {
  return p.page.evaluate(`(() => {
    const list = document.querySelector('.vlist').getBoundingClientRect();
    const rows = [...document.querySelectorAll('.vlist .row')].filter((r) => { const b = r.getBoundingClientRect(); return b.top < list.bottom && b.bottom > list.top; });
    return Math.max(...rows.map((r) => Number(r.dataset.row)));
  })()`) as Promise<number>;
}

async function visibleRowTexts(p: PanelPage): Promise<string[]> {
  return p.page.evaluate(`(() => {
    const list = document.querySelector('.vlist').getBoundingClientRect();
    return [...document.querySelectorAll('.vlist .row')]
      .filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > list.top && b.top < list.bottom && b.height > 0; })
      .map((r) => r.textContent);
  })()`) as Promise<string[]>;
}

test('on load it asks for a snapshot, saves the run id, and vscode-elements and codicons work under the CSP', async () => {
  const p = await suite.open();
  assert.deepEqual(await p.posted(), [{ type: 'ready' }]);
  await p.send(snapshot(makeTrajectory({ steps: 5 }), 'done'));
  assert.deepEqual(await p.page.evaluate('window.__test.getState()'), { runId: 'run-0001' });
  assert.equal(await p.page.evaluate("!!document.querySelector('vscode-button#stop').shadowRoot"), true, 'vscode-button upgraded');
  await p.page.evaluate('document.fonts.ready');
  assert.equal(
    await p.page.evaluate("[...document.fonts].some((f) => f.family.replace(/\"/g, '') === 'codicon' && f.status === 'loaded')"),
    true,
    'codicon font loaded',
  );
  assert.deepEqual(await p.violations(), [], 'nothing blocked by the CSP');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a 1,000-step snapshot renders every step through a virtualised list; appends stick to the bottom', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 1000, finished: false });
  await p.send(snapshot(events));
  const total = expectedRows(events);
  assert.ok(total > 2000);
  assert.equal(await p.rows(), total, 'the store reports every row');
  const inDom = await p.page.locator('.vlist .row').count();
  assert.ok(inDom > 0 && inDom < 60, `only the rows in view are in the DOM (${inDom})`);
  let visible = await visibleRowTexts(p);
  assert.ok(
    visible.some((t) => t.includes('turn 1000')),
    'opens at the bottom, on the last step',
  );
  assert.equal(await lastVisibleRow(p), total - 1);
  assert.equal(await p.page.getAttribute('#app', 'data-last-seq'), String(events.at(-1)!.seq));

  // Append steps one at a time: each shows up at the bottom.
  const g = new Gen(99);
  let seq = events.at(-1)!.seq + 1;
  for (let turn = 1001; turn <= 1005; turn++) {
    const step = withSeq(stepBodies(g, turn, { deltas: 3 }), seq);
    seq += step.length;
    await p.send({ type: 'events', events: step });
    visible = await visibleRowTexts(p);
    assert.ok(visible.at(-1)!.includes(`turn ${turn}`), `step ${turn} visible at the bottom`);
    assert.equal(await p.rows(), total + (turn - 1000) * 2);
  }

  // Keyboard: Home goes to the first step, the view then stays put while steps are appended, End returns.
  await p.page.focus('.vlist');
  await p.page.keyboard.press('Home');
  await p.settle();
  assert.equal(await scrollTop(p), 0);
  visible = await visibleRowTexts(p);
  assert.ok(visible[0].startsWith('Turn 1'), `first row in view: ${visible[0].slice(0, 40)}`);
  await p.page.keyboard.press('PageDown');
  await p.settle();
  const afterPageDown = await scrollTop(p);
  assert.ok(afterPageDown > 300, 'PageDown scrolls a page');
  const step = withSeq(stepBodies(g, 1006), seq);
  seq += step.length;
  await p.send({ type: 'events', events: step });
  assert.equal(await scrollTop(p), afterPageDown, 'scrolled-up view does not move on append');
  await p.page.keyboard.press('PageUp');
  await p.settle();
  assert.ok((await scrollTop(p)) < afterPageDown);
  await p.page.keyboard.press('End');
  await p.settle();
  visible = await visibleRowTexts(p);
  assert.ok(visible.at(-1)!.includes('turn 1006'));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('duplicate and stale events are ignored; a gap asks for a fresh snapshot with the last seq seen', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 3, finished: false });
  await p.send(snapshot(events));
  const rows0 = await p.rows();
  const last = events.at(-1)!.seq;
  await p.send({ type: 'events', events: events.slice(-4) }); // all already seen
  assert.equal(await p.rows(), rows0);
  const g = new Gen(5);
  const next = withSeq(stepBodies(g, 4), last + 1);
  await p.send({ type: 'events', events: [...next.slice(0, 2), next[0]] }); // in order, then a duplicate
  const rows1 = await p.rows();
  await p.send({ type: 'events', events: next.slice(3) }); // skips next[2]: a gap
  assert.equal(await p.rows(), rows1, 'nothing after the gap is folded');
  await p.send({ type: 'events', events: next.slice(2) }); // waits for the snapshot now
  assert.equal(await p.rows(), rows1);
  const posted = await p.posted();
  assert.deepEqual(posted, [{ type: 'ready' }, { type: 'ready' }]);
  assertValid(posted);
  // The host answers with a snapshot; appends continue from there.
  const all = [...events, ...next];
  await p.send(snapshot(all));
  assert.equal(await p.rows(), expectedRows(all));
  const more = withSeq(stepBodies(g, 5), all.at(-1)!.seq + 1);
  await p.send({ type: 'events', events: more });
  assert.equal(await p.rows(), expectedRows([...all, ...more]));
  assert.equal((await p.posted()).length, 2);
  await p.page.close();
});

test('Stop, Insert Findings, file references, URLs and approvals post exactly the PanelMessage shapes', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 2, finished: false });
  const seq = events.at(-1)!.seq + 1;
  const call = { id: 'cx', name: 'search_text', arguments: '{"query":"retention"}' };
  events.push(
    ...withSeq(
      [
        { type: 'turn_start', turn: 3, final: false, promptTokensEstimate: 1 },
        {
          type: 'assistant_message',
          turn: 3,
          text: 'Checking https://example.org/spec and `src/agent/loop/context.ts:42`.',
          toolCalls: [call],
        },
        { type: 'tool_call', turn: 3, call, args: { query: 'retention' } },
        {
          type: 'tool_result',
          turn: 3,
          callId: 'cx',
          name: 'search_text',
          content: 'src/agent/loop/context.ts:42: keep the last N results\ndocs/design.md:7-9 explains it',
          isError: false,
          durationMs: 12,
          cutChars: 0,
          repeatOf: 0,
        },
      ],
      seq,
    ),
  );
  await p.send(snapshot(events));
  const insert = p.page.locator('#insert-findings');
  assert.equal(await insert.getAttribute('disabled'), '', 'Insert Findings waits for an answer');

  const lastTool = p.page.locator('.row-tool').last();
  await lastTool.locator('.file-link', { hasText: 'src/agent/loop/context.ts:42' }).first().click();
  await lastTool.locator('.file-link', { hasText: 'docs/design.md:7-9' }).focus();
  await p.page.keyboard.press('Enter');
  const urlBefore = p.page.url();
  const link = p.page.locator('.row-thinking').last().locator('a.ext-link', { hasText: 'https://example.org/spec' });
  await link.click();
  await link.click({ button: 'middle' });
  await link.click({ modifiers: ['Control'] });
  await p.settle();
  assert.equal(p.page.url(), urlBefore, 'the webview never navigates');
  assert.equal(p.page.context().pages().length, 1, 'no new window either');

  await p.page.locator('#stop').click();
  await p.settle();
  assert.equal(await p.page.locator('#stop').getAttribute('disabled'), '', 'Stop disables itself');
  assert.equal((await p.page.textContent('.status-text'))!.trim(), 'Stopping…');

  const ans = withSeq([{ type: 'final_answer', turn: 3, text: 'Done: see `src/agent/loop/context.ts:42`.' }], events.at(-1)!.seq + 1);
  await p.send({ type: 'events', events: ans });
  assert.equal(await insert.getAttribute('disabled'), null);
  await insert.focus();
  await p.page.keyboard.press('Enter');

  const approval = (id: string): HostMessage => ({
    type: 'approval',
    approval: {
      id,
      kind: 'write',
      tool: 'edit_file',
      path: 'notes/findings.md',
      summary: 'Add the retention section',
      before: '# Notes\n\nold line\n',
      after: '# Notes\n\nnew line\nanother\n',
    },
  });
  await p.send(approval('ap1'));
  await p.send(approval('ap2'));
  await p.send(approval('ap3'));
  assert.equal(await p.page.locator('.approval').count(), 3);
  const card1 = p.page.locator('[data-approval="ap1"]');
  assert.equal(await card1.locator('.dl-add').count(), 2);
  assert.equal(await card1.locator('.dl-del').count(), 1);
  await card1.locator('[data-decision="accept"]').click();
  await p.page.locator('[data-approval="ap2"] [data-decision="reject"]').click();
  await p.page.locator('[data-approval="ap3"] [data-decision="acceptAll"]').focus();
  await p.page.keyboard.press('Enter');
  await p.settle();
  await card1.locator('[data-decision="reject"]').click({ force: true }); // disabled after a decision
  await p.send({ type: 'approvalResolved', id: 'ap1', accepted: true });
  assert.equal(await p.page.locator('[data-approval="ap1"]').count(), 0, 'a resolved card disappears');
  await p.send({ type: 'approvalResolved', id: 'ap2', accepted: false });
  await p.send({ type: 'approvalResolved', id: 'ap3', accepted: true });
  assert.equal(await p.page.locator('.approvals').isHidden(), true);

  const posted = (await p.posted()).slice(1);
  assert.deepEqual(posted, [
    { type: 'openFile', path: 'src/agent/loop/context.ts', line: 42 },
    { type: 'openFile', path: 'docs/design.md', line: 7 },
    { type: 'openUrl', url: 'https://example.org/spec' },
    { type: 'openUrl', url: 'https://example.org/spec' },
    { type: 'stop' },
    { type: 'insertFindings' },
    { type: 'approve', id: 'ap1', decision: 'accept' },
    { type: 'approve', id: 'ap2', decision: 'reject' },
    { type: 'approve', id: 'ap3', decision: 'acceptAll' },
  ]);
  assertValid(posted);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('long observations collapse and expand from the keyboard; notices and status show as text', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 3, obsMin: 2800, obsMax: 3000, finished: false });
  await p.send(snapshot(events));
  const row = p.page.locator('.row-tool').last();
  const toggle = row.locator('button.toggle[data-part="result"]');
  assert.match((await toggle.textContent())!, /Show all \(2,\d{3} chars\)/);
  const h0 = (await row.boundingBox())!.height;
  await toggle.focus();
  await p.page.keyboard.press('Enter');
  await p.settle();
  const expanded = p.page.locator('.row-tool').last();
  assert.equal(await expanded.locator('button.toggle[data-part="result"]').getAttribute('aria-expanded'), 'true');
  assert.equal(await p.page.evaluate('document.activeElement.dataset.focusKey'), 'result', 'focus stays on the toggle');
  assert.ok((await expanded.boundingBox())!.height > h0 + 100, 'the row grows and is re-measured');
  const rows = (await p.page.evaluate(
    `[...document.querySelectorAll('.vlist .row')].map((r) => { const b = r.getBoundingClientRect(); return [b.top, b.bottom]; }).sort((a, b) => a[0] - b[0])`,
  )) as [number, number][];
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i][0] >= rows[i - 1][1] - 1, 'rows never overlap');

  await p.send({ type: 'notice', level: 'error', text: 'No model configured: <b>set</b> researchCopilot.model' });
  assert.equal(await p.page.textContent('.notice-text'), 'No model configured: <b>set</b> researchCopilot.model');
  await p.send({ type: 'status', status: 'failed' });
  assert.equal((await p.page.textContent('.status-text'))!.trim(), 'Failed');
  await p.page.close();
});

test('readable at 300 px: nothing overflows sideways', async () => {
  const p = await suite.open({ width: 300, height: 700 });
  const events = makeTrajectory({ steps: 6 });
  await p.send(snapshot(events, 'done'));
  await p.send({
    type: 'approval',
    approval: {
      id: 'n1',
      kind: 'write',
      tool: 'write_file',
      path: 'docs/a-rather-long-directory-name/and-a-long-file-name.md',
      summary: 'Create the report',
      before: undefined,
      after: 'x'.repeat(400),
    },
  });
  const widths = (await p.page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as number[];
  assert.ok(widths[0] <= widths[1], `no horizontal scroll (${widths[0]} > ${widths[1]})`);
  const overflow = await p.page.evaluate(`[...document.querySelectorAll('#app *')].filter((e) => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && b.right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap, pre.code-block, .diff');
  }).map((e) => e.className).slice(0, 5)`);
  assert.deepEqual(overflow, []);
  await p.page.screenshot({ path: 'test-results/webview/panel-300px.png' });
  await p.page.close();
});

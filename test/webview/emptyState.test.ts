// A run that ends before its first step (no model configured, tools that could not be set up, Stop at
// once): the panel shows the error and nothing that suggests steps are still coming. The host can send
// either order: a snapshot that already says failed, or a running snapshot and then the status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostMessage } from '../../src/shared/panelProtocol';
import { panelSuite, type PanelPage } from './harness';

const suite = panelSuite();

const NO_MODEL = 'No model is configured. Connect one: set "researchCopilot.baseUrl" …';

function snapshot(status: 'running' | 'failed' | 'stopped'): HostMessage {
  return { type: 'snapshot', runId: 'run-0001', status, events: [], approvals: [] };
}

/** What the empty trajectory area shows: its text, whether it is visible, and whether a spinner is there. */
async function emptyArea(p: PanelPage): Promise<{ visible: boolean; text: string; spinning: boolean }> {
  await p.settle();
  return (await p.page.evaluate(`(() => {
    const e = document.querySelector('.empty');
    const shown = (n) => !!n && !n.closest('[hidden]') && n.getClientRects().length > 0;
    return { visible: shown(e), text: e.textContent.trim(), spinning: [...document.querySelectorAll('.codicon-modifier-spin')].some(shown) };
  })()`)) as { visible: boolean; text: string; spinning: boolean };
}

test('a running run with no steps yet says it is waiting, with a spinner', async () => {
  const p = await suite.open();
  await p.send(snapshot('running'));
  assert.deepEqual(await emptyArea(p), { visible: true, text: 'Waiting for the run…', spinning: true });
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a run that failed before its first step shows its error and no waiting state (status after the snapshot)', async () => {
  const p = await suite.open();
  await p.send(snapshot('running'));
  await p.send({ type: 'status', status: 'failed' });
  await p.send({ type: 'notice', level: 'error', text: NO_MODEL });
  const area = await emptyArea(p);
  assert.equal(area.spinning, false, 'nothing spins');
  assert.doesNotMatch(area.text, /waiting/i);
  assert.match(area.text, /did not start/);
  assert.equal(await p.page.textContent('.notice-text'), NO_MODEL);
  assert.equal((await p.page.textContent('.status-text'))!.trim(), 'Failed');
  await p.page.screenshot({ path: 'test-results/webview/failed-before-first-step.png' });
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('the same when the snapshot already says failed, and for a run stopped before its first step', async () => {
  for (const [status, text] of [
    ['failed', /did not start/],
    ['stopped', /Stopped before the first step/],
  ] as const) {
    const p = await suite.open();
    await p.send(snapshot(status));
    const area = await emptyArea(p);
    assert.equal(area.spinning, false, `${status}: nothing spins`);
    assert.match(area.text, text);
    assert.doesNotMatch(area.text, /waiting/i);
    await p.page.close();
  }
});

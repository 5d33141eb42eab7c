// The attempt summary open for editing, in real Chromium, on the events of a real two-attempt run (the
// agent against the scripted model): the bar shows the summary and a countdown, typing holds the start,
// Start posts the edited text, and the edit recorded by the agent updates the row and closes the bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelMessage } from '../../src/shared/panelProtocol';
import { echoTool } from '../helpers/agentHarness';
import { questionOf, runFactoryWith } from '../helpers/runHarness';
import { panelSuite } from './harness';

const suite = panelSuite();

const SUMMARY = 'OUTCOME: incomplete\n## Established\n- echo says x\n## Next\n- <b>ask</b> for y';
const EDITED = 'OUTCOME: incomplete\n## Next\n- ask for z instead';

test('an attempt summary waits in an editable box with a countdown; typing holds it; Start posts the text', async () => {
  const { result, events } = await runFactoryWith(
    (req) => {
      const last = String(req.body.messages.at(-1).content);
      if (/Write a summary of this attempt/.test(last)) return { content: SUMMARY };
      return questionOf(req).includes('Previous attempts analysis')
        ? { content: 'z it is.' }
        : { toolCalls: [{ name: 'echo', arguments: '{"text":"x"}' }] };
    },
    [echoTool()],
    { settings: { attempts: 2, maxTurns: 1 }, summaryReview: { autoStartMs: 60_000, review: async () => EDITED } },
  );
  assert.equal(result.answer, 'z it is.', result.error);
  const cut = events.findIndex((e) => e.type === 'attempt_summary') + 1;

  const p = await suite.open();
  await p.send({ type: 'snapshot', runId: 'run-1', status: 'running', events: events.slice(0, cut), approvals: [] });
  await p.settle();
  const bar = p.page.locator('.summary-review');
  assert.equal(await bar.isVisible(), true);
  assert.equal(await p.page.locator('#summary-review-box').inputValue(), SUMMARY, 'the text as written, markup inert');
  assert.match(await bar.innerText(), /Attempt 2 starts from this summary in (60|59|58) s/);
  assert.equal(await p.page.locator('#summary-review-start').innerText(), 'Start attempt 2 now');
  await p.page.screenshot({ path: 'test-results/webview/attempt-summary-review.png' });

  await p.page.locator('#summary-review-box').fill(EDITED);
  assert.match(await bar.innerText(), /waits until you press Start/);
  await p.page.locator('#summary-review-start').click();
  const posted = (await p.posted()).filter((m) => m.type === 'attemptSummary');
  assert.deepEqual(posted, [
    { type: 'attemptSummary', attempt: 1, action: 'hold' },
    { type: 'attemptSummary', attempt: 1, action: 'start', summary: EDITED },
  ]);
  for (const m of posted) assert.deepEqual(parsePanelMessage(m), m);

  // The agent records the edit and starts attempt 2: the bar goes, the summary row shows the edit.
  await p.send({ type: 'events', events: events.slice(cut) });
  await p.settle();
  assert.equal(await bar.isVisible(), false);
  const row = p.page.locator('.row-attempt-summary');
  assert.match(await row.innerText(), /edited by you/);
  assert.match(await row.innerText(), /ask for z instead/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a finished run reopened shows no summary box, even for a summary that once waited', async () => {
  const { events } = await runFactoryWith(
    (req) => {
      const last = String(req.body.messages.at(-1).content);
      if (/Write a summary of this attempt/.test(last)) return { content: SUMMARY };
      return questionOf(req).includes('Previous attempts analysis')
        ? { content: 'done.' }
        : { toolCalls: [{ name: 'echo', arguments: '{"text":"x"}' }] };
    },
    [echoTool()],
    { settings: { attempts: 2, maxTurns: 1 }, summaryReview: { autoStartMs: 60_000, review: async (d) => d.summary } },
  );
  const p = await suite.open();
  await p.send({ type: 'snapshot', runId: 'run-1', status: 'done', events, approvals: [] });
  await p.settle();
  assert.equal(await p.page.locator('.summary-review').isVisible(), false);
  assert.equal(await p.page.locator('.row-attempt-summary').count(), 1);
  await p.page.close();
});

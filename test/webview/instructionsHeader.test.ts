// The panel's header names the project's instructions a run's system prompt holds (run_start's
// `instructions`), as text only; a run without them shows nothing there. In a research session the header
// shows the question count and the latest turn's instructions together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent } from '../../src/agent/events';
import { Gen, followUpBodies, makeTrajectory, withSeq } from './fixtures';
import { panelSuite, type PanelPage } from './harness';

const suite = panelSuite();

function withInstructions(instructions: unknown): AgentEvent[] {
  const events = makeTrajectory({ steps: 2 });
  return [{ ...events[0], instructions } as AgentEvent, ...events.slice(1)];
}

async function line(p: PanelPage): Promise<{ shown: boolean; text: string; html: string }> {
  await p.settle();
  return (await p.page.evaluate(`(() => {
    const e = document.querySelector('.hdr-instructions');
    return { shown: !!e && !e.hidden && e.getClientRects().length > 0, text: e ? e.textContent : '', html: e ? e.querySelector('.label')?.innerHTML ?? '' : '' };
  })()`)) as { shown: boolean; text: string; html: string };
}

test('the header names the files whose instructions the run was given', async () => {
  const p = await suite.open();
  await p.send({
    type: 'snapshot',
    runId: 'run-0001',
    status: 'done',
    events: withInstructions(['AGENTS.md', '.github/copilot-instructions.md']),
    approvals: [],
  });
  const shown = await line(p);
  assert.equal(shown.shown, true);
  assert.equal(shown.text, 'Project instructions: AGENTS.md, .github/copilot-instructions.md');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('no instructions, nothing shown; names that are not strings are dropped and markup stays text', async () => {
  const p = await suite.open();
  await p.send({ type: 'snapshot', runId: 'run-0001', status: 'done', events: withInstructions(undefined), approvals: [] });
  assert.equal((await line(p)).shown, false);
  await p.page.close();
  const q = await suite.open();
  await q.send({
    type: 'snapshot',
    runId: 'run-0001',
    status: 'done',
    events: withInstructions([42, '<img src=x onerror=alert(1)>']),
    approvals: [],
  });
  const shown = await line(q);
  assert.equal(shown.text, 'Project instructions: <img src=x onerror=alert(1)>');
  assert.doesNotMatch(shown.html, /<img/);
  assert.deepEqual(q.errors, []);
  await q.page.close();
});

test("a session's header counts its questions and names the instructions of the latest turn's run", async () => {
  const p = await suite.open();
  const first = withInstructions(['AGENTS.md']);
  const follow = withSeq(followUpBodies(new Gen(3), 2, 2), first.length).map((e) =>
    e.type === 'run_start' ? ({ ...e, instructions: ['AGENTS.md', 'researchCopilot.instructions'] } as AgentEvent) : e,
  );
  await p.send({ type: 'snapshot', runId: 'run-0001', status: 'done', events: [...first, ...follow], approvals: [] });
  const shown = await line(p);
  assert.equal(shown.shown, true);
  assert.equal(shown.text, 'Project instructions: AGENTS.md, researchCopilot.instructions');
  assert.match((await p.page.locator('.hdr .stat').last().innerText()).trim(), /^Question 2$/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

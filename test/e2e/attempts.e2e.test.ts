// Attempts and research_subtask subagents in a real VS Code (code-server): attempt 1 runs out of tool
// calls, its summary waits in the panel and is edited there, attempt 2 starts from the edit and
// splits the question over three subagents that run side by side; their rows nest under the calls
// that started them; after a window reload the whole tree comes back from the one trajectory file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call, type TurnContext } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';
import type { Step } from '../../tools/fake-model/server';

const SUMMARY = 'OUTCOME: incomplete\n## Established\n- README.md names three modules\n## Next\n- read each module';
const EDIT = 'Read src/alpha.ts, src/beta.ts and src/gamma.ts, one subagent each.';
const PARTS = ['alpha', 'beta', 'gamma'];

let s: Session;

function lastText(t: TurnContext): string {
  const m = (t.request.body as { messages: { content: unknown }[] }).messages.at(-1)?.content;
  return typeof m === 'string' ? m : '';
}

/** The parent: two reads (the cap), a summary when asked, then three subagents, then the answer. */
function parent(t: TurnContext): Step {
  if (/Write a summary of this attempt/.test(lastText(t))) return { content: SUMMARY };
  if (!t.question.includes('Previous attempts analysis')) return call('read_file', { path: t.step === 0 ? 'README.md' : 'src/alpha.ts' });
  if (t.step === 0)
    return {
      toolCalls: PARTS.map((p, i) => ({
        id: `sub${i}`,
        name: 'research_subtask',
        arguments: JSON.stringify({ question: `What does src/${p}.ts export? [e2e:child]` }),
      })),
    };
  return { content: 'alpha, beta and gamma each export one constant: src/alpha.ts:1, src/beta.ts:1, src/gamma.ts:1.' };
}

/** A subagent: one read, slowly enough that all three are seen running at once, then its finding. */
function child(t: TurnContext): Step {
  const part = PARTS.find((p) => t.question.includes(`src/${p}.ts`)) ?? 'alpha';
  if (t.step === 0) return call('read_file', { path: `src/${part}.ts` }, { delayMs: 1500 });
  return { content: `src/${part}.ts:1 exports ${part}.`, delayMs: 300 };
}

describe('attempts and subagents in a real VS Code', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: {
        'README.md': '# Three modules\n\nalpha, beta, gamma\n',
        ...Object.fromEntries(PARTS.map((p) => [`src/${p}.ts`, `export const ${p} = '${p}';\n`])),
      },
      scenarios: { tree: parent, child },
      settings: { 'researchCopilot.attempts': 2, 'researchCopilot.maxTurns': 2, 'researchCopilot.maxParallelSubtasks': 3 },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('the summary is shown and edited before attempt 2; three subagents nest under their calls; a reload restores the tree', () =>
    s.step('attempts-tree', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'What do the three modules export? [e2e:tree]');
      let frame = await panelFrame(s.page, '[e2e:tree]');

      // Attempt 1 used its two tool calls: its summary waits in an editable box with a countdown.
      const box = frame.locator('#summary-review-box');
      await box.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await box.inputValue(), SUMMARY);
      assert.match(await frame.locator('.summary-review').innerText(), /Attempt 2 starts from this summary in \d+ s/);
      await s.shot('attempts-summary-review');
      await box.fill(`${SUMMARY}\n${EDIT}`);
      assert.match(await frame.locator('.summary-review').innerText(), /waits until you press Start/);
      await frame.locator('#summary-review-start').click();

      // Attempt 2 starts from the edited summary: the model's first request of it holds the edit.
      await until('attempt 2 to ask the model', () =>
        s.model.requests.some(
          (r) => JSON.stringify(r.body).includes('Previous attempts analysis') && JSON.stringify(r.body).includes(EDIT),
        ),
      );
      // The three subagents run at the same time (each waits 1.5 s for its first reply).
      await until('three subagents running at once', async () => (await frame.locator('.child.child-running').count()) === 3, 60_000);
      await s.shot('attempts-subagents-running');
      await waitForStatus(frame, 'done', 120_000);
      assert.match(await answerText(frame), /alpha, beta and gamma each export one constant/);
      assert.equal(await frame.locator('.child.child-done').count(), 3);
      assert.match(await frame.locator('.row-attempt-summary').innerText(), /edited by you/);
      // Open one subagent: its steps and its finding are under the call that started it.
      await frame.locator('.child-toggle').first().click();
      await until('the subagent to open', async () => /Open as a run/.test(await frame.locator('.child').first().innerText()));
      assert.match(await frame.locator('.child').first().innerText(), /src\/alpha\.ts:1 exports alpha/);
      await s.shot('attempts-tree-done');
      await frame.locator('.child-toggle').first().click();
      await until('the subagent to close', async () => !/Open as a run/.test(await frame.locator('.child').first().innerText()));
      // The panel's row count (the list is virtualised: what is rendered depends on the scroll position).
      const rowCount = () => frame.getAttribute('#app', 'data-rows');
      const before = await rowCount();
      assert.ok(Number(before) > 10, `rows: ${before}`);

      // One trajectory file holds the whole tree.
      const run = await s.finishedRun('[e2e:tree]');
      const types = run.events.map((e) => e.type);
      assert.equal(types.filter((t) => t === 'attempt_start').length, 2);
      assert.equal(types.filter((t) => t === 'attempt_summary_edited').length, 1);
      assert.equal(types.filter((t) => t === 'subtask_start').length, 3);
      assert.equal(types.filter((t) => t === 'subtask_end').length, 3);
      assert.ok(types.filter((t) => t === 'subtask_event').length >= 3 * 5, 'every child event is in the file');
      const end = run.events.at(-1)!;
      assert.equal(end.type === 'run_end' && end.attempt, 2);

      // Developer: Reload Window: the panel comes back with the attempts, the summary and the three children.
      const loaded = s.page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(s.page, 'Developer: Reload Window');
      await loaded;
      await s.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      frame = await panelFrame(s.page, '[e2e:tree]', 60_000);
      await waitForStatus(frame, 'done');
      assert.equal(await frame.locator('.child.child-done').count(), 3);
      assert.match(await frame.locator('.row-attempt-summary').innerText(), /edited by you/);
      assert.equal(await frame.locator('.summary-review').isVisible(), false, 'a finished run asks nothing');
      assert.equal(await rowCount(), before, 'the same rows as before the reload');
      assert.match(await answerText(frame), /alpha, beta and gamma each export one constant/);
      await s.shot('attempts-tree-after-reload');
    })());
});

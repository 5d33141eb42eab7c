// A 300-step run in the real extension: the panel shows every step as it comes, scrolling through
// the virtualised list works while the run goes on, and Stop (the command) ends it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { headerToolCalls, panelFrame, renderedRowIndices, renderedRowsText, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';

const STEPS = 300;
const FILES: Record<string, string> = {};
for (let i = 0; i < 20; i++) FILES[`src/mod${i}.ts`] = `export const value${i} = ${i};\n`.repeat(1 + (i % 5));

let s: Session;

/** The scrolling element of the panel's list, as far as these tests touch it. */
interface Scroller {
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}
const scrollTo = (el: Scroller, top: number): void => {
  el.scrollTop = top;
};

describe('a 300-step run in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      // The model reads one file per turn, round-robin, and never stops by itself.
      scenarios: {
        deep: ({ step }) =>
          call(
            'read_file',
            { path: `src/mod${step % 20}.ts` },
            { content: `Step ${step + 1}: reading src/mod${step % 20}.ts.`, delayMs: 15 },
          ),
      },
      settings: { 'researchCopilot.maxTurns': 1000 },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('every step reaches the panel, scrolling works during the run, and Stop ends it', () =>
    s.step('deep', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Read every module, again and again [e2e:deep]');
      const frame = await panelFrame(s.page, '[e2e:deep]');
      await until(`${STEPS} tool calls in the panel`, async () => (await headerToolCalls(frame)) >= STEPS, 5 * 60_000);
      await s.shot('deep-300-steps');

      // The list follows the bottom while the run goes on.
      const list = frame.locator('[role="log"]');
      const bottom = await renderedRowIndices(frame);
      assert.ok(Math.max(...bottom) > STEPS, `the newest rows are rendered (max index ${Math.max(...bottom)})`);
      assert.ok(bottom.length < 100, `virtualised: ${bottom.length} rows in the DOM`);

      // Scroll to the top while the run is still appending: the first turn is there.
      await list.evaluate(scrollTo, 0);
      await until('the first rows to render', async () => (await renderedRowIndices(frame)).includes(0));
      assert.match(await renderedRowsText(frame), /Step 1: reading src\/mod0\.ts\./);
      // It stays at the top while new steps arrive (the user scrolled up).
      const calls = await headerToolCalls(frame);
      await until('more steps to arrive', async () => (await headerToolCalls(frame)) > calls + 5, 60_000);
      assert.ok((await renderedRowIndices(frame)).includes(0), 'new steps do not yank the view away from the top');
      await s.shot('deep-scrolled-to-top');

      // Stop through the command palette.
      await runCommand(s.page, 'Research Copilot: Stop');
      await waitForStatus(frame, 'stopped', 60_000);
      const run = await s.finishedRun('[e2e:deep]');
      const results = run.events.filter((e) => e.type === 'tool_result').length;
      assert.ok(results >= STEPS + 5, `${results} tool results on disk`);
      const end = run.events.at(-1)!;
      assert.equal(end.type === 'run_end' && end.stopReason, 'cancelled');
      // Every tool call on disk is counted in the panel.
      assert.equal(await headerToolCalls(frame), end.type === 'run_end' ? end.toolCalls : -1);

      // Every step can be reached by scrolling: walk the list from top to bottom and collect the rows.
      const seen = new Set<number>();
      await list.evaluate(scrollTo, 0);
      for (let guard = 0; guard < 2000; guard++) {
        for (const i of await renderedRowIndices(frame)) seen.add(i);
        const m = await list.evaluate((el: Scroller) => ({ top: el.scrollTop, view: el.clientHeight, height: el.scrollHeight }));
        if (m.top + m.view >= m.height - 2) break;
        await list.evaluate(scrollTo, m.top + m.view * 0.8);
        await frame.waitForTimeout(20); // one frame for the list to render the new window
      }
      const total = (await frame.evaluate(`document.querySelector('[role="log"]').querySelectorAll('[data-row]').length`)) as number;
      const maxIndex = Math.max(...seen);
      assert.ok(total > 0);
      for (let i = 0; i <= maxIndex; i++) assert.ok(seen.has(i), `row ${i} was rendered at some scroll position`);
      assert.ok(maxIndex >= 2 * results, `rows for every thought and tool call (${maxIndex + 1} rows, ${results} results)`);
      await s.shot('deep-stopped');
    })());
});

// The runs folder in a real VS Code (code-server): runs.keep prunes the oldest runs when a run starts,
// never the one open in a panel; Show Runs shows each run's size and its trash button deletes a run;
// Clear Runs says how much it frees before it deletes anything.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput, waitForNotification } from '../../tools/e2e/driver';
import { panelFrame, waitForStatus } from './helpers/panel';
import { startSession, until, type Session } from './helpers/session';

let s: Session;
const ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

/** An old run planted in the runs folder: written `daysAgo` days ago, a line of filler to give it size. */
function plant(name: string, question: string, daysAgo: number): string {
  const path = join(s.runsDir, `${name}.jsonl`);
  const start = { type: 'run_start', runId: name, question, t: Date.now() - daysAgo * 86_400_000 };
  writeFileSync(path, `${JSON.stringify(start)}\n${JSON.stringify({ type: 'note', text: 'x'.repeat(3000) })}\n`);
  const t = (Date.now() - daysAgo * 86_400_000) / 1000;
  utimesSync(path, t, t);
  return path;
}

describe('The runs folder in a real VS Code', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: { 'README.md': '# Runs demo\n' },
      scenarios: { runs: () => ({ content: 'The answer for the runs check.' }) },
      settings: { 'researchCopilot.runs.keep': 3 },
    });
    mkdirSync(s.runsDir, { recursive: true });
  });
  after(() => s?.close());

  it('prunes to runs.keep, shows sizes, deletes a run from Show Runs, and Clear Runs says what it frees', () =>
    s.step('runs', async () => {
      const old = [1, 2, 3, 4].map((days) => plant(`0000000${days}-old-run`, `Old question ${days} days ago`, days));
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'A fresh question [e2e:runs]');
      await waitForStatus(await panelFrame(s.page, '[e2e:runs]'), 'done');
      const fresh = (await s.finishedRun('[e2e:runs]')).path;
      // runs.keep 3: the new run and the two newest old ones.
      assert.deepEqual(readdirSync(s.runsDir).sort(), [old[0], old[1], fresh].map((p) => p.slice(s.runsDir.length + 1)).sort());

      await runCommand(s.page, 'Research Copilot: Show Runs');
      const rows = s.page.locator(ROWS);
      await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
      const texts = await rows.allInnerTexts();
      assert.equal(texts.length, 3, texts.join(' | '));
      for (const text of texts) assert.match(text, /· \d+(\.\d)? (B|KB)/, 'each run shows its size on disk');
      const doomed = rows.filter({ hasText: 'Old question 2 days ago' });
      await doomed.hover();
      await doomed.locator('[aria-label="Delete Run"], [title="Delete Run"]').first().click();
      await until(
        'the deleted run to leave the list and the disk',
        async () => (!existsSync(old[1] as string) && (await rows.count()) === 2) || undefined,
        15_000,
      );
      await s.shot('show-runs-sizes');
      await s.page.keyboard.press('Escape');

      // The fresh run is open in its panel: Clear Runs leaves it and offers the old one.
      await runCommand(s.page, 'Research Copilot: Clear Runs');
      const dialog = s.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await dialog.innerText(), /Delete 1 run\? That frees \d+(\.\d)? (B|KB)\.[\s\S]*1 run stays/);
      await s.shot('clear-runs-confirmation');
      await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
      await waitForNotification(s.page, /deleted 1 run, freed \d+(\.\d)? (B|KB)/);
      assert.deepEqual(readdirSync(s.runsDir), [fresh.slice(s.runsDir.length + 1)]);
    })());
});

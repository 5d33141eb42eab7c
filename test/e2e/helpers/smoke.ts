/**
 * Paths a new user takes that VS Code's own behaviour can break, run on the pinned host (in
 * extension.e2e.test.ts) and on the newest one (newestHost.e2e.test.ts): Insert Findings after the
 * document's editor was replaced, and a quick pick left open while a run finishes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNotifications, openFile, runCommand, typeIntoQuickInput } from '../../../tools/e2e/driver';
import { changedOnDisk, focusEditor, save } from './editor';
import { panelFrame, panelStatus, waitForStatus } from './panel';
import { call, type Scenario } from './scriptedModel';
import { until, type Session } from './session';

export const SMOKE_FILES: Record<string, string> = {
  'notes/replaced.md': '# Notes for later\n\nA paragraph that stays below.\n',
};

export const SMOKE_SCENARIOS: Record<string, Scenario> = {
  replaced: ({ step }) =>
    step === 0
      ? call('read_file', { path: 'notes/replaced.md' })
      : { content: 'Findings after the Welcome page: the notes start with a heading (notes/replaced.md:1).' },
  // run_code waits a few seconds, so the user opens the pick while it runs; its arguments are long
  // enough to fold (the user unfolds them: a control in the panel had the keyboard last).
  'pick-open': ({ step }) =>
    step === 0 ? call('run_code', { language: 'javascript', code: SLOW_CODE }) : { content: 'Waited, then answered.' },
};

const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';

const SLOW_CODE = [
  ...Array.from({ length: 8 }, (_, i) => `// line ${i + 1} of a comment that makes the arguments fold in the panel`),
  'const end = Date.now() + 5000;',
  'while (Date.now() < end) {}',
  '"waited"',
].join('\n');

/**
 * The cursor is put in a document, then the Welcome page opens in that editor group (the document's
 * editor is gone): Insert Findings shows the document again and inserts where the cursor was, with no
 * error. (Seen on code-server 4.139: "TextEditor#edit not possible on closed editors".)
 */
export async function insertAfterTheWelcomePageReplacedTheEditor(s: Session): Promise<void> {
  await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
  await typeIntoQuickInput(s.page, 'What goes into the notes? [e2e:replaced]');
  await waitForStatus(await panelFrame(s.page, '[e2e:replaced]'), 'done');
  const file = join(s.workspace, 'notes/replaced.md');
  const original = readFileSync(file, 'utf8');
  await openFile(s.page, 'notes/replaced.md');
  await focusEditor(s, 'replaced.md');
  await s.page.keyboard.press('Control+Home');
  await s.page.keyboard.press('ArrowDown');
  await s.page
    .locator('.statusbar-item', { hasText: /Ln 2, Col 1/ })
    .first()
    .waitFor({ timeout: 10_000 });

  await runCommand(s.page, 'Help: Welcome');
  await s.page.locator('.gettingStartedContainer').first().waitFor({ state: 'visible', timeout: 30_000 });
  const visibleTabs = await s.page.locator('.tabs-container .tab.active').allInnerTexts();
  assert.ok(!visibleTabs.some((t) => t.includes('replaced.md')), `the document's editor is gone (active tabs: ${visibleTabs.join(', ')})`);

  // Toasts of earlier tests go, so any error seen below is this command's.
  await runCommand(s.page, 'Notifications: Clear All Notifications');
  await runCommand(s.page, 'Research Copilot: Insert Findings');
  await s.page.locator('.tabs-container .tab.active', { hasText: 'replaced.md' }).first().waitFor({ timeout: 15_000 });
  await save(s);
  const inserted = await changedOnDisk(file, original);
  assert.ok(inserted.startsWith('# Notes for later\n'), 'the heading above the cursor stays first');
  assert.ok(inserted.endsWith('A paragraph that stays below.\n'), 'the paragraph below the cursor stays last');
  assert.match(inserted, /Findings after the Welcome page/, "the run's answer, where the cursor was");
  const errors = (await readNotifications(s.page)).filter((n) => n.severity === 'error');
  assert.deepEqual(errors, [], 'no error shown');
  await s.shot('insert-after-welcome-page');

  await s.page.keyboard.press('Control+Z');
  await save(s);
  await until('one undo to restore the notes', () => readFileSync(file, 'utf8') === original);
}

/**
 * From an editor, the user starts a run, then opens Show Runs while it is still going; the run ends with
 * the pick open. The pick stays open and keeps the keyboard: the finished run's panel does not take the
 * focus. The run the user then picks does: they asked for it.
 */
export async function pickStaysOpenWhileARunFinishes(s: Session): Promise<void> {
  await openFile(s.page, 'notes/replaced.md');
  await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
  await typeIntoQuickInput(s.page, 'Wait a little, then answer [e2e:pick-open]');
  const frame = await panelFrame(s.page, '[e2e:pick-open]');
  await runCommand(s.page, 'Research Copilot: Show Runs');
  const box = s.page.locator(QUICK_INPUT_BOX);
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await panelStatus(frame), 'running', 'the pick opened while the run was going');
  await until('the run to end', async () => (await panelStatus(frame)) === 'done', 60_000);
  // The panel settles (its last events, the finished header) while the pick is open.
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(await box.isVisible(), 'the pick is still open after the run ended');
  const focused = await s.page.evaluate(`document.activeElement?.matches(${JSON.stringify(QUICK_INPUT_BOX)}) === true`);
  assert.equal(focused, true, 'the pick still has the keyboard');
  await box.fill('[e2e:pick-open]', { timeout: 5000 });
  await box.press('Enter');
  await box.waitFor({ state: 'hidden', timeout: 10_000 });
  await waitForStatus(await panelFrame(s.page, '[e2e:pick-open]'), 'done');
  // A webview that has the keyboard is the workbench's active element: its iframe.
  await until(
    'the picked run to take the focus',
    async () => (await s.page.evaluate(`document.activeElement?.tagName`)) === 'IFRAME',
    10_000,
  );
}

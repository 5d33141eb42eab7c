// Findings that stay true, in a real VS Code (code-server): findings inserted into a Markdown document and
// committed; lines added above the cited code → "moved" warnings; the Quick Fix rewrites the citation and
// its warning clears; the cited line edited → "changed" warnings, whose Quick Fix opens the old and new text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openFile, runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { focusEditor, save, setBooleanSetting } from './helpers/editor';
import { panelFrame, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';

const GREET = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n';
const AGENTS = 'When you cite code, cite the line that does the work.\n';
const FILES: Record<string, string> = { 'src/greet.ts': GREET, 'docs/notes.md': '# Notes\n\nFindings go below.\n', 'AGENTS.md': AGENTS };
const ANSWER = 'The greeting is built by "return `Hello, ${name}!`;" in `src/greet.ts:2`.';

let s: Session;

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', ...args], { cwd: s.workspace, stdio: 'pipe' });
}

/** The findings problems in the Problems panel, as its rows read. */
async function problems(page: Page): Promise<string[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return rows.filter((r) => r.includes('Citation ')).map((r) => r.replace(/\s+/g, ' ').trim());
}

async function waitForProblems(page: Page, what: string, ok: (rows: string[]) => boolean): Promise<string[]> {
  return until(`the Problems panel to show ${what}`, async () => {
    const rows = await problems(page);
    return ok(rows) && rows;
  });
}

/** Puts the cursor on a line of the active editor and applies the Quick Fix with this title (Ctrl+. again while the fixes are being computed). */
async function quickFix(page: Page, line: number, column: number, title: string): Promise<void> {
  await page.keyboard.press('Control+G');
  await typeIntoQuickInput(page, `:${line}:${column}`);
  const item = page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
  await until(`the Quick Fix "${title}"`, async () => {
    if (!(await item.isVisible())) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      await item.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    }
    return item.isVisible();
  });
  // The widget's pointer block takes clicks: choose with the keyboard, as a user would.
  const focused = page.locator('.action-widget .monaco-list-row.action.focused');
  for (let i = 0; i < 10 && (await focused.getAttribute('aria-label')) !== title; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focused.getAttribute('aria-label'), title);
  await page.keyboard.press('Enter');
}

describe('Findings that stay true, in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      scenarios: {
        cite: ({ step }) => (step === 0 ? call('read_file', { path: 'src/greet.ts' }) : { content: ANSWER }),
      },
    });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '--no-gpg-sign', '-m', 'start');
  });

  after(async () => {
    await s?.close();
  });

  it("a run's first request holds AGENTS.md's text, and the panel's header names it", () =>
    s.step('instructions', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Where is the greeting built? [e2e:cite]');
      const frame = await panelFrame(s.page, '[e2e:cite]');
      await waitForStatus(frame, 'done');
      const first = s.model.requests.find((r) => JSON.stringify(r.body?.messages ?? []).includes('[e2e:cite]'));
      const system = (first?.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'system')?.content ?? '';
      assert.ok(system.includes(`# The project's instructions`) && system.includes(`## AGENTS.md\n\n${AGENTS.trim()}`), system);
      assert.equal(await frame.textContent('.hdr-instructions'), 'Project instructions: AGENTS.md');
      await s.shot('instructions-header');
    })());

  it('findings inserted and committed, then lines added above the cited code: a moved warning on each citation', () =>
    s.step('findings-moved', async () => {
      await openFile(s.page, 'docs/notes.md', 60_000);
      await focusEditor(s, 'notes.md');
      await s.page.keyboard.press('Control+End');
      await runCommand(s.page, 'Research Copilot: Insert Findings');
      await save(s);
      const doc = join(s.workspace, 'docs', 'notes.md');
      assert.match(readFileSync(doc, 'utf8'), /`src\/greet\.ts:2`[\s\S]*\[src\/greet\.ts:2\]\(\.\.\/src\/greet\.ts#L2\)/);
      git('add', '-A');
      git('commit', '-q', '--no-gpg-sign', '-m', 'findings');

      await openFile(s.page, 'src/greet.ts', 60_000);
      await focusEditor(s, 'greet.ts');
      // Three new lines above the code (typed as blank lines first: Enter after a comment would continue it).
      await s.page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) await s.page.keyboard.press('Enter');
      await s.page.keyboard.press('Control+Home');
      for (const text of ['// one', '// two', '// three']) {
        await s.page.keyboard.type(text);
        await s.page.keyboard.press('ArrowDown');
        await s.page.keyboard.press('Home');
      }
      await save(s);
      assert.equal(readFileSync(join(s.workspace, 'src', 'greet.ts'), 'utf8'), '// one\n// two\n// three\n' + GREET);
      await runCommand(s.page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const rows = await waitForProblems(s.page, 'two moved citations', (r) => r.filter((x) => x.includes('moved to 5')).length === 2);
      assert.ok(
        rows.every((r) => /Citation src\/greet\.ts:2 moved to 5: the cited lines are at 5 now \(moved since [0-9a-f]{7}\)/.test(r)),
        rows.join('\n'),
      );
      await focusEditor(s, 'notes.md');
      await s.shot('findings-moved');
    })());

  it('the Quick Fix "Update to line 5" moves a citation and its warning clears; on disk only the numbers changed', () =>
    s.step('findings-quickfix', async () => {
      const doc = join(s.workspace, 'docs', 'notes.md');
      const before = readFileSync(doc, 'utf8');
      const lines = before.split('\n');
      const at = lines.findIndex((l) => l.includes('[src/greet.ts:2]'));
      await focusEditor(s, 'notes.md');
      await quickFix(s.page, at + 1, lines[at].indexOf('[') + 2, 'Update to line 5');
      await waitForProblems(s.page, 'one moved citation left', (r) => r.length === 1 && r[0].includes('moved to 5'));
      await s.shot('findings-quickfix');
      const code = lines.findIndex((l) => l.includes('`src/greet.ts:2`'));
      await quickFix(s.page, code + 1, lines[code].indexOf('`src/greet.ts:2`') + 3, 'Update to line 5');
      await waitForProblems(s.page, 'no findings problems', (r) => r.length === 0);
      await save(s);
      const after = readFileSync(doc, 'utf8');
      assert.equal(
        after,
        before
          .replace('`src/greet.ts:2`', '`src/greet.ts:5`')
          .replace('[src/greet.ts:2](../src/greet.ts#L2)', '[src/greet.ts:5](../src/greet.ts#L5)'),
      );
    })());

  it('the cited line edited: a changed warning, whose Quick Fix opens the cited file at its old and new text', () =>
    s.step('findings-changed', async () => {
      git('add', '-A');
      git('commit', '-q', '--no-gpg-sign', '-m', 'fixed');
      await focusEditor(s, 'greet.ts');
      await s.page.keyboard.press('Control+G');
      await typeIntoQuickInput(s.page, ':5');
      await s.page.keyboard.press('End');
      await s.page.keyboard.type(' // greeting');
      await save(s);
      await runCommand(s.page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const rows = await waitForProblems(s.page, 'two changed citations', (r) => r.filter((x) => x.includes(' changed: ')).length === 2);
      assert.ok(
        rows.every((r) => /Citation src\/greet\.ts:5 changed: the cited lines were edited or removed since [0-9a-f]{7}/.test(r)),
        rows.join('\n'),
      );
      await focusEditor(s, 'notes.md');
      const lines = readFileSync(join(s.workspace, 'docs', 'notes.md'), 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes('[src/greet.ts:5]'));
      await quickFix(s.page, at + 1, lines[at].indexOf('[') + 2, 'Open src/greet.ts at the old and new text');
      const tab = s.page.locator('.tabs-container .tab', { hasText: 'as cited ↔ now' });
      await tab.first().waitFor({ state: 'visible', timeout: 15_000 });
      const [left, right] = [0, 1].map((i) => s.page.locator('.monaco-diff-editor .monaco-editor .view-lines').nth(i));
      await until('the old line on the left, the new one on the right', async () => {
        const [was, now] = (await Promise.all([left.innerText(), right.innerText()])).map((t) => t.replace(/\u00a0/g, ' '));
        return /return `Hello, \$\{name\}!`;\s*\n/.test(was) && !was.includes('// greeting') && now.includes('// greeting');
      });
      await s.shot('findings-changed');
    })());

  it('the setting turns the diagnostics off; "Check Findings in This Document" still checks on demand', () =>
    s.step('findings-setting', async () => {
      await setBooleanSetting(s, 'researchCopilot.findings.diagnostics', 'Diagnostics', false);
      await runCommand(s.page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await waitForProblems(s.page, 'no findings problems once the setting is off', (r) => r.length === 0);
      await focusEditor(s, 'notes.md');
      await runCommand(s.page, 'Research Copilot: Check Findings in This Document');
      const toast = s.page.locator('.notifications-toasts .notification-toast', { hasText: '2 citations: 2 changed' });
      await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
      await runCommand(s.page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await waitForProblems(s.page, 'the two changed citations again', (r) => r.filter((x) => x.includes(' changed: ')).length === 2);
      await s.shot('findings-command');
    })());
});

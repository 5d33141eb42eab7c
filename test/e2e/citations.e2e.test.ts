// Grounded findings in a real VS Code (code-server): the answer's citations checked and repaired, the
// marks and Sources block in the panel, Insert Findings on disk, and Export Run's two files, the HTML
// one opened from disk in Chromium with no network request and no script error. Then a research session
// in the same window: a follow-up typed in the panel's own box starts from the first answer and the lines
// it cited, its answer cites a line only the first question read and the panel shows it verified, and
// Developer: Reload Window brings both questions back.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, openFile, runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call, type TurnContext } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';
import type { RecordedRequest } from '../../tools/fake-model/server';
import { sessionTurns } from '../../src/agent/session/session';
import { changedOnDisk } from './helpers/editor';

const FILES: Record<string, string> = {
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
  'docs/notes.md': '# Notes\n\nFindings go below.\n',
  'README.md': '# Demo workspace\n',
};
const FIRST = 'The greeting is built in src/greet.ts:2, and the CLI starts in lib/cli.js.';
const FINAL = 'The greeting is built by "return `Hello, ${name}!`;" in src/greet.ts:2, and the CLI starts in lib/cli.js.';

const FIRST_ANSWER = 'The greeting is built by "return `Hello, ${name}!`;" in src/greet.ts:2.';
const SECOND_ANSWER = 'It is declared as "export function greet(name: string): string" at src/greet.ts:1.';
const FOLLOW_UP = 'Where is that function declared?';

const isFollowUp = (t: TurnContext): boolean => t.question.includes('## Follow-up question');

let s: Session;

describe('Grounded findings in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      scenarios: {
        // The first answer cites a file it never opened: the repair message sends it to read_file.
        cite: ({ step, lastObservation }) => {
          if (step === 0) return { content: FIRST };
          if (step === 1)
            return /src\/greet\.ts:2: not observed/.test(lastObservation)
              ? call('read_file', { path: 'src/greet.ts' })
              : { content: `no repair message: ${lastObservation}` };
          return { content: FINAL };
        },
        // The first question reads the file and cites line 2; the follow-up answers from the record alone and
        // cites line 1, which only the first question's read_file showed.
        sess: (t) => {
          if (isFollowUp(t)) return { content: SECOND_ANSWER };
          return t.step === 0 ? call('read_file', { path: 'src/greet.ts' }) : { content: FIRST_ANSWER };
        },
      },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('the panel marks each citation and lists the Sources with what the agent saw', () =>
    s.step('cite-panel', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Where is the greeting built? [e2e:cite]');
      const frame = await panelFrame(s.page, '[e2e:cite]');
      await waitForStatus(frame, 'done');
      assert.match(await answerText(frame), /src\/greet\.ts:2/);
      const marks = await frame.$$eval('.row-answer .md .cite-mark', (ms) =>
        ms.map((m) => [m.getAttribute('data-status'), m.getAttribute('aria-label')]),
      );
      assert.deepEqual(marks, [
        ['verified', 'Citation verified: quote found at line 2, which was shown'],
        ['missing', 'Citation missing: no such file in the workspace'],
      ]);
      const sources = await frame.$$eval('.row-answer .sources li', (lis) =>
        lis.map((li) => [li.getAttribute('data-status'), li.querySelector('.source-snippet')?.textContent ?? '']),
      );
      assert.deepEqual(sources, [
        ['verified', '  return `Hello, ${name}!`;'],
        ['missing', ''],
      ]);
      await s.shot('citations-panel');
      const run = await s.finishedRun('[e2e:cite]');
      const reports = run.events.filter((e) => e.type === 'citation_report');
      assert.deepEqual(
        reports.map((e) => [e.round, Boolean(e.repair)]),
        [
          [0, true],
          [1, false],
        ],
      );
    })());

  it('Insert Findings writes relative #L links, statuses and excerpts (checked on disk)', () =>
    s.step('cite-insert', async () => {
      const file = join(s.workspace, 'docs', 'notes.md');
      const original = readFileSync(file, 'utf8');
      await openFileRetry('docs/notes.md');
      await s.page.locator('.tabs-container .tab', { hasText: 'notes.md' }).first().click();
      await s.page.locator('.editor-instance .monaco-editor textarea').first().focus();
      await s.page.keyboard.press('Control+End');
      await runCommand(s.page, 'Research Copilot: Insert Findings');
      await s.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'attached', timeout: 15_000 });
      await s.page.keyboard.press('Control+S');
      const inserted = await changedOnDisk(file, original);
      assert.match(
        inserted,
        /\n- \[src\/greet\.ts:2\]\(\.\.\/src\/greet\.ts#L2\) — \*verified\*: quote found at line 2, which was shown\n {2}```+\n {2} {2}return `Hello, \$\{name\}!`;\n/,
      );
      assert.match(inserted, /\n- `lib\/cli\.js` — \*missing, unverified\*: no such file in the workspace\n/);
      assert.doesNotMatch(inserted, /README\.md/, 'files read but not cited are not sources');
      await s.shot('citations-insert');
    })());

  it('Export Run writes the Markdown report and an HTML trajectory that renders offline from disk', () =>
    s.step('cite-export', async () => {
      await runCommand(s.page, 'Research Copilot: Export Run');
      const dir = join(s.workspace, 'research');
      const files = await until('research/ to hold the report and the HTML', () => {
        const names = existsSync(dir) ? readdirSync(dir) : [];
        const md = names.find((n) => n.endsWith('.md'));
        const html = names.find((n) => n.endsWith('.html'));
        return md && html ? { md: join(dir, md), html: join(dir, html) } : undefined;
      });
      const md = readFileSync(files.md, 'utf8');
      assert.match(md, /^# Where is the greeting built\? \[e2e:cite\]\n/);
      assert.match(md, /\n## Answer\n\nThe greeting is built by/);
      assert.match(md, /\n## Sources\n\n- \[src\/greet\.ts:2\]\(\.\.\/src\/greet\.ts#L2\) — \*verified\*/);
      assert.match(md, /\n## Steps\n\n2\. `read_file` `\{"path":"src\/greet\.ts"\}` → ✓ \d+ chars\n$/);

      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        const url = pathToFileURL(files.html).href;
        await page.goto(url);
        await page.waitForSelector('section.steps details.call');
        assert.deepEqual(requests, [url], 'nothing but the file itself');
        assert.deepEqual(errors, []);
        assert.equal(await page.textContent('h1'), 'Where is the greeting built? [e2e:cite]');
        assert.deepEqual(await page.$$eval('ul.sources .badge', (b) => b.map((x) => x.textContent)), ['verified', 'missing']);
        assert.deepEqual(await page.$$eval('details.call summary code', (c) => c.map((x) => x.textContent)), ['read_file']);
        await page.screenshot({ path: join(s.workspace, '..', 'export.png') });
      } finally {
        await browser.close();
      }
    })());

  it('a follow-up typed in the panel starts from the first answer and its cited lines, and its citation of an earlier read is verified', () =>
    s.step('session-panel', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'How is the greeting built? [e2e:sess]');
      const frame = await panelFrame(s.page, '[e2e:sess]');
      await waitForStatus(frame, 'done', 60_000);
      const box = frame.locator('#ask-box');
      await box.waitFor({ state: 'visible' });
      await until('the question box to be enabled', async () => !(await box.isDisabled()));
      await box.click();
      await box.pressSequentially(FOLLOW_UP, { delay: 10 });
      await box.press('Enter');
      await frame.locator('.row-turn[data-turn="2"]').waitFor({ state: 'attached', timeout: 30_000 });
      await waitForStatus(frame, 'done', 60_000);

      const followUp = s.model.requests.find((r) => r.index >= 0 && firstUser(r).includes('## Follow-up question'));
      assert.ok(followUp, 'the follow-up asked the model');
      const task = firstUser(followUp);
      assert.ok(task.includes(`Answer:\n${FIRST_ANSWER}`), task);
      assert.ok(task.includes('- src/greet.ts:2 (verified'), task);
      assert.ok(task.includes('    2|   return `Hello, ${name}!`;'), task);
      assert.ok(task.endsWith(`## Follow-up question\n\n${FOLLOW_UP}`), task);

      const run = await s.finishedRun('[e2e:sess]');
      const turns = sessionTurns(run.events);
      assert.deepEqual(
        turns.map((t) => [t.turn, t.question, t.stopReason]),
        [
          [1, 'How is the greeting built? [e2e:sess]', 'answered'],
          [2, FOLLOW_UP, 'answered'],
        ],
      );
      const second = turns[1].citations ?? [];
      assert.deepEqual(
        second.map((c) => [c.ref, c.lines, c.status]),
        [['src/greet.ts', '1', 'verified']],
      );
      const marks = await frame.$$eval('.row-answer .md .cite-mark', (ms) => ms.map((m) => m.getAttribute('data-status')));
      assert.equal(marks.at(-1), 'verified', 'the follow-up answer shows its citation verified');
      assert.equal(await frame.getAttribute('.row-turn[data-turn="1"] .turn-toggle', 'aria-expanded'), 'false');
      // Export's toast from the step before would cover the question box in the picture.
      await runCommand(s.page, 'Notifications: Clear All Notifications');
      await s.shot('session-follow-up');

      // Developer: Reload Window: the panel comes back with both questions.
      const loaded = s.page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(s.page, 'Developer: Reload Window');
      await loaded;
      await s.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      const again = await panelFrame(s.page, '[e2e:sess]', 60_000);
      await waitForStatus(again, 'done');
      await until('both questions in the restored panel', async () => (await again.getAttribute('#app', 'data-turns')) === '2');
      const answers = await again.$$eval('.row-answer .md', (a) => a.map((x) => x.textContent ?? ''));
      assert.ok(
        answers.some((a) => a.includes('in src/greet.ts:2')) && answers.some((a) => a.includes('at src/greet.ts:1')),
        answers.join(' | '),
      );
      assert.equal(await again.isDisabled('#ask-box'), false, 'ready for the next question');
      await s.shot('session-after-reload');
    })());
});

/** Quick Open can miss its first chance while the workbench is still activating extensions on a loaded machine. */
async function openFileRetry(path: string): Promise<void> {
  try {
    await openFile(s.page, path);
  } catch {
    await s.page.keyboard.press('Escape');
    await openFile(s.page, path, 60_000);
  }
}

function firstUser(r: RecordedRequest): string {
  const user = (r.body?.messages ?? []).find((m: { role: string }) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

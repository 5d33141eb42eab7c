// A research session in the panel of a real VS Code (code-server): a question, then a follow-up typed in
// the panel's own box. The follow-up's first request carries the first answer and the lines it cited;
// its answer cites a line only the first question read, and the panel shows that citation verified.
// Developer: Reload Window brings both questions back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import type { RecordedRequest } from '../../tools/fake-model/server';
import { sessionTurns } from '../../src/agent/session/session';
import { panelFrame, waitForStatus } from './helpers/panel';
import { call, type TurnContext } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';

const FILES: Record<string, string> = {
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
};
const FIRST_ANSWER = 'The greeting is built by "return `Hello, ${name}!`;" in src/greet.ts:2.';
const SECOND_ANSWER = 'It is declared as "export function greet(name: string): string" at src/greet.ts:1.';
const FOLLOW_UP = 'Where is that function declared?';

const isFollowUp = (t: TurnContext): boolean => t.question.includes('## Follow-up question');

let s: Session;

describe('A research session in the panel of a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      scenarios: {
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

function firstUser(r: RecordedRequest): string {
  const user = (r.body?.messages ?? []).find((m: { role: string }) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

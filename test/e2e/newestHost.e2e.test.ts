// A smoke subset of the e2e suite on the newest code-server (4.139.1: VS Code 1.139.1 on npm's Node 24),
// beside the pinned 4.100.3 the rest of the suite runs on, so the next VS Code change is found here first:
// a run to its answer in the panel, with run_code where isolated-vm cannot load (Node 24) so QuickJS runs;
// Insert Findings after the Welcome page replaced the document's editor; a quick pick left open while a
// run ends. The host is installed by `npm test` beside its first steps (tools/test.ts), or here on demand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { NEWEST_HOST } from '../../tools/e2e/install';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { startSession, type Session } from './helpers/session';
import { insertAfterTheWelcomePageReplacedTheEditor, pickStaysOpenWhileARunFinishes, SMOKE_FILES, SMOKE_SCENARIOS } from './helpers/smoke';

let s: Session;

describe(`the smoke subset on the newest VS Code (code-server ${NEWEST_HOST.codeServer})`, { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      host: NEWEST_HOST,
      files: { 'README.md': '# Demo workspace\n', ...SMOKE_FILES },
      scenarios: {
        ...SMOKE_SCENARIOS,
        ask: ({ step }) =>
          step === 0
            ? call('run_code', { language: 'javascript', code: '[1, 2, 3].map((n) => n * 7).join(",")' })
            : { content: 'Computed 7,14,21 with run_code; the workspace has a README.md:1.' },
      },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('a run answers in its panel; run_code runs JavaScript on QuickJS where isolated-vm cannot load', () =>
    s.step('newest-ask', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Compute something small [e2e:ask]');
      const frame = await panelFrame(s.page, '[e2e:ask]');
      await waitForStatus(frame, 'done');
      assert.match(await answerText(frame), /Computed 7,14,21/);
      const run = await s.finishedRun('[e2e:ask]');
      const result = run.events.find((e) => e.type === 'tool_result');
      assert.ok(result?.type === 'tool_result' && !result.isError, 'run_code answered');
      assert.match(result.content, /7,14,21/);
      assert.equal(result.details?.engine, 'quickjs', 'Node 24 cannot load the isolated-vm built for Node 20');
      await s.shot('newest-ask');
    })());

  it('Insert Findings after the Welcome page replaced the editor: the document is shown again, the findings at its cursor', () =>
    s.step('newest-insert-replaced', () => insertAfterTheWelcomePageReplacedTheEditor(s))());

  it('a quick pick open while a run ends stays open, with the keyboard', () =>
    s.step('newest-pick-open', () => pickStaysOpenWhileARunFinishes(s))());
});

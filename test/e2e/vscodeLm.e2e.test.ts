// VS Code's own models in the real host: with no endpoint configured, a run picks the chat model a
// (test-only) extension offers through vscode.lm, calls a workspace tool through it, and finishes.
// code-server 4.100.3 is VS Code 1.100, where a chat model provider is the proposed `chatProvider`
// API (vscode.lm.registerChatModelProvider); the fixture enables it, and the host is started with
// --enable-proposed-api for that one extension.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import type { FakeModel } from '../../tools/fake-model/server';
import { startLmProviderSession } from './helpers/lmProvider';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import type { Session } from './helpers/session';

let s: Session;
let lm: FakeModel;

describe("a run on VS Code's own model (vscode.lm) in a real VS Code", { timeout: 10 * 60_000 }, () => {
  before(async () => {
    ({ s, lm } = await startLmProviderSession());
  });

  after(async () => {
    await s?.close();
    await lm?.close();
  });

  it('with no endpoint set, the run picks the vscode.lm model, calls read_file through it, and finishes', () =>
    s.step('vscode-lm', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'What is the answer? [e2e:lm]');
      const frame = await panelFrame(s.page, '[e2e:lm]');
      await waitForStatus(frame, 'done', 120_000);
      assert.match(await answerText(frame), /The answer is 42/);
      const run = await s.finishedRun('[e2e:lm]');
      const start = run.events.find((e) => e.type === 'run_start');
      assert.ok(
        start?.type === 'run_start' && start.model.startsWith('research-copilot-tests/scripted/'),
        `model: ${start?.type === 'run_start' ? start.model : '?'}`,
      );
      const result = run.events.find((e) => e.type === 'tool_result');
      assert.ok(result?.type === 'tool_result' && result.name === 'read_file' && /export const answer = 42/.test(result.content));
      const chat = lm.requests.filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(chat.length, 2);
      assert.ok(
        (chat[0].body.tools as { function: { name: string } }[]).some((t) => t.function.name === 'read_file'),
        'the workspace tools reached the model through vscode.lm',
      );
      await s.shot('vscode-lm-run-done');
    })());
});

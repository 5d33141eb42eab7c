// @research in the Chat view of the real VS Code. code-server 4.100.3's product.json names no
// `defaultChatAgent`, so VS Code 1.100 hides its Chat view: the view's `when` is
// `(!chatSetupHidden && !chatSetupDisabled) || chatSetupInstalled || chatPanelParticipantRegistered ||
// chatExtensionInvalid`, and ChatEntitlementService sets chatSetupHidden when defaultChatAgent is absent.
// chatPanelParticipantRegistered is set when a participant declared `isDefault` (the proposed
// defaultChatParticipant API, as GitHub Copilot Chat does) is registered, so the test-only lm-provider-ext
// fixture declares one; with the chat model it also offers, the Chat view shows and @research answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../tools/e2e/driver';
import type { FakeModel } from '../../tools/fake-model/server';
import { startLmProviderSession } from './helpers/lmProvider';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { until, type Session } from './helpers/session';

let s: Session;
let lm: FakeModel;

describe('@research in the Chat view of a real VS Code', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    ({ s, lm } = await startLmProviderSession());
  });

  after(async () => {
    await s?.close();
    await lm?.close();
  });

  it('the Chat view shows, and @research runs the agent with tools and answers there', () =>
    s.step('chat-view', async () => {
      await runCommand(s.page, 'Chat: Focus on Chat View');
      const input = s.page.locator('.interactive-input-part .monaco-editor').first();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.click();
      await s.page.keyboard.type('@research What is the answer? [e2e:chat]', { delay: 20 });
      await s.page.waitForTimeout(500); // let the participant suggestion settle before Enter sends
      await s.page.keyboard.press('Enter');
      const response = s.page.locator('.interactive-item-container.interactive-response').last();
      await until('the answer in the Chat view', async () => /The answer is 42/.test(await response.innerText().catch(() => '')), 180_000);
      const text = await response.innerText();
      assert.match(text, /The answer is 42 \(src\/answer\.ts:1\)/);
      assert.match(text, /Show the whole trajectory/);
      await s.shot('chat-view-research-answer');

      const run = await s.finishedRun('[e2e:chat]');
      const start = run.events.find((e) => e.type === 'run_start');
      assert.ok(start?.type === 'run_start' && start.model.startsWith('research-copilot-tests/scripted'), JSON.stringify(start));
      const result = run.events.find((e) => e.type === 'tool_result');
      assert.ok(result?.type === 'tool_result' && result.name === 'read_file' && /export const answer = 42/.test(result.content));
      // Its button opens the same run in the panel, from the trajectory on disk.
      await s.page.locator('.interactive-response .monaco-button', { hasText: 'Show the whole trajectory' }).last().click();
      const frame = await panelFrame(s.page, '[e2e:chat]');
      await waitForStatus(frame, 'done', 30_000);
      assert.match(await answerText(frame), /The answer is 42/);
      const chat = lm.requests.filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(chat.length, 2);
      // The same tools as the panel's run, not only the workspace tools.
      const names = (chat[0].body.tools as { function: { name: string } }[]).map((t) => t.function.name);
      for (const n of ['read_file', 'search_text', 'run_code', 'fetch_url'])
        assert.ok(names.includes(n), `${n} offered in Chat: ${names.join(', ')}`);
    })());
});

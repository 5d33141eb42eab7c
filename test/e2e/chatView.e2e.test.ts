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
import type { Locator } from 'playwright-core';

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
      await wholeResponse(response, [/The answer is 42 \(src\/answer\.ts:1\)/, /Show the whole trajectory/]);
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

  it('a second @research message in the same chat is a follow-up in the same session: its request holds the first answer', () =>
    s.step('chat-follow-up', async () => {
      // Back from the panel the first test opened: the chat and its history are still there.
      await runCommand(s.page, 'Chat: Focus on Chat View');
      const asked = lm.requests.length;
      const input = s.page.locator('.interactive-input-part .monaco-editor').first();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.click();
      // @research is sticky: the box may already start with it.
      await s.page.keyboard.press('Control+A');
      await s.page.keyboard.press('Backspace');
      await s.page.keyboard.type('@research And how is it exported? [e2e:chat2]', { delay: 20 });
      await s.page.waitForTimeout(500);
      await s.page.keyboard.press('Enter');
      const response = s.page.locator('.interactive-item-container.interactive-response').last();
      const text = await wholeResponse(response, [
        /Follow-up: answer is exported as a const \(src\/answer\.ts:1\)\./,
        /Sources:/,
        /Show the whole trajectory/,
      ]);
      assert.match(text, /Used 1 reference/, 'the verified source among the references');
      await s.shot('chat-view-follow-up');

      const followUp = lm.requests.slice(asked).filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(followUp.length, 1, 'answered from the record, without a tool call');
      const sent = JSON.stringify(followUp[0].body.messages);
      assert.ok(sent.includes('The answer is 42 (src/answer.ts:1).'), 'the first answer travels with the follow-up');
      assert.ok(sent.includes('export const answer = 42;'), 'and the line it cited');
      // One session: the first question's trajectory now holds both.
      const run = await s.finishedRun('[e2e:chat]');
      const turns = run.events.filter((e) => e.type === 'session_turn');
      assert.equal(turns.length, 1);
      assert.match(turns[0].type === 'session_turn' ? turns[0].question : '', /\[e2e:chat2\]/);
      assert.equal(run.events.at(-1)?.type, 'run_end');
    })());
});

/** A response's text once every part is there: the Chat view renders a streamed answer a piece at a time. */
function wholeResponse(response: Locator, parts: RegExp[]): Promise<string> {
  return until(
    `a response with ${parts.map(String).join(', ')}`,
    async () => {
      const t = await response.innerText().catch(() => '');
      return parts.every((re) => re.test(t)) ? t : undefined;
    },
    180_000,
  );
}

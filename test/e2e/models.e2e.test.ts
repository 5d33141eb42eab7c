// The models a run can use, in one real VS Code (code-server 4.100.3, VS Code 1.100) with no endpoint set:
//
// - VS Code's own model (vscode.lm). A test-only extension (test/e2e/fixtures/lm-provider-ext) offers a
//   chat model through the proposed `chatProvider` API (vscode.lm.registerChatModelProvider; the host is
//   started with --enable-proposed-api for that one extension), backed by a scripted server. A run from
//   the palette picks it, calls read_file through it and finishes.
// - @research in the Chat view. code-server 4.100.3's product.json names no `defaultChatAgent`, so VS Code
//   1.100 hides its Chat view: the view's `when` is `(!chatSetupHidden && !chatSetupDisabled) ||
//   chatSetupInstalled || chatPanelParticipantRegistered || chatExtensionInvalid`, and
//   ChatEntitlementService sets chatSetupHidden when defaultChatAgent is absent.
//   chatPanelParticipantRegistered is set when a participant declared `isDefault` (the proposed
//   defaultChatParticipant API, as GitHub Copilot Chat does) is registered, so the fixture declares one;
//   with the chat model it also offers, the Chat view shows and @research answers, and a second message
//   continues the session.
// - Copilot agent mode's path: another test-only extension calls our Language Model Tools through
//   vscode.lm.invokeTool (helpers/lmToolsSuite.ts).
// - "Research Copilot: Choose Model", last, since it writes the settings: through the palette pick the
//   vLLM preset, point it at a scripted server that answers GET /v1/models as vLLM does, see the served
//   models listed, pick one, check what was written to the user settings and that the next run asks the
//   endpoint for that model.
//
// One session for the four (each session costs about 10 s of start-up); each test counts only the
// requests it caused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { runCommand, typeIntoQuickInput, waitForNotification } from '../../tools/e2e/driver';
import { startFakeModel, type FakeModel } from '../../tools/fake-model/server';
import { startLmProviderSession } from './helpers/lmProvider';
import { describeLmTools, lmToolsSetup, type LmToolsSetup } from './helpers/lmToolsSuite';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call, scenarioScript } from './helpers/scriptedModel';
import { until, type Session } from './helpers/session';

const MIRO = 'miromind-ai/MiroThinker-v1.0-8B';
const QWEN = 'Qwen/Qwen3-8B';

// vLLM's /v1/models entry (vllm/entrypoints/openai/protocol.py ModelCard: id, object "model", created,
// owned_by "vllm", root, parent, max_model_len, permission[ModelPermission]); `created` is added by the server.
const vllmCard = (id: string, maxModelLen: number) => ({
  id,
  owned_by: 'vllm',
  root: id,
  parent: null,
  max_model_len: maxModelLen,
  permission: [
    {
      id: 'modelperm-5c1bd0e0f6c94bb5a1a3c1f5d0f4a0d1',
      object: 'model_permission',
      created: 1735689600,
      allow_create_engine: false,
      allow_sampling: true,
      allow_logprobs: true,
      allow_search_indices: false,
      allow_view: true,
      allow_fine_tuning: false,
      organization: '*',
      group: null,
      is_blocking: false,
    },
  ],
});

let s: Session;
let lm: FakeModel;
let vllm: FakeModel;
let lmTools: LmToolsSetup | undefined;

/** Waits until the quick input shows a title matching `title` (so nothing is typed into the previous one). */
async function quickInputTitled(page: Page, title: RegExp): Promise<void> {
  await until(`a quick input titled ${title}`, async () => {
    const t = await page
      .locator('.quick-input-widget .quick-input-title')
      .innerText({ timeout: 500 })
      .catch(() => '');
    return title.test(t);
  });
}

before(async () => {
  vllm = await startFakeModel({
    models: [vllmCard(MIRO, 65536), vllmCard(QWEN, 40960)],
    script: scenarioScript({
      chosen: ({ step }) =>
        step === 0 ? call('read_file', { path: 'src/answer.ts' }) : { content: 'The answer is 42 (src/answer.ts:1).' },
    }),
  });
  lmTools = await lmToolsSetup();
  ({ s, lm } = await startLmProviderSession(lmTools));
  lmTools.started(s);
});

after(async () => {
  await s?.close();
  await lm?.close();
  await vllm?.close();
  lmTools?.cleanup();
});

describe("a run on VS Code's own model (vscode.lm) in a real VS Code", { timeout: 10 * 60_000 }, () => {
  it('with no endpoint set, the run picks the vscode.lm model, calls read_file through it, and finishes', () =>
    s.step('vscode-lm', async () => {
      const asked = lm.requests.length;
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
      const chat = lm.requests.slice(asked).filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(chat.length, 2);
      assert.ok(
        (chat[0].body.tools as { function: { name: string } }[]).some((t) => t.function.name === 'read_file'),
        'the workspace tools reached the model through vscode.lm',
      );
      await s.shot('vscode-lm-run-done');
    })());
});

describe('@research in the Chat view of a real VS Code', { timeout: 10 * 60_000 }, () => {
  it('the Chat view shows, and @research runs the agent with tools and answers there', () =>
    s.step('chat-view', async () => {
      const asked = lm.requests.length;
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
      const chat = lm.requests.slice(asked).filter((r) => r.path.endsWith('/chat/completions'));
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

describeLmTools(() => ({ s, setup: lmTools ?? assert.fail('the Language Model Tools set-up did not run') }));

describe('Choose Model in a real VS Code', { timeout: 10 * 60_000 }, () => {
  it("picks the vLLM preset, lists the endpoint's models, writes the settings of the one picked", () =>
    s.step('choose-model', async () => {
      await runCommand(s.page, 'Research Copilot: Choose Model');
      await quickInputTitled(s.page, /Research Copilot: Choose Model/);
      await typeIntoQuickInput(s.page, 'vLLM');
      await quickInputTitled(s.page, /vLLM: base URL/);
      await typeIntoQuickInput(s.page, vllm.url);
      await quickInputTitled(s.page, /vLLM: model/);
      const rows = s.page.locator('.quick-input-widget .quick-input-list .monaco-list-row:visible .label-name:visible');
      const listed = await until('the served models listed', async () => {
        const texts = (await rows.allInnerTexts()).map((t) => t.trim());
        return texts.some((t) => t.includes(QWEN)) ? texts : undefined;
      });
      assert.deepEqual(listed, [MIRO, QWEN]);
      assert.match(
        (await s.page.locator('.quick-input-widget .quick-input-box input').getAttribute('placeholder')) ?? '',
        /2 models served at/,
      );
      await s.shot('choose-model-models-listed');
      assert.ok(
        vllm.requests.some((r) => r.method === 'GET' && r.path === '/v1/models'),
        'the models came from GET /v1/models',
      );
      await typeIntoQuickInput(s.page, 'Qwen3');
      await waitForNotification(s.page, `Research Copilot will use ${QWEN} at ${vllm.url}.`, 30_000);
      const settings = await until('the settings written', () => {
        const u = s.userSettings();
        return u['researchCopilot.contextWindow'] !== undefined ? u : undefined;
      });
      assert.equal(settings['researchCopilot.provider'], 'openai-compatible');
      assert.equal(settings['researchCopilot.baseUrl'], vllm.url);
      assert.equal(settings['researchCopilot.model'], QWEN);
      assert.equal(settings['researchCopilot.protocol'], 'auto');
      assert.equal(settings['researchCopilot.contextWindow'], 40960, "vLLM's max_model_len of the model picked");
      await s.page.keyboard.press('Escape');
    })());

  it('the next run asks the endpoint for the model picked', () =>
    s.step('choose-model-run', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'What is the answer? [e2e:chosen]');
      const frame = await panelFrame(s.page, '[e2e:chosen]');
      await waitForStatus(frame, 'done', 120_000);
      assert.match(await answerText(frame), /The answer is 42/);
      const chats = vllm.requests.filter((r) => r.path === '/v1/chat/completions');
      assert.equal(chats.length, 2);
      assert.deepEqual(
        chats.map((r) => r.body.model),
        [QWEN, QWEN],
      );
      const run = await s.finishedRun('[e2e:chosen]');
      const start = run.events.find((e) => e.type === 'run_start');
      assert.ok(start?.type === 'run_start' && start.model.includes(QWEN), JSON.stringify(start));
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

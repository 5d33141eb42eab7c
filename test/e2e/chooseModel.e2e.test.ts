// "Research Copilot: Choose Model" in the real VS Code: through the palette pick the vLLM preset, point it
// at a scripted server that answers GET /v1/models as vLLM does, see the served models listed, pick one,
// and check what was written to the user settings and that the next run asks for that model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand, typeIntoQuickInput, waitForNotification } from '../../tools/e2e/driver';
import { startFakeModel, type FakeModel } from '../../tools/fake-model/server';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call, scenarioScript } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';

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
let vllm: FakeModel;

const userSettings = () => JSON.parse(readFileSync(join(s.host.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;

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

describe('Choose Model in a real VS Code', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    vllm = await startFakeModel({
      models: [vllmCard(MIRO, 65536), vllmCard(QWEN, 40960)],
      script: scenarioScript({
        chosen: ({ step }) =>
          step === 0 ? call('read_file', { path: 'src/answer.ts' }) : { content: 'The answer is 42 (src/answer.ts:1).' },
      }),
    });
    s = await startSession({ files: { 'src/answer.ts': 'export const answer = 42;\n' }, scenarios: {}, noEndpoint: true });
  });

  after(async () => {
    await s?.close();
    await vllm?.close();
  });

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
        const u = userSettings();
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

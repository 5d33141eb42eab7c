// In the real VS Code: a budget pause in the panel (Continue with a new budget, then the run finishes),
// and Test Connection's diagnosis for a refused key and for a server without tool support.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCommand, typeIntoQuickInput, waitForNotification } from '../../tools/e2e/driver';
import { startFakeModel, type FakeModel } from '../../tools/fake-model/server';
import { answerText, panelFrame, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { startSession, until, type Session } from './helpers/session';

const usage = { prompt_tokens: 1000, completion_tokens: 100 };
let s: Session;
let refusing: FakeModel;
let noTools: FakeModel;

before(async () => {
  // OpenAI's answer to a wrong key: 401 invalid_api_key on every endpoint.
  refusing = await startFakeModel({ script: [], apiKey: 'sk-the-right-key' });
  // Ollama's answer for a model without tool support (ollama/ollama#5793, #14795).
  noTools = await startFakeModel({
    models: [{ id: 'gemma3:4b' }],
    script: () => ({
      fault: 'http',
      status: 400,
      body: JSON.stringify({
        error: { message: 'registry.ollama.ai/library/gemma3:4b does not support tools', type: 'api_error', param: null, code: null },
      }),
    }),
  });
});
after(async () => {
  await refusing?.close();
  await noTools?.close();
});

describe('a budget pause in a real VS Code', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: { 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n', 'src/c.ts': 'export const c = 3;\n' },
      scenarios: {
        budget: ({ step }) =>
          step < 3 ? call('read_file', { path: `src/${'abc'[step]}.ts` }, { usage }) : { content: 'a + b + c = 6 (src/a.ts:1).', usage },
      },
      settings: {
        'researchCopilot.budget.tokens': 2000,
        'researchCopilot.pricing.inputPerMillion': 2,
        'researchCopilot.pricing.outputPerMillion': 8,
      },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('a budget pause shows in the panel; Continue with a new budget finishes the run, nothing repeated', () =>
    s.step('budget', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Add up a, b and c [e2e:budget]');
      const frame = await panelFrame(s.page, '[e2e:budget]');
      const bar = frame.locator('.budget-bar');
      await bar.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await bar.innerText(), /Budget reached: 2,200 tokens \(\$0\.0056\) of 2,000 tokens/);
      assert.match(await frame.locator('header').innerText(), /2\.0k in \/ 200 out · \$0\.0056/);
      await s.shot('budget-paused');
      assert.equal(s.model.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 2, 'paused before the third call');
      assert.equal(await frame.locator('.budget-tokens').inputValue(), '4000', 'suggests twice the budget');
      await frame.locator('#budget-continue').click();
      await waitForStatus(frame, 'done', 60_000);
      assert.match(await answerText(frame), /a \+ b \+ c = 6/);
      const run = await s.finishedRun('[e2e:budget]');
      const types = run.events.map((e) => e.type);
      assert.deepEqual(
        types.filter((t) => t === 'budget_paused' || t === 'budget_resumed'),
        ['budget_paused', 'budget_resumed'],
      );
      const reads = run.events.flatMap((e) => (e.type === 'tool_call' ? [(e.args as { path: string }).path] : []));
      assert.deepEqual(reads, ['src/a.ts', 'src/b.ts', 'src/c.ts']);
      await s.shot('budget-continued-done');
    })());
});

describe('Test Connection: a refused key', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: { 'README.md': '# test\n' },
      scenarios: {},
      settings: { 'researchCopilot.baseUrl': refusing.url, 'researchCopilot.model': 'gpt-4o-mini' },
    });
  });
  after(async () => {
    await s?.close();
  });

  it('Test Connection names a refused key and offers Set API Key', () =>
    s.step('refused-key', async () => {
      await runCommand(s.page, 'Research Copilot: Test Connection');
      const n = await waitForNotification(s.page, /refused the API key/, 60_000);
      assert.equal(n.severity, 'error');
      assert.match(n.message, /refused the API key \(401\): Incorrect API key provided/);
      assert.ok(!n.message.includes('sk-e2e-secret'), 'the key itself is never shown');
      assert.ok(await s.page.locator('.notification-toast .monaco-button', { hasText: 'Set API Key' }).first().isVisible());
      await s.shot('test-connection-refused-key');
      await s.page.keyboard.press('Escape');
    })());
});

describe('Test Connection: a server without tool support', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: { 'README.md': '# test\n' },
      scenarios: {},
      settings: { 'researchCopilot.baseUrl': noTools.url, 'researchCopilot.model': 'gemma3:4b' },
    });
  });
  after(async () => {
    await s?.close();
  });

  it('Test Connection diagnoses a server without tool support and switches to mirothinker-xml', () =>
    s.step('no-tools', async () => {
      await runCommand(s.page, 'Research Copilot: Test Connection');
      const n = await waitForNotification(s.page, /refused a request with tools/, 60_000);
      assert.match(n.message, /does not support tools/);
      assert.match(n.message, /mirothinker-xml/);
      await s.shot('test-connection-no-tools');
      await s.page.locator('.notification-toast .monaco-button', { hasText: 'Use mirothinker-xml' }).first().click();
      await until('protocol set to mirothinker-xml', () => s.userSettings()['researchCopilot.protocol'] === 'mirothinker-xml', 15_000);
    })());
});

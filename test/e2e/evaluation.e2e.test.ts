// "Research Copilot: Run Evaluation" in a real VS Code (code-server), driven through the palette and
// the file dialog, on the repository's sample set (eval/samples/picomatch.jsonl: 24 questions about
// node_modules/picomatch) against a scripted model that answers a question right only after K real
// tool calls (K = 1, 2 or 3 by question). The budgets 1, 2, 4 therefore give 33.3%, 66.7% and 100%.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT, findWebviewFrame, runCommand } from '../../tools/e2e/driver';
import { startFakeModel, type FakeModel, type RecordedRequest, type Step } from '../../tools/fake-model/server';
import { panelFrame } from './helpers/panel';
import { startSession, until, type Session } from './helpers/session';

const SAMPLE = join(REPO_ROOT, 'eval', 'samples', 'picomatch.jsonl');
const TASKS = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l, i) => {
    const t = JSON.parse(l) as { id: string; question: string; answer: string; check: { file?: string } };
    return { ...t, needs: (i % 3) + 1 };
  });

/** Real tool calls into the sample's workspace, then the gold answer once K results were read. */
function sampleModel(req: RecordedRequest): Step {
  const body = req.body as { messages: { role: string; content: string }[]; tools?: unknown[] };
  const question = body.messages.find((m) => m.role === 'user')?.content ?? '';
  const task = TASKS.find((t) => question.startsWith(t.question));
  if (!task) return { content: `not a sample question: ${question.slice(0, 80)}` };
  const seen = body.messages.filter((m) => m.role === 'tool').length;
  if (seen < task.needs && body.tools?.length) {
    const calls = [
      { name: 'find_files', arguments: JSON.stringify({ pattern: '*.js' }) },
      { name: 'read_file', arguments: JSON.stringify({ path: task.check.file ?? 'package.json', end_line: 40 }) },
      { name: 'search_text', arguments: JSON.stringify({ query: 'module.exports' }) },
    ];
    return { toolCalls: [calls[seen]], reasoning: `Step ${seen + 1} of ${task.needs} for ${task.id}.` };
  }
  return { content: seen >= task.needs ? `Found in the code. \\boxed{${task.answer}}` : 'Out of tool calls. \\boxed{unknown}' };
}

const BOX = '.quick-input-widget .quick-input-box input';

/**
 * code-server's open dialog is VS Code's simple file dialog: a quick input that takes a path. It
 * fills in its starting folder a moment after it opens and rewrites the value as it navigates, so:
 * wait for that folder, type the dataset's folder (the dialog moves there), pick the file from the
 * list, and accept.
 */
async function pickFile(page: Page, path: string): Promise<void> {
  const box = page.locator(BOX);
  await until('the file dialog to show its folder', async () => (await box.inputValue().catch(() => '')).endsWith('/'), 30_000);
  const name = path.split('/').at(-1)!;
  const folder = path.slice(0, -name.length);
  await box.fill(folder);
  const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: name }),
  });
  // The dialog may rewrite the value while it navigates (the second time it opens it starts in the
  // folder it last showed, and can complete the only matching name): type the folder again until it
  // holds, or accept the completed path as it is.
  let typedAt = Date.now();
  await until(
    'the dialog to be in the folder',
    async () => {
      const value = await box.inputValue().catch(() => '');
      if (value === folder || value === path) return true;
      if (Date.now() - typedAt > 2_000) {
        typedAt = Date.now();
        await box.fill(folder).catch(() => undefined);
      }
      return false;
    },
    30_000,
  );
  if ((await box.inputValue()) !== path) {
    await item.first().waitFor({ state: 'visible', timeout: 15_000 });
    await item.first().click();
  }
  await until('the file to be chosen', async () => !(await box.isVisible()) || (await box.inputValue()) === path, 15_000);
  if (await box.isVisible()) await box.press('Enter');
  await until('the file dialog to close', async () => !(await box.isVisible()), 15_000);
}

let s: Session;
let model: FakeModel;

describe('Run Evaluation in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    model = await startFakeModel({ script: sampleModel });
    s = await startSession({
      files: { 'README.md': '# Evaluation workspace\n' },
      scenarios: {},
      settings: { 'researchCopilot.baseUrl': model.url, 'researchCopilot.eval.budgets': [1, 2, 4], 'researchCopilot.eval.concurrency': 4 },
    });
  });

  after(async () => {
    await s?.close();
    await model?.close();
  });

  it('runs the sample set, shows the runs and the report with its chart, opens a task run as an ordinary run', () =>
    s.step('evaluation', async () => {
      await runCommand(s.page, 'Research Copilot: Run Evaluation', 120_000);
      await pickFile(s.page, SAMPLE);
      const report = await findWebviewFrame(s.page, '#accuracy-chart svg', 8 * 60_000);
      await s.shot('evaluation-report');
      const rows = await report.locator('table.summary tbody tr').allInnerTexts();
      assert.equal(rows.length, 3);
      assert.match(rows[0], /^1\s+24\s+33\.3%\s+0\.0%\s+33\.3%/);
      assert.match(rows[1], /^2\s+24\s+66\.7%/);
      assert.match(rows[2], /^4\s+24\s+100\.0%/);
      assert.equal((await report.locator('section.chart svg').count()) >= 3, true, 'three charts');
      assert.match(await report.locator('#accuracy-chart').innerText(), /Accuracy against tool-call budget/);
      assert.equal(await report.locator('table.runs tbody tr').count(), 72);
      assert.match(await report.locator('p.note').innerText(), /All 72 runs done/);

      // Each task run is an ordinary run: its trajectory is in the run store, and Open run shows it in the panel.
      const stored = readdirSync(s.runsDir).filter((f) => f.endsWith('.jsonl'));
      assert.equal(stored.length, 72);
      const first = report
        .locator('table.runs tbody tr')
        .filter({ has: report.locator('td:nth-child(1)', { hasText: /^pm-max-length-file$/ }) })
        .filter({ has: report.locator('td:nth-child(2)', { hasText: /^4$/ }) });
      await first.locator('button.open-run').click();
      const runPanel = await panelFrame(s.page, 'Which file (path relative to the package root) defines MAX_LENGTH?');
      await until(
        'the run panel to show the answer',
        async () => /lib\/constants\.js/.test(await runPanel.locator('body').innerText()),
        30_000,
      );
      await s.shot('evaluation-open-run');
      const results = join(s.host.userDataDir, 'User', 'globalStorage', 'research-copilot.research-copilot', 'evaluations');
      const dir = readdirSync(results).find((d) => d.startsWith('picomatch.jsonl-'))!;
      for (const f of ['results.jsonl', 'summary.json', 'report.md', 'report.html']) assert.ok(existsSync(join(results, dir, f)), f);
    })());

  it('running it again resumes: finished runs are not redone', () =>
    s.step('evaluation-resume', async () => {
      const before = model.requests.length;
      const finished = () => (s.extensionLog().match(/evaluation finished: 72\/72 runs/g) ?? []).length;
      assert.equal(finished(), 1);
      await runCommand(s.page, 'Research Copilot: Run Evaluation', 120_000);
      await pickFile(s.page, SAMPLE);
      await until('the second evaluation to end', () => finished() === 2, 120_000);
      assert.equal(model.requests.length, before, 'no model call: every cell was already finished');
      await s.shot('evaluation-resumed');
    })());
});

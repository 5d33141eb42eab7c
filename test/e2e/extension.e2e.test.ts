// The packaged extension in a real VS Code (code-server), driven through the command palette and the
// UI only, against a scripted OpenAI-compatible model on 127.0.0.1. One VS Code for the whole file;
// each test's question carries a tag that routes the model to that test's script.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { answerCommand, openFile, runCommand, typeIntoQuickInput, waitForNotification } from '../../tools/e2e/driver';
import { answerText, clickHeaderButton, headerToolCalls, panelFrame, renderedRowsText, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { API_KEY, startSession, until, type Session } from './helpers/session';
import { changedOnDisk, focusEditor, save, selectLine, setStringSetting } from './helpers/editor';
import { insertAfterTheWelcomePageReplacedTheEditor, pickStaysOpenWhileARunFinishes, SMOKE_FILES, SMOKE_SCENARIOS } from './helpers/smoke';

const GREET_TS = `export function greet(name: string): string {\n  return \`Hello, \${name}!\`;\n}\n`;

// Each payload would set data-pwned on the webview's <body> if it ever ran.
const PAYLOADS = [
  '<img src=x onerror="document.body.dataset.pwned=\'img\'">',
  '<script>document.body.dataset.pwned="script"</script>',
  '<svg onload="document.body.dataset.pwned=\'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.document.body.dataset.pwned=1</script>"></iframe>',
  '[click me](javascript:document.body.dataset.pwned="link")',
  '<a href="javascript:document.body.dataset.pwned=\'a\'">a</a>',
  '<details open ontoggle="document.body.dataset.pwned=\'details\'">x</details>',
  '<style>body{background:red}</style>',
];
const HOSTILE = `<html><body><h1>Docs</h1>\n${PAYLOADS.join('\n')}\n</body></html>\n`;

const FILES: Record<string, string> = {
  'src/greet.ts': GREET_TS,
  'src/main.ts': `import { greet } from './greet';\nconsole.log(greet('world'));\n`,
  'notes.md': '# Notes\n\nThe config loader lives somewhere in src.\nEmpty name? [e2e:selection]\n',
  'hostile.html': HOSTILE,
  'doc.md': '# Findings\n\nIntro paragraph.\n',
  'README.md': '# Demo workspace\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "commonjs" }, "include": ["src"] }\n',
  ...SMOKE_FILES,
};

let s: Session;

describe('Research Copilot in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      // editUserSettings types JSON: keep the editor from adding brackets and quotes of its own.
      settings: { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoIndent': 'none' },
      scenarios: {
        ...SMOKE_SCENARIOS,
        ask: ({ step }) =>
          [
            call('search_text', { query: 'greet' }, { reasoning: 'Look for where greet is defined.' }),
            call('read_file', { path: 'src/greet.ts' }),
            { content: 'The greeting comes from `greet()` in src/greet.ts:1, which returns `Hello, NAME!`; src/main.ts:2 calls it.' },
          ][Math.min(step, 2)],
        selection: ({ step, question }) =>
          step === 0
            ? call('read_file', { path: 'src/greet.ts' })
            : {
                content:
                  question.includes('(selected in notes.md:4)') && question.includes('Empty name? [e2e:selection]')
                    ? 'Selection from notes.md:4 received. For an empty name, `greet("")` returns `Hello, !` (src/greet.ts:2).'
                    : `The selection did not arrive. Question was: ${question}`,
              },
        insert: ({ step }) =>
          step === 0
            ? call('read_file', { path: 'src/greet.ts' })
            : { content: 'Findings to insert: `greet()` is defined at src/greet.ts:1 and returns `Hello, NAME!`.' },
        reload: ({ step }) =>
          [
            call('search_text', { query: 'greet' }),
            call('read_file', { path: 'src/greet.ts' }),
            { content: 'Reload check: the greeting is defined at src/greet.ts:1.' },
          ][Math.min(step, 2)],
        write: ({ step, lastObservation }) => {
          if (step === 0) return call('write_file', { path: 'drafts/new.md', content: '# Draft\n\nWritten by the agent.\n' });
          if (step === 1) {
            if (!/denied|rejected/i.test(lastObservation)) return { content: `Expected a denial, got: ${lastObservation}` };
            // edit_file refuses a file the run has not read (the egress guard's "read it first").
            return call('read_file', { path: 'notes.md' });
          }
          if (step === 2)
            return call('edit_file', { path: 'notes.md', old_text: 'lives somewhere in src.', new_text: 'lives in src/config.ts.' });
          return { content: `Done. Last observation: ${lastObservation.slice(0, 200)}` };
        },
        stop: () => call('list_directory', { path: '.' }, { delayMs: 150, content: 'Listing the folder again to be thorough.' }),
        language: ({ step, lastObservation }) =>
          [
            call('go_to_definition', { path: 'src/main.ts', line: 2, symbol: 'greet' }),
            call('workspace_symbols', { query: 'greet' }),
            call('find_references', { path: 'src/greet.ts', line: 1, symbol: 'greet' }),
            { content: `Symbols: ${lastObservation}` },
          ][Math.min(step, 3)],
        code: ({ step }) =>
          [
            call('run_code', { language: 'javascript', code: '[1, 2, 3, 4].map((n) => n * n).reduce((a, b) => a + b)' }),
            call('run_code', { language: 'javascript', code: 'typeof process + "/" + typeof require + "/" + typeof fetch' }),
            call('run_code', { language: 'python', code: 'import statistics\nstatistics.median([3, 1, 4, 1, 5, 9, 2, 6])' }),
            call('run_code', { language: 'javascript', code: 'while (true) {}', timeout_ms: 1500 }),
            call('run_code', { language: 'javascript', code: '6 * 7' }),
            { content: 'Computed.' },
          ][Math.min(step, 5)],
        hostile: ({ step }) =>
          step === 0
            ? call('read_file', { path: 'hostile.html' }, { content: PAYLOADS.slice(0, 3).join(' ') })
            : { content: `Here is what the page says:\n\n${PAYLOADS.join('\n\n')}\n\nEnd of answer.`, reasoning: PAYLOADS[0] },
      },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('Ask About This Codebase: the panel opens beside the editor, steps appear, the answer appears, the trajectory is on disk', () =>
    s.step('ask', async () => {
      await openFile(s.page, 'README.md');
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Where is the greeting defined? [e2e:ask]');
      const frame = await panelFrame(s.page, '[e2e:ask]');
      await waitForStatus(frame, 'done');
      const answer = await answerText(frame);
      assert.match(answer, /src\/greet\.ts:1/);
      assert.equal(await headerToolCalls(frame), 2);
      const rows = await renderedRowsText(frame);
      assert.match(rows, /search_text/);
      assert.match(rows, /read_file/);
      assert.match(rows, /Hello, \$\{name\}!/, 'the read_file observation shows the file');
      // Beside the editor: the workbench has two editor groups, the panel in the second.
      assert.equal(await s.page.locator('.editor-group-container').count(), 2);
      await s.shot('ask-codebase-answer');

      const run = await s.finishedRun('[e2e:ask]');
      const end = run.events.at(-1)!;
      assert.equal(end.type === 'run_end' && end.stopReason, 'answered');
      assert.equal(run.events.filter((e) => e.type === 'tool_result').length, 2);
      assert.ok(!readFileSync(run.path, 'utf8').includes(API_KEY), 'no API key in the trajectory');
      // The model was called with the key from RESEARCH_COPILOT_API_KEY.
      assert.equal(s.model.requests.at(-1)?.headers.authorization, `Bearer ${API_KEY}`);
    })());

  it('Research This on a selection: the selected text and its place become the question', () =>
    s.step('selection', async () => {
      await openFile(s.page, 'notes.md');
      await selectLine(s, 4);
      await runCommand(s.page, 'Research Copilot: Research This');
      const frame = await panelFrame(s.page, '[e2e:selection]');
      await waitForStatus(frame, 'done');
      assert.match(await frame.locator('.hdr .question').innerText(), /selected in notes\.md:4/);
      // Each citation carries a status mark (its own element), so the text is compared with whitespace folded.
      assert.match((await answerText(frame)).replace(/\s+/g, ' '), /Selection from notes\.md:4 received/);
      await s.shot('research-this-selection');
    })());

  it('Insert Findings into a Markdown file (on disk after save), one undo removes it; the panel button does the same', () =>
    s.step('insert', async () => {
      // Its own run, so this test needs no other test to have run first.
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'What should go into doc.md? [e2e:insert]');
      await waitForStatus(await panelFrame(s.page, '[e2e:insert]'), 'done');
      const file = join(s.workspace, 'doc.md');
      const original = readFileSync(file, 'utf8');
      await openFile(s.page, 'doc.md');
      await focusEditor(s, 'doc.md');
      await s.page.keyboard.press('Control+End');
      await s.page
        .locator('.statusbar-item', { hasText: /Ln 4, Col 1/ })
        .first()
        .waitFor({ timeout: 10_000 });
      await runCommand(s.page, 'Research Copilot: Insert Findings');
      await save(s);
      const inserted = await changedOnDisk(file, original);
      assert.ok(inserted.startsWith(original), 'inserted at the cursor, at the end');
      assert.match(inserted, /Findings to insert: `greet\(\)` is defined/, "the latest run's answer");
      assert.match(inserted, /\*\*Sources\*\*/);
      assert.match(inserted, /src\/greet\.ts/, 'with its sources');
      await s.shot('insert-findings');

      await s.page.keyboard.press('Control+Z');
      await save(s);
      await until('one undo to restore doc.md', () => readFileSync(file, 'utf8') === original);

      // The panel's button, with the Markdown editor still the one to insert into.
      const frame = await panelFrame(s.page, '[e2e:insert]');
      await clickHeaderButton(frame, 'insert-findings');
      await focusEditor(s, 'doc.md');
      await save(s);
      await until('the panel button to insert', () => readFileSync(file, 'utf8') !== original);
      assert.match(readFileSync(file, 'utf8'), /Findings to insert/);
      await s.page.keyboard.press('Control+Z');
      await save(s);
      await until('undo again', () => readFileSync(file, 'utf8') === original);
    })());

  it('A write proposed by the model shows a diff; Reject leaves the disk alone, Accept changes the file', () =>
    s.step('write', async () => {
      const notes = join(s.workspace, 'notes.md');
      const before = readFileSync(notes, 'utf8');
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Draft a note and fix the notes [e2e:write]');
      const frame = await panelFrame(s.page, '[e2e:write]');
      const card = frame.locator('.approval').first();
      await card.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await card.innerText(), /write_file[\s\S]*drafts\/new\.md/);
      assert.match(await card.locator('.diff').innerText(), /Written by the agent\./);
      await s.shot('approval-write-file');
      await card.locator('[data-decision="reject"]').click();

      const edit = frame.locator('.approval', { hasText: 'edit_file' });
      await edit.waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(!existsSync(join(s.workspace, 'drafts', 'new.md')), 'rejected: no file written');
      assert.match(await edit.locator('.diff').innerText(), /lives in src\/config\.ts\./);
      await s.shot('approval-edit-file');
      await edit.locator('[data-decision="accept"]').click();
      await waitForStatus(frame, 'done');
      const after = await changedOnDisk(notes, before);
      assert.equal(after, before.replace('lives somewhere in src.', 'lives in src/config.ts.'));
      assert.ok(!existsSync(join(s.workspace, 'drafts', 'new.md')));
      const run = s.run('[e2e:write]')!;
      const results = run.events.filter((e) => e.type === 'tool_result');
      assert.equal(results.length, 3);
      assert.ok(results[0].type === 'tool_result' && results[0].isError, 'the rejection is an error observation');
    })());

  it('Stop during a long run: the panel and the trajectory file say it was stopped', () =>
    s.step('stop', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Keep listing forever [e2e:stop]');
      const frame = await panelFrame(s.page, '[e2e:stop]');
      await until('three tool calls', async () => (await headerToolCalls(frame)) >= 3, 60_000);
      await clickHeaderButton(frame, 'stop');
      await waitForStatus(frame, 'stopped');
      await s.shot('stopped');
      const run = await s.finishedRun('[e2e:stop]');
      const end = run.events.at(-1)!;
      assert.equal(end.type === 'run_end' && end.stopReason, 'cancelled');
      // Nothing more is asked of the model once stopped.
      const asked = s.model.requests.length;
      await s.page.waitForTimeout(1000); // long enough for another 150 ms-per-chunk turn to have started
      assert.equal(s.model.requests.length, asked);
    })());

  it('Hostile HTML in an answer, a thought and an observation is shown as text and never runs', () =>
    s.step('hostile', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Summarise hostile.html [e2e:hostile]');
      const frame = await panelFrame(s.page, '[e2e:hostile]');
      await waitForStatus(frame, 'done');
      const answer = await answerText(frame);
      assert.match(answer, /End of answer\./);
      // Expand every collapsed observation so all of it is in the DOM.
      for (const b of await frame.locator('button[data-action="toggle"]').all()) await b.click().catch(() => {});
      const rows = await renderedRowsText(frame);
      assert.ok(rows.includes('<img src=x onerror='), 'the observation shows the markup as text');
      assert.ok(answer.includes('<script>document.body.dataset.pwned="script"</script>'), 'the answer shows the markup as text');
      const found = (await frame.evaluate(`(() => {
      const app = document.querySelector('#app');
      return {
        pwned: document.body.dataset.pwned ?? null,
        elements: app.querySelectorAll('img, script, svg, iframe, details, style, object, embed').length,
        handlers: [...app.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        badLinks: [...app.querySelectorAll('a[href]')].filter((a) => !/^https?:/i.test(a.getAttribute('href'))).length,
      };
    })()`)) as { pwned: string | null; elements: number; handlers: number; badLinks: number };
      assert.deepEqual(found, { pwned: null, elements: 0, handlers: 0, badLinks: 0 });
      await s.shot('hostile-html-as-text');
      assert.equal(await s.page.locator('.editor-group-container').count(), 2, 'every run opens in the one column beside the editor');
    })());

  it("VS Code's language features are tools: references, definition and workspace symbols from the TypeScript server", () =>
    s.step('language', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Who calls greet? [e2e:language]');
      const frame = await panelFrame(s.page, '[e2e:language]');
      await waitForStatus(frame, 'done', 90_000);
      const run = s.run('[e2e:language]')!;
      const out = run.events.flatMap((e) => (e.type === 'tool_result' ? [`${e.name}: ${e.content}`] : []));
      assert.equal(out.length, 3, out.join('\n'));
      // TypeScript answers with the declaration or, before it has followed the import, the import binding.
      assert.match(out[0], /^go_to_definition: src\/(greet|main)\.ts:1$/, out[0]);
      assert.match(out[1], /^workspace_symbols: [\s\S]*Function greet[\s\S]*src\/greet\.ts:1/);
      assert.match(out[2], /^find_references: [\s\S]*src\/greet\.ts:1/);
      await s.shot('language-tools');
    })());

  it('run_code runs JavaScript and Python inside the real extension host, sandboxed, and survives an endless loop', () =>
    s.step('run-code', async () => {
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Compute a few things [e2e:code]');
      const frame = await panelFrame(s.page, '[e2e:code]');
      await waitForStatus(frame, 'done', 120_000);
      const run = s.run('[e2e:code]')!;
      const results = run.events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
      assert.equal(results.length, 5);
      const [squares, globals, median, loop, after] = results;
      assert.match(squares.content, /30/);
      assert.match(globals.content, /undefined\/undefined\/undefined/, 'no process, require or fetch in the sandbox');
      assert.match(median.content, /3\.5/);
      assert.ok(loop.isError, 'the endless loop ends as an error');
      assert.match(loop.content, /time|limit/i);
      assert.match(after.content, /42/, 'the next call still works');
      const engines = results.map((r) => r.details?.engine);
      console.error(`[e2e] run_code engines in the real extension host: ${JSON.stringify(engines)}`);
      // Whichever JavaScript engine loads in this host is the one that ran (isolated-vm on code-server's Node 20).
      assert.ok(engines[0] === 'isolated-vm' || engines[0] === 'quickjs', `JS engine: ${engines[0]}`);
      assert.equal(engines[2], 'pyodide');
      await s.shot('run-code');
    })());

  it('Show Runs reopens an earlier run; after a window reload its panel comes back with the whole trajectory', () =>
    s.step('reload', async () => {
      // Its own run first, so this test needs no other test to have run.
      await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
      await typeIntoQuickInput(s.page, 'Where is the greeting, for the reload check? [e2e:reload]');
      await waitForStatus(await panelFrame(s.page, '[e2e:reload]'), 'done');
      // Show Runs opens just as the finished run's panel settles, which can take focus and close the pick.
      await answerCommand(s.page, 'Research Copilot: Show Runs', '[e2e:reload]');
      let frame = await panelFrame(s.page, '[e2e:reload]');
      await waitForStatus(frame, 'done');
      const before = await renderedRowsText(frame);
      assert.equal(await headerToolCalls(frame), 2);

      // Developer: Reload Window, as a user does it: VS Code saves its state, then the page reloads.
      const loaded = s.page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(s.page, 'Developer: Reload Window');
      await loaded;
      await s.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      frame = await panelFrame(s.page, '[e2e:reload]', 60_000);
      await waitForStatus(frame, 'done');
      assert.equal(await headerToolCalls(frame), 2);
      assert.match(await answerText(frame), /Reload check: the greeting is defined at src\/greet\.ts:1/);
      assert.equal(await renderedRowsText(frame), before, 'the same rows as before the reload');
      await s.shot('restored-after-reload');
    })());

  it('With no model configured the panel and a notification say exactly how to connect one', () =>
    s.step('no-model', async () => {
      await setStringSetting(s, 'researchCopilot.baseUrl', 'Base Url', '');
      try {
        const asked = s.model.requests.length;
        await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
        await typeIntoQuickInput(s.page, 'Anything [e2e:no-model]');
        const frame = await panelFrame(s.page, '[e2e:no-model]');
        await waitForStatus(frame, 'failed');
        const notice = await frame.locator('.notice-text').innerText();
        assert.match(notice, /researchCopilot\.baseUrl/);
        assert.match(notice, /Set API Key/);
        const note = await waitForNotification(s.page, 'No model is configured');
        assert.equal(note.severity, 'error');
        assert.equal(s.model.requests.length, asked, 'no request went anywhere');
        await s.shot('no-model-configured');
      } finally {
        await setStringSetting(s, 'researchCopilot.baseUrl', 'Base Url', s.model.url);
      }
    })());

  it('Insert Findings after the Welcome page replaced the editor: the document is shown again, the findings at its cursor', () =>
    s.step('insert-replaced', () => insertAfterTheWelcomePageReplacedTheEditor(s))());

  it('a quick pick open while a run ends stays open, with the keyboard', () =>
    s.step('pick-open', () => pickStaysOpenWhileARunFinishes(s))());
});

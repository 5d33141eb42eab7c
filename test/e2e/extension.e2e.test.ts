// The packaged extension in a real VS Code (code-server), driven through the command palette and the
// UI only, against a scripted OpenAI-compatible model on 127.0.0.1. One VS Code for the whole file;
// each test's question carries a tag that routes the model to that test's script.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openFile, runCommand, typeIntoQuickInput } from '../../tools/e2e/driver';
import { answerText, headerToolCalls, panelFrame, renderedRowsText, waitForStatus } from './helpers/panel';
import { call } from './helpers/scriptedModel';
import { API_KEY, startSession, until, type Session } from './helpers/session';

const GREET_TS = `export function greet(name: string): string {\n  return \`Hello, \${name}!\`;\n}\n`;

const FILES: Record<string, string> = {
  'src/greet.ts': GREET_TS,
  'src/main.ts': `import { greet } from './greet';\nconsole.log(greet('world'));\n`,
  'notes.md': '# Notes\n\nThe config loader lives somewhere in src.\nWhat does greet() return for an empty name?\n',
  'doc.md': '# Findings\n\nIntro paragraph.\n',
  'README.md': '# Demo workspace\n',
};

let s: Session;

describe('Research Copilot in a real VS Code', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    s = await startSession({
      files: FILES,
      scenarios: {
        ask: ({ step }) =>
          [
            call('search_text', { query: 'greet' }, { reasoning: 'Look for where greet is defined.' }),
            call('read_file', { path: 'src/greet.ts' }),
            { content: 'The greeting comes from `greet()` in src/greet.ts:1, which returns `Hello, NAME!`; src/main.ts:2 calls it.' },
          ][Math.min(step, 2)]!,
      },
    });
  });

  after(async () => {
    await s?.close();
  });

  it('Ask About This Codebase: the panel opens beside the editor, steps appear, the answer appears, the trajectory is on disk', () => s.step('ask', async () => {
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

    const run = await until('the trajectory to end', () => {
      const r = s.run('[e2e:ask]');
      return r && r.events.at(-1)?.type === 'run_end' ? r : undefined;
    });
    const end = run.events.at(-1)!;
    assert.equal(end.type === 'run_end' && end.stopReason, 'answered');
    assert.equal(run.events.filter((e) => e.type === 'tool_result').length, 2);
    assert.ok(!readFileSync(run.path, 'utf8').includes(API_KEY), 'no API key in the trajectory');
    // The model was called with the key from RESEARCH_COPILOT_API_KEY.
    assert.equal(s.model.requests.at(-1)?.headers.authorization, `Bearer ${API_KEY}`);
  })());
});

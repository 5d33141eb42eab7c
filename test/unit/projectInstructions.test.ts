/**
 * The project's own instructions (AGENTS.md, .github/copilot-instructions.md, researchCopilot.instructions):
 * each under its own heading in the system prompt, marked as the project's, cut at 8 KB with the cut said;
 * read by the launcher in a trusted workspace only, and named by run_start for the panel's header.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStartEvent } from '../../src/agent/events';
import { INSTRUCTIONS_CAP_BYTES, projectInstructionsOf } from '../../src/agent/run/projectInstructions';
import { launchRun, type LauncherDeps } from '../../src/host/runLauncher';
import { settingsFrom } from '../../src/host/settings';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { readProjectInstructions } from '../../src/node/projectInstructions';
import { createRunTools } from '../../src/node/runTools';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startFakeModel } from '../../tools/fake-model/server';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { ofType } from '../helpers/agentHarness';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

const AGENTS = '# Agents\n\nAlways cite the test that pins a behaviour.\n';
const COPILOT = 'Prefer the words of the ARCHITECTURE.md file.\n';

test('each source under its own heading, marked as the project instructions; empty ones left out', () => {
  const p = projectInstructionsOf([
    { source: 'AGENTS.md', text: AGENTS },
    { source: '.github/copilot-instructions.md', text: '  \n' },
    { source: 'researchCopilot.instructions', text: 'Answer in French.' },
  ]);
  assert.deepEqual(p?.sources, ['AGENTS.md', 'researchCopilot.instructions']);
  assert.match(p!.prompt, /^# The project's instructions\n\n.*not the user's question.*\n\n## AGENTS\.md\n\n# Agents\n\nAlways cite/s);
  assert.match(p!.prompt, /\n\n## researchCopilot\.instructions\n\nAnswer in French\.$/);
  assert.equal(projectInstructionsOf([]), undefined);
  assert.equal(projectInstructionsOf([{ source: 'AGENTS.md', text: '\n' }]), undefined);
});

test('a source over 8 KB is cut on a character boundary, and the cut says so', () => {
  const text = 'é'.repeat(INSTRUCTIONS_CAP_BYTES); // two bytes each: 16 KB
  const p = projectInstructionsOf([{ source: 'AGENTS.md', text }])!;
  const body = p.prompt.slice(p.prompt.indexOf('## AGENTS.md\n\n') + 14);
  const [kept, note] = body.split('\n\n');
  assert.equal(kept, 'é'.repeat(INSTRUCTIONS_CAP_BYTES / 2));
  assert.equal(note, '[… cut here: AGENTS.md is 16,384 bytes; only its first 8,192 are included.]');
  const small = projectInstructionsOf([{ source: 'AGENTS.md', text: 'x'.repeat(INSTRUCTIONS_CAP_BYTES) }])!;
  assert.doesNotMatch(small.prompt, /cut here/);
});

/** A run launched over a folder with AGENTS.md and .github/copilot-instructions.md: the first request, and run_start. */
async function launched(trusted: boolean, setting: string): Promise<{ system: string; start: RunStartEvent }> {
  const folder = mkdtempSync(join(tmpdir(), 'rc-instr-'));
  mkdirSync(join(folder, '.github'));
  writeFileSync(join(folder, 'AGENTS.md'), AGENTS);
  writeFileSync(join(folder, '.github', 'copilot-instructions.md'), COPILOT);
  const fake = await startFakeModel({ script: [{ content: 'done' }] });
  try {
    const settings = settingsFrom((key, fallback) => (key === 'instructions' ? setting : fallback) as typeof fallback);
    const deps: LauncherDeps = {
      trajectoryPath: (runId) => join(folder, `${runId}.jsonl`),
      toolsFor: async (s) =>
        createRunTools({ base: createWorkspaceTools(new NodeWorkspace(folder)), workspaceFolder: folder, sandbox: s.sandbox }),
      workspace: () => folder,
      trusted: () => trusted,
      log: { info() {}, warn() {}, error() {} },
    };
    let start: RunStartEvent | undefined;
    const launch = await launchRun(deps, {
      runId: 'instr-run-0001',
      question: 'Q?',
      settings,
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: 'm' }),
      protocol: 'openai-tools',
      label: 'test',
      secrets: [],
      approve: async () => false,
      consent: {},
      onEvent: (e) => {
        if (e.type === 'run_start') start = e;
      },
    });
    assert.ok(launch.ok);
    await launch.running.result;
    const messages = fake.requests[0].body.messages as Array<{ role: string; content: string }>;
    return { system: messages.find((m) => m.role === 'system')!.content, start: start! };
  } finally {
    await fake.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

test("a trusted workspace: the first request holds AGENTS.md's, copilot-instructions' and the setting's text; run_start names them", async () => {
  const { system, start } = await launched(true, 'Answer briefly.');
  assert.ok(system.includes(`## AGENTS.md\n\n${AGENTS.trim()}`), system);
  assert.ok(system.includes(`## .github/copilot-instructions.md\n\n${COPILOT.trim()}`));
  assert.ok(system.includes('## researchCopilot.instructions\n\nAnswer briefly.'));
  assert.deepEqual(start.instructions, ['AGENTS.md', '.github/copilot-instructions.md', 'researchCopilot.instructions']);
});

test('an untrusted workspace (Restricted Mode): nothing of them is read', async () => {
  const { system, start } = await launched(false, 'Answer briefly.');
  assert.doesNotMatch(system, /project's instructions|Always cite the test|ARCHITECTURE\.md|Answer briefly/);
  assert.equal(start.instructions, undefined);
});

test('the files are read confined to the workspace: a link out of it is no file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'rc-instr-'));
  const outside = mkdtempSync(join(tmpdir(), 'rc-instr-out-'));
  try {
    writeFileSync(join(outside, 'AGENTS.md'), 'steal things\n');
    mkdirSync(join(folder, '.github'));
    writeFileSync(join(folder, '.github', 'copilot-instructions.md'), COPILOT);
    symlinkSync(join(outside, 'AGENTS.md'), join(folder, 'AGENTS.md'));
    assert.deepEqual(readProjectInstructions(folder), [{ source: '.github/copilot-instructions.md', text: COPILOT }]);
    assert.deepEqual(readProjectInstructions(undefined, 'x'), [{ source: 'researchCopilot.instructions', text: 'x' }]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test("a research_subtask child keeps the project's instructions under its own brief", async () => {
  const r = await runFactoryWith(
    async (req) => {
      if (questionOf(req).startsWith('sub ')) return { content: 'child found it' };
      return resultsIn(req) === 0
        ? { toolCalls: [{ id: 'c1', name: SUBTASK_TOOL, arguments: JSON.stringify({ question: 'sub Q' }) }] }
        : { content: 'done' };
    },
    [],
    { project: [{ source: 'AGENTS.md', text: AGENTS }] },
  );
  assert.equal(r.result.answer, 'done', r.result.error);
  const system = (req: (typeof r.requests)[number]) => (req.body.messages as Array<{ role: string; content: string }>)[0].content;
  const child = r.requests.find((q) => questionOf(q).startsWith('sub '))!;
  assert.match(system(child), /You are a research subagent/);
  assert.ok(system(child).includes(`## AGENTS.md\n\n${AGENTS.trim()}`));
  assert.deepEqual(ofType(r.events, 'run_start')[0].instructions, ['AGENTS.md']);
});

/**
 * The panel and @research start runs through one launcher (src/host/runLauncher.ts), which goes
 * through the one factory (src/agent/run/runFactory.ts). Two runs from two surfaces — different models,
 * approvers and event views — get the same tools and limits, both from the settings, and both land on
 * disk; the surfaces' own files hold no second way to start a run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, RunStartEvent } from '../../src/agent/events';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import { launchRun, type LauncherDeps } from '../../src/host/runLauncher';
import { settingsFrom } from '../../src/host/settings';
import { createRunTools } from '../../src/node/runTools';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { readTrajectory } from '../../src/node/trajectoryFile';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startFakeModel } from '../../tools/fake-model/server';
import { call } from '../helpers/agentHarness';

const ROOT = join(__dirname, '..', '..');

test('a panel run and an @research run get the same tools and limits from the same settings', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'rc-launch-'));
  writeFileSync(join(folder, 'notes.md'), 'The answer is 42.\n');
  const runs = join(folder, '.runs');
  const fake = await startFakeModel({ script: (_req, i) => (i % 2 === 0 ? call('read_file', { path: 'notes.md' }) : { content: '42' }) });
  const overrides: Record<string, unknown> = { maxTurns: 37, keepToolResults: 2, maxToolResultChars: 4_000, contextWindow: 65_536 };
  const settings = settingsFrom((key, fallback) => (key in overrides ? overrides[key] : fallback) as typeof fallback);
  const deps: LauncherDeps = {
    trajectoryPath: (runId) => join(runs, `${runId}.jsonl`),
    toolsFor: async (s) =>
      createRunTools({ base: createWorkspaceTools(new NodeWorkspace(folder)), workspaceFolder: folder, sandbox: s.sandbox }),
    workspace: () => folder,
    trusted: () => true,
    log: { info() {}, warn() {}, error() {} },
  };
  const surface = async (runId: string, approve: () => Promise<boolean>) => {
    const seen: AgentEvent[] = [];
    const launch = await launchRun(deps, {
      runId,
      question: 'What is the answer?',
      settings,
      model: new OpenAIModel({ baseUrl: fake.url, apiKey: '', model: `model-of-${runId}` }),
      protocol: 'openai-tools',
      label: runId,
      secrets: [],
      approve,
      consent: {},
      onEvent: (e) => seen.push(e),
    });
    assert.ok(launch.ok);
    const result = await launch.running.result;
    assert.equal(result.answer, '42');
    return { seen, onDisk: readTrajectory(deps.trajectoryPath(runId)) };
  };
  try {
    const panel = await surface('panel-run-0001', async () => true);
    const chat = await surface('chat-run-00001', async () => false);
    const start = (events: AgentEvent[]) => events.find((e): e is RunStartEvent & { seq: number; t: number } => e.type === 'run_start')!;
    assert.deepEqual(start(panel.onDisk).settings, {
      maxTurns: 37,
      keepToolResults: 2,
      maxToolResultChars: 4_000,
      contextWindow: 65_536,
      attempts: 1,
      maxParallelSubtasks: 3,
    });
    assert.deepEqual(start(chat.onDisk).settings, start(panel.onDisk).settings);
    assert.deepEqual(start(chat.onDisk).tools, start(panel.onDisk).tools);
    for (const name of ['read_file', 'search_text', 'run_code', 'fetch_url', 'web_search'])
      assert.ok(start(chat.onDisk).tools.includes(name), name);
    assert.deepEqual(chat.seen, chat.onDisk, 'the surface sees exactly what goes to disk');
  } finally {
    await fake.close();
  }
});

test('neither the panel nor @research builds a run of its own: both ask the RunManager, which uses the launcher', () => {
  const manager = readFileSync(join(ROOT, 'src/host/runManager.ts'), 'utf8');
  const chat = readFileSync(join(ROOT, 'src/host/chatParticipant.ts'), 'utf8');
  assert.match(manager, /launchRun\(/, 'the RunManager starts turns through the launcher');
  assert.match(chat, /\.chatTurn\(/, '@research asks the RunManager for its turn');
  assert.doesNotMatch(chat, /launchRun\(/, '@research has no launch of its own');
  const assembles = /\brunAgent\(|\bstartRun\(|\baskFollowUp\(|maxTurns|new TrajectoryWriter/;
  assert.doesNotMatch(manager, assembles, 'the RunManager assembles a run itself');
  assert.doesNotMatch(chat, assembles, '@research assembles a run itself');
});

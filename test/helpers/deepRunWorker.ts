/**
 * Runs one deep run (deep.test.ts) in a worker thread and posts back what the test checks: the run's
 * figures, its events and the messages of the last request. Outside the test runner's own thread, so
 * node:test's async hook, which tracks every promise of that thread, does not slow each of the 600
 * steps (the same run takes about half the time here).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import type { AgentEvent, Protocol } from '../../src/agent/events';
import type { RunFigures } from '../../src/agent/figures';
import { harness, xmlCall } from './agentHarness';
import { codeFiles, deepCall } from './deepScript';

export interface DeepRunRequest {
  root: string;
  depth: number;
  protocol: Protocol;
}

export interface DeepRunResult {
  files: number;
  figures: RunFigures;
  events: AgentEvent[];
  /** The messages of the last request the model got. */
  lastMessages: { role: string; content: string }[];
}

async function deepRun({ root, depth, protocol }: DeepRunRequest): Promise<DeepRunResult> {
  const files = codeFiles(root);
  const h = await harness(
    (req) => {
      const done =
        req.body.messages.filter((m: { role: string }) => m.role === (protocol === 'openai-tools' ? 'tool' : 'user')).length -
        (protocol === 'openai-tools' ? 0 : 1);
      if (done >= depth) return { content: `Walked ${depth} steps.` };
      const c = deepCall(done, files);
      return protocol === 'openai-tools'
        ? { toolCalls: [{ id: `c${done}`, name: c.name, arguments: JSON.stringify(c.args) }] }
        : { content: xmlCall('workspace', c.name, c.args) };
    },
    createWorkspaceTools(new NodeWorkspace(root)),
    { protocol, keepToolResults: 5, maxTurns: depth + 10, contextWindow: 262_144 },
  );
  try {
    const figures = await h.run();
    return { files: files.length, figures, events: h.events, lastMessages: h.fake.requests.at(-1)?.body.messages ?? [] };
  } finally {
    await h.close();
  }
}

deepRun(workerData as DeepRunRequest).then(
  (r) => parentPort?.postMessage({ ok: true, result: r }),
  (e: unknown) => parentPort?.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);

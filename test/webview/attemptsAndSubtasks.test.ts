// The panel's state for a real run with two attempts and research_subtask children (made by the agent
// against the scripted model): attempt rows, the summary, children nested in their call's row with live
// counters, the same rows again from a snapshot (a reload), and the host's gate for "open as a run".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelStore, noopListener, type AttemptSummaryRow, type ToolRow } from '../../webview/store';
import { parsePanelMessage } from '../../src/shared/panelProtocol';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { childEvents, childSession } from '../../src/host/childRun';
import { RunSession } from '../../src/host/runSession';
import type { AgentEvent } from '../../src/agent/events';
import { echoTool } from '../helpers/agentHarness';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

const SUMMARY = 'OUTCOME: misdirected\n## Established\n- nothing yet\n## Dead ends\n- echo x\n## Next\n- split the question';

async function realRun() {
  return runFactoryWith(
    (req) => {
      const q = questionOf(req);
      const n = resultsIn(req);
      if (q.startsWith('sub '))
        return n === 0 ? { toolCalls: [{ name: 'echo', arguments: JSON.stringify({ text: q }) }] } : { content: `found ${q}` };
      const last = req.body.messages.at(-1).content as string;
      if (/Write a summary of this attempt/.test(last)) return { content: SUMMARY };
      if (!q.includes('Previous attempts analysis')) return { toolCalls: [{ name: 'echo', arguments: '{"text":"x"}' }] };
      if (n === 0)
        return {
          toolCalls: ['sub A', 'sub B'].map((s, i) => ({ id: `k${i}`, name: SUBTASK_TOOL, arguments: JSON.stringify({ question: s }) })),
        };
      return { content: 'A and B found.' };
    },
    [echoTool()],
    { settings: { attempts: 2, maxTurns: 1 } },
  );
}

function fold(events: AgentEvent[]): PanelStore {
  const s = new PanelStore(noopListener);
  s.markAsked();
  s.receive({ type: 'snapshot', runId: 'run-1', status: 'running', events: [], approvals: [] });
  for (const e of events) s.receive({ type: 'events', events: [e] });
  return s;
}

test('attempts and nested children fold into rows live and from a snapshot alike', async () => {
  const { result, events } = await realRun();
  assert.equal(result.answer, 'A and B found.', result.error);
  const live = fold(events);
  const kinds = live.rows.map((r) => r.kind);
  assert.deepEqual(
    kinds.filter((k) => k === 'attempt' || k === 'attemptSummary' || k === 'answer'),
    ['attempt', 'attemptSummary', 'attempt', 'answer'],
  );
  const summary = live.rows.find((r) => r.kind === 'attemptSummary') as AttemptSummaryRow;
  assert.equal(summary.summary, SUMMARY);
  assert.equal(summary.outcome, 'misdirected');
  assert.equal(summary.reason, 'max_turns');
  // Attempt 2's turn 1 has a thinking row of its own, not attempt 1's.
  const tools = live.rows.filter((r): r is ToolRow => r.kind === 'tool');
  assert.deepEqual(
    tools.map((r) => [r.turn, r.name]),
    [
      [1, 'echo'],
      [1, SUBTASK_TOOL],
      [1, SUBTASK_TOOL],
    ],
  );
  const children = tools.filter((r) => r.child).map((r) => r.child!);
  assert.deepEqual(
    children.map((c) => [c.question, c.status, c.toolCalls, c.turns, c.answer]),
    [
      ['sub A', 'done', 1, 2, 'found sub A'],
      ['sub B', 'done', 1, 2, 'found sub B'],
    ],
  );
  assert.ok(children.every((c) => c.tokens > 0 && c.steps[0].startsWith('echo ')));
  assert.equal(live.header.attempt, 2);
  assert.equal(live.header.turn, 2, "the header counts the last attempt's turns, not the run's sum");
  assert.equal(live.header.attempts, 2);
  assert.equal(live.header.promptTokens + live.header.completionTokens, result.usage.promptTokens + result.usage.completionTokens);
  // A reload folds the same file into the same rows.
  const reloaded = new PanelStore(noopListener);
  reloaded.markAsked();
  reloaded.receive({ type: 'snapshot', runId: 'run-1', status: 'done', events, approvals: [] });
  assert.equal(reloaded.header.turn, 2);
  assert.deepEqual(
    reloaded.rows.map((r) => ({ ...r, key: 0, v: 0 })),
    live.rows.map((r) => ({ ...r, key: 0, v: 0 })),
  );
  // A child opens collapsed; the toggle opens it.
  const i = live.rows.findIndex((r) => r.kind === 'tool' && r.child);
  assert.equal((live.rows[i] as ToolRow).child!.open, false);
  live.toggle(i, 'child');
  assert.equal((live.rows[i] as ToolRow).child!.open, true);

  // "Open as a run": the child's own events make a run of their own.
  const parent = RunSession.fromEvents('run-1', '/tmp/none.jsonl', events);
  const childId = children[0] && (live.rows[i] as ToolRow).child!.childRunId;
  const child = childSession(parent, childId)!;
  assert.equal(child.question, 'sub A');
  assert.equal(child.status, 'done');
  assert.equal(child.answer(), 'found sub A');
  assert.equal(childEvents(events, childId)[0].type, 'run_start');
  assert.equal(childSession(parent, 'no-such-child'), undefined);
});

test('the host accepts openSubtask only with a plain run id', () => {
  assert.deepEqual(parsePanelMessage({ type: 'openSubtask', childRunId: '1b2c-3d' }), { type: 'openSubtask', childRunId: '1b2c-3d' });
  for (const bad of [
    { type: 'openSubtask' },
    { type: 'openSubtask', childRunId: '../../etc/passwd' },
    { type: 'openSubtask', childRunId: 'x'.repeat(101) },
    { type: 'openSubtask', childRunId: 'a', extra: 1 },
    { type: 'openSubtask', childRunId: 7 },
  ])
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
});

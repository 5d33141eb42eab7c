// A subagent opened as a run of its own (src/host/childRun.ts): a running child's session follows the
// parent's stream live; a parent that ends first leaves the child stopped; a finished child is a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody } from '../../src/agent/events';
import type { HostMessage } from '../../src/shared/panelProtocol';
import { childSession } from '../../src/host/childRun';
import { RunSession } from '../../src/host/runSession';

let seq = 0;
const ev = (body: AgentEventBody): AgentEvent => ({ ...body, seq: seq++, t: 1 }) as AgentEvent;
const wrap = (childRunId: string, body: AgentEventBody): AgentEvent => ev({ type: 'subtask_event', childRunId, event: ev(body) });
const childStart = (id: string) =>
  wrap(id, { type: 'run_start', runId: id, question: `sub ${id}`, model: 'm', protocol: 'openai-tools', settings: {} as never, tools: [] });
const childEnd = (id: string) =>
  wrap(id, {
    type: 'run_end',
    stopReason: 'answered',
    answered: true,
    turns: 1,
    toolCalls: 0,
    usage: { promptTokens: 1, completionTokens: 1, estimated: false },
    elapsedMs: 5,
  });

test("a running child's panel follows it live, until its own end", () => {
  const parent = new RunSession('p', 'q', '/tmp/none.jsonl');
  parent.push(childStart('a'));
  parent.push(childStart('b'));
  const child = childSession(parent, 'a')!;
  assert.equal(child.status, 'running');
  assert.equal(child.question, 'sub a');
  const seen: HostMessage[] = [];
  child.subscribe((m) => seen.push(m));
  parent.push(wrap('a', { type: 'turn_start', turn: 1, final: false, promptTokensEstimate: 0 }));
  parent.push(wrap('b', { type: 'turn_start', turn: 7, final: false, promptTokensEstimate: 0 }));
  parent.push(childEnd('a'));
  assert.deepEqual(
    child.events.map((e) => e.type),
    ['run_start', 'turn_start', 'run_end'],
  );
  assert.equal(child.status, 'done');
  assert.equal(seen.filter((m) => m.type === 'events').length, 2, "only this child's events reach its panel");
  parent.push(wrap('a', { type: 'turn_start', turn: 2, final: false, promptTokensEstimate: 0 }));
  assert.equal(child.events.length, 3, 'nothing after its end');
});

test('a parent that ends before the child leaves the child stopped; a finished child opens as a snapshot', () => {
  const parent = new RunSession('p', 'q', '/tmp/none.jsonl');
  parent.push(childStart('a'));
  const child = childSession(parent, 'a')!;
  parent.setStatus('stopped');
  assert.equal(child.status, 'stopped');

  const done = new RunSession('p2', 'q', '/tmp/none.jsonl');
  done.push(childStart('c'));
  done.push(childEnd('c'));
  assert.equal(childSession(done, 'c')!.status, 'done');
  assert.equal(childSession(done, 'nope'), undefined);
});

test("Stop in a running child's panel stops the run it belongs to: the parent's signal, which the child runs on", () => {
  const parent = new RunSession('p', 'q', '/tmp/none.jsonl');
  parent.push(childStart('a'));
  const child = childSession(parent, 'a')!;
  assert.equal(child.status, 'running');
  child.controller.abort(); // what RunManager.stop does for the session a panel's Stop names
  assert.equal(parent.controller.signal.aborted, true, "the parent's controller, the one the agent listens to, is aborted");

  const later = new RunSession('p3', 'q', '/tmp/none.jsonl');
  later.push(childStart('b'));
  const ended = childSession(later, 'b')!;
  later.push(childEnd('b'));
  ended.controller.abort(); // a child that has ended no longer reaches its parent
  assert.equal(later.controller.signal.aborted, false);
});

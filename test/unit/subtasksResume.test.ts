// A 600-tool-call run spread over a parent and twelve subagents (four rounds of three in parallel),
// killed mid-way (its trajectory file cut at an arbitrary event, as a SIGKILL leaves it) and resumed from
// the file: it finishes with every call's result on disk exactly once, and no call recorded before the
// kill runs again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, ToolResultEvent } from '../../src/agent/events';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { TrajectoryWriter, readTrajectory } from '../../src/node/trajectoryFile';
import { makeRedactor } from '../../src/agent/consent/redact';
import type { Step } from '../../tools/fake-model/server';
import type { RecordedRequest } from '../../tools/fake-model/server';
import { echoTool, ofType } from '../helpers/agentHarness';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

const ROUNDS = 4;
const PARENT_CALLS = 30; // per round, before the round's three subtasks
const CHILD_CALLS = 40;
const echo = (text: string): Step => ({ toolCalls: [{ name: 'echo', arguments: JSON.stringify({ text }) }] });

function script(req: RecordedRequest): Step {
  const q = questionOf(req);
  const n = resultsIn(req);
  const child = /^sub (\d+)-(\d+)$/.exec(q);
  if (child) return n < CHILD_CALLS ? echo(`c-${child[1]}-${child[2]}-${n}`) : { content: `child ${child[1]}-${child[2]} done` };
  const round = Math.floor(n / (PARENT_CALLS + 3));
  const pos = n % (PARENT_CALLS + 3);
  if (round >= ROUNDS) return { content: 'done' };
  if (pos < PARENT_CALLS) return echo(`p-${round}-${pos}`);
  return {
    toolCalls: [0, 1, 2].map((k) => ({
      id: `r${round}s${k}`,
      name: SUBTASK_TOOL,
      arguments: JSON.stringify({ question: `sub ${round}-${k}` }),
    })),
  };
}

/** Every echo result in the tree: the parent's and, unwrapped, its children's. */
function echoResults(events: readonly AgentEvent[]): ToolResultEvent[] {
  const out: ToolResultEvent[] = [];
  for (const e of events) {
    const inner = e.type === 'subtask_event' ? e.event : e;
    if (inner.type === 'tool_result' && inner.name === 'echo') out.push(inner);
  }
  return out;
}
const textOf = (r: ToolResultEvent) => r.content.replace(/^(\[Note[^\n]*\n)?echo: /, '');

test('600 tool calls over a parent and subagents, killed mid-way and resumed: nothing lost, nothing run twice', async (t) => {
  const expected = new Set<string>();
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < PARENT_CALLS; i++) expected.add(`p-${r}-${i}`);
    for (let k = 0; k < 3; k++) for (let i = 0; i < CHILD_CALLS; i++) expected.add(`c-${r}-${k}-${i}`);
  }
  assert.equal(expected.size, 600);
  const dir = mkdtempSync(join(tmpdir(), 'rc-subtasks-'));
  const redact = makeRedactor([]);

  // First life, written to disk as it goes.
  const whole = join(dir, 'whole.jsonl');
  const w1 = new TrajectoryWriter(whole, redact);
  const first = await runFactoryWith(script, [echoTool()], { onEvent: w1.write });
  w1.close();
  assert.equal(first.result.answer, 'done', first.result.error);
  assert.equal(echoResults(readTrajectory(whole)).length, 600);

  // The kill: the file as it stood after the 280th echo result, while round 2's children ran side by side.
  const all = readTrajectory(whole);
  const results = echoResults(all);
  const cutAt = all.findIndex((e) => (e.type === 'subtask_event' ? e.event : e) === results[279]);
  const file = join(dir, 'killed.jsonl');
  writeFileSync(
    file,
    all
      .slice(0, cutAt + 1)
      .map((e) => JSON.stringify(e) + '\n')
      .join('') + '{"type":"subtask_ev',
  );
  const prior = readTrajectory(file);
  const recorded = new Set(echoResults(prior).map(textOf));
  assert.equal(recorded.size, 280);
  const inFlight = ofType(prior, 'subtask_start').length - ofType(prior, 'subtask_end').length;
  t.diagnostic(`cut at event ${cutAt} of ${all.length}: ${recorded.size} echo results on disk, ${inFlight} children running`);
  assert.ok(inFlight > 0, 'the kill came while children were running');

  // Second life, resumed from the file and appending to it.
  const again = echoTool();
  const w2 = new TrajectoryWriter(file, redact);
  const second = await runFactoryWith(script, [again], { resume: prior, onEvent: w2.write });
  w2.close();
  assert.equal(second.result.answer, 'done', second.result.error);
  const rerun = (again.calls as { text: string }[]).map((c) => c.text);
  assert.deepEqual(
    rerun.filter((x) => recorded.has(x)),
    [],
    'no call recorded before the kill ran again',
  );
  assert.equal(new Set(rerun).size, rerun.length, 'no call ran twice after the resume');
  assert.equal(recorded.size + rerun.length, 600, 'nothing lost');

  // The file holds the whole tree once: 600 echo results, each call once; twelve children, each ended once.
  const final = readTrajectory(file);
  const texts = echoResults(final).map(textOf);
  assert.equal(texts.length, 600);
  assert.deepEqual(new Set(texts), expected);
  const ends = ofType(final, 'subtask_end');
  assert.equal(ends.length, 12);
  assert.equal(new Set(ends.map((e) => e.childRunId)).size, 12);
  assert.equal(new Set(ofType(final, 'subtask_start').map((e) => e.childRunId)).size, 12, 'resumed children keep their ids');
  assert.equal(second.result.toolCalls, ROUNDS * (PARENT_CALLS + 3));
  const seqs = final.map((e) => e.seq);
  assert.equal(new Set(seqs).size, seqs.length, 'the parent stream never reuses a seq');
});

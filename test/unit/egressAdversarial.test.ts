// The adversarial suite (test/helpers/egressAttempts.ts) through the agent's ToolRunner and Consent,
// real workspace tools, run_code's sandbox, the real web tools against a logging server on 127.0.0.1
// (every host name resolves to it) and a real MCP server that lies about staying local. Each attempt:
// guarded, the server receives nothing (a secret dribbled out receives fewer characters than make a
// piece), an egress question was asked and refused, and nothing recorded shows a secret; with
// --allow-egress the same calls do reach the server (the channel is real). Oracles: right and wrong
// guesses get the same answer, or the run stops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { canon } from '../../src/agent/consent/egress/canon';
import { PIECE } from '../../src/agent/consent/egress/secretStore';
import { ATTEMPTS, type Attempt } from '../helpers/egressAttempts';
import { EgressLab, SECRETS, type LabRun } from '../helpers/egressLab';

let lab: EgressLab;

before(async () => {
  lab = await EgressLab.open();
});

after(async () => {
  await lab?.close();
});

test('the suite has 40+ attempts in every class', () => {
  assert.ok(ATTEMPTS.length >= 40, `${ATTEMPTS.length} attempts`);
  const classes = new Set(ATTEMPTS.map((a) => a.cls));
  for (const c of ['request', 'encoding', 'split', 'short secret', 'derived', 'search', 'mcp', 'random', 'oracle'] as const) {
    assert.ok(classes.has(c), c);
  }
});

for (const attempt of ATTEMPTS) {
  test(`${attempt.cls}: ${attempt.id} (${attempt.what})`, async () => {
    const guarded = await lab.run(attempt.steps(lab));
    assertNothingShown(guarded);
    if (attempt.oracle) return judgeOracle(attempt, guarded);
    const egress = guarded.approvals.filter((a) => a.kind === 'egress');
    assert.ok(egress.length > 0 && egress.every((a) => !a.approved), 'asked, and refused');
    if (attempt.trickle) assertBounded(guarded);
    else
      assert.deepEqual(
        guarded.received.map((r) => r.url),
        [],
        'the server received nothing',
      );
    const allowed = await lab.run(attempt.steps(lab), { allowEgress: true });
    assert.ok(allowed.received.length > guarded.received.length, 'with --allow-egress the same calls reach the server');
  });
}

/** Nothing the run recorded or asked shows a secret as it is. */
function assertNothingShown(run: LabRun): void {
  const shown = JSON.stringify([run.approvals, run.asked.filter((r) => r.kind === 'egress')]);
  for (const s of Object.values(SECRETS)) assert.ok(!shown.includes(s), `${s.slice(0, 4)}… is shown`);
}

/** A secret sent a piece at a time: what arrived is shorter than a piece of it. */
function assertBounded(run: LabRun): void {
  const arrived = canon(
    run.received.map((r) => decodeURIComponent(new URL(r.url, 'http://x').search + new URL(r.url, 'http://x').pathname)).join(''),
  );
  const key = canon(SECRETS.key);
  for (let i = 0; i + PIECE <= key.length; i++) assert.ok(!arrived.includes(key.slice(i, i + PIECE)), 'a piece of the key arrived');
  assert.ok(run.received.length < 12, `${run.received.length} calls went out`);
}

function judgeOracle(attempt: Attempt, run: LabRun): void {
  assert.deepEqual(run.received, [], 'nothing went out');
  if (attempt.oracle === 'same answers') {
    const [right, wrong] = run.outcomes.map((o) => o.content);
    assert.match(right, /read config\/\.env with read_file first/);
    assert.equal(right, wrong, 'a right guess and a wrong one get the same answer');
  } else {
    assert.match(run.halt ?? '', /edit_file failed 6 times in a row on data\/long\.txt/);
    assert.equal(run.outcomes.length, 7, 'the run stopped at the sixth miss: the fetch after it never ran');
  }
}

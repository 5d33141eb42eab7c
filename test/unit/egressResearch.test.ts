// The false-positive suite (test/helpers/egressResearch.ts): ordinary research through the same lab
// as the adversarial suite must go out without a question: cited pages and other pages on cited
// sites, titles, package names, error messages, URLs with ids and hashes while no secret was seen,
// and after a secret was read, cited links, links a search returned, titles, errors and paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EgressLab } from '../helpers/egressLab';
import { FLOWS } from '../helpers/egressResearch';

let lab: EgressLab;

before(async () => {
  lab = await EgressLab.open();
});

after(async () => {
  await lab?.close();
});

test('the suite has 20+ flows, some after a secret was read', () => {
  assert.ok(FLOWS.length >= 20, `${FLOWS.length} flows`);
  assert.ok(FLOWS.filter((f) => f.afterSecret).length >= 4);
});

for (const flow of FLOWS) {
  test(`${flow.id} (${flow.what}) goes out without asking`, async () => {
    const run = await lab.run(flow.steps(lab));
    assert.deepEqual(
      run.asked
        .filter((r) => r.kind === 'egress')
        .map((r) => r.kind === 'egress' && r.matches.map((m) => `${m.field}: ${m.text} (${m.source})`)),
      [],
    );
    assert.deepEqual(run.approvals, []);
    for (const o of run.outcomes) assert.doesNotMatch(o.content, /^Blocked/);
    // Calls to the lab's own address arrive (the others name real hosts, which are not reachable here).
    const local = flow
      .steps(lab)
      .filter((s) => JSON.stringify(s.args).includes(lab.base) || s.tool === 'web_search' || s.tool === 'stash_note');
    assert.equal(run.received.length, local.length, 'every call to the lab server reached it');
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CitationReviewer } from '../../src/agent/citations/review';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { citationFiles } from '../../src/tools/citationFiles';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { call, harness, ofType } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';

function reviewer(root: string, mode: 'report' | 'repair' = 'repair', maxRounds?: number) {
  return new CitationReviewer({
    mode,
    files: citationFiles(new NodeWorkspace(root)),
    workspaceRoot: root,
    ...(maxRounds ? { maxRounds } : {}),
  });
}

test('a run cut off right after the repair message resumes with that message, not an empty-reply nudge, and no second round', async () => {
  const root = makeWorkspace();
  const tools = createWorkspaceTools(new NodeWorkspace(root));
  try {
    const first = await harness([{ content: 'See src/unread.ts:1.' }], tools);
    await first.run({ citations: reviewer(root) }).catch(() => undefined);
    await first.close();
    const cut = first.events.slice(0, first.events.findIndex((e) => e.type === 'citation_report') + 1);
    assert.equal(ofType(cut, 'citation_report')[0].repair !== undefined, true);

    const second = await harness([call('read_file', { path: 'src/unread.ts' }), { content: 'See src/long.ts:30.' }], tools);
    const result = await second.run({ citations: reviewer(root), resume: cut });
    await second.close();
    assert.equal(result.stopReason, 'answered');
    assert.equal(result.turns, 3);
    const messages = second.fake.requests[0].body.messages;
    assert.equal(messages.at(-1).role, 'user');
    assert.match(messages.at(-1).content, /src\/unread\.ts:1: not observed/);
    assert.equal(messages.at(-2).role, 'assistant');
    const last = ofType(second.events, 'citation_report').at(-1)!;
    assert.deepEqual([last.round, last.repair, last.citations[0].status], [1, undefined, 'not_observed']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('maxRounds bounds the repair turns; report mode never sends an answer back', async () => {
  const root = makeWorkspace();
  const tools = createWorkspaceTools(new NodeWorkspace(root));
  try {
    const bad = { content: 'It is in nothing/here.ts:4.' };
    const two = await harness([bad, bad, bad], tools);
    const r = await two.run({ citations: reviewer(root, 'repair', 2) });
    await two.close();
    assert.equal(r.turns, 3);
    assert.deepEqual(
      ofType(two.events, 'citation_report').map((e) => [e.round, Boolean(e.repair)]),
      [
        [0, true],
        [1, true],
        [2, false],
      ],
    );
    const report = await harness([bad], tools);
    const r2 = await report.run({ citations: reviewer(root, 'report') });
    await report.close();
    assert.equal(r2.turns, 1);
    assert.equal(ofType(report.events, 'citation_report')[0].citations[0].status, 'missing');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// What a research_subtask child read counts as seen by its parent's citation check: the parent may cite
// a line only a subagent opened, and a line nobody opened is still "not observed".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CitationReviewer } from '../../src/agent/citations/review';
import { SUBTASK_TOOL } from '../../src/agent/run/subtasks';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { citationFiles } from '../../src/tools/citationFiles';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { ofType } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';
import { questionOf, resultsIn, runFactoryWith } from '../helpers/runHarness';

test('a citation of lines only a subagent read is verified; lines no run read are not observed', async () => {
  const root = makeWorkspace();
  try {
    const workspace = new NodeWorkspace(root);
    const r = await runFactoryWith(
      (req) => {
        const child = questionOf(req).startsWith('Where is the needle');
        if (child) {
          // The child's read_file uses call id "call_0", as the parent's own calls may: ids are per run.
          return resultsIn(req) === 0
            ? {
                toolCalls: [
                  { id: 'call_0', name: 'read_file', arguments: JSON.stringify({ path: 'src/long.ts', start_line: 20, end_line: 30 }) },
                ],
              }
            : { content: "src/long.ts:25 holds `const line25 = 'needle';`." };
        }
        return resultsIn(req) === 0
          ? { toolCalls: [{ id: 'call_0', name: SUBTASK_TOOL, arguments: JSON.stringify({ question: 'Where is the needle defined?' }) }] }
          : { content: "The needle is at src/long.ts:25 (`const line25 = 'needle';`); line 3 is src/long.ts:3." };
      },
      createWorkspaceTools(workspace),
      {
        question: 'Find the needle.',
        settings: { maxParallelSubtasks: 2 },
        citations: new CitationReviewer({ mode: 'report', files: citationFiles(workspace), workspaceRoot: root }),
      },
    );
    assert.equal(r.result.stopReason, 'answered', r.result.error);
    assert.equal(ofType(r.events, 'subtask_end').length, 1);
    const report = ofType(r.events, 'citation_report').at(-1)!;
    const status = Object.fromEntries(report.citations.map((c) => [`${c.ref}:${c.lines ?? ''}`, c.status]));
    assert.equal(status['src/long.ts:25'], 'verified', JSON.stringify(report.citations));
    assert.equal(status['src/long.ts:3'], 'not_observed', JSON.stringify(report.citations));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

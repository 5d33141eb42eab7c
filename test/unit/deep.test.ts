import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { harness, ofType, xmlCall } from '../helpers/agentHarness';
import { codeFiles, deepCall } from '../helpers/deepScript';
import type { Protocol } from '../../src/agent/events';

// A real folder of code: the openai SDK as installed (hundreds of .js/.d.ts files).
const ROOT = join(__dirname, '..', '..', 'node_modules', 'openai');
const DEPTH = 600;

for (const protocol of ['openai-tools', 'mirothinker-xml'] as Protocol[]) {
  test(`${DEPTH} tool calls on a real folder of code (${protocol}): every call runs, the prompt stays bounded`, async () => {
    const files = codeFiles(ROOT);
    assert.ok(files.length > 100, `found ${files.length} files`);
    const h = await harness(
      (req) => {
        const done =
          req.body.messages.filter((m: any) => m.role === (protocol === 'openai-tools' ? 'tool' : 'user')).length -
          (protocol === 'openai-tools' ? 0 : 1);
        if (done >= DEPTH) return { content: `Walked ${DEPTH} steps.` };
        const c = deepCall(done, files);
        return protocol === 'openai-tools'
          ? { toolCalls: [{ id: `c${done}`, name: c.name, arguments: JSON.stringify(c.args) }] }
          : { content: xmlCall('workspace', c.name, c.args) };
      },
      createWorkspaceTools(new NodeWorkspace(ROOT)),
      { protocol, keepToolResults: 5, maxTurns: DEPTH + 10, contextWindow: 262_144 },
    );
    try {
      const r = await h.run();
      assert.equal(r.stopReason, 'answered', r.error);
      assert.equal(r.toolCalls, DEPTH);
      const results = ofType(h.events, 'tool_result');
      assert.equal(results.length, DEPTH);
      const errors = results.filter((x) => x.isError);
      assert.deepEqual(
        errors.map((e) => e.content.slice(0, 120)),
        [],
        'no tool errors',
      );
      // The last prompt: exactly K results whole, every older one a placeholder naming its tool.
      const last = h.fake.requests.at(-1)!.body.messages;
      const resultMsgs =
        protocol === 'openai-tools' ? last.filter((m: any) => m.role === 'tool') : last.filter((m: any) => m.role === 'user').slice(1);
      assert.equal(resultMsgs.length, DEPTH);
      const whole = resultMsgs.filter((m: any) => !m.content.startsWith('[Result omitted: '));
      assert.equal(whole.length, 5);
      assert.match(resultMsgs[0].content, /^\[Result omitted: list_directory \{"path":".*"\} \(turn 1, [\d,]+ chars\)\]$/);
      // Bounded: K whole results plus ~one line per older step, far below the sum of all results.
      const totalResultChars = results.reduce((n, x) => n + x.content.length, 0);
      const promptChars = JSON.stringify(last).length;
      assert.ok(promptChars < totalResultChars / 3, `prompt ${promptChars} chars vs ${totalResultChars} chars of results`);
      assert.ok(
        resultMsgs.slice(0, -5).every((m: any) => m.content.length < 400),
        'placeholders are one short line',
      );
      // Repeated identical calls happen in this walk and are flagged.
      assert.ok(results.some((x) => x.repeatOf > 0));
    } finally {
      await h.close();
    }
  });
}

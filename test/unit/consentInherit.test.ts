// A subagent (a tool that runs the agent loop again) inherits its parent's consent through the tool
// context: the same approver and policy, the parent's "for this run" grants, and the parent's index
// of what was read, so data the parent read cannot leave through the child either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAIModel } from '../../src/node/model/openaiModel';
import type { AgentEvent } from '../../src/agent/events';
import type { Tool } from '../../src/agent/tool';
import type { ApprovalRequest } from '../../src/agent/approvals';
import { startFakeModel } from '../../tools/fake-model/server';
import { call, harness, ofType, runLoop } from '../helpers/agentHarness';

const CANARY = 'CANARY-3a9e51c7-d2b4-4f08-9e6a-1c7b5d3f2e90';

test('a subagent asks through its parent, reuses its grants and guards what the parent read', async () => {
  let fetched = 0;
  let mcpRuns = 0;
  const readTool: Tool = {
    name: 'read_file',
    server: 'workspace',
    description: 'Reads a file.',
    schema: { type: 'object', properties: { path: { type: 'string' } } },
    readsWorkspace: true,
    execute: async () => ({ content: `deploy notes: ${CANARY}` }),
  };
  const mcpTool: Tool = {
    name: 'post_message',
    server: 'chat',
    description: 'Posts a message.',
    schema: { type: 'object', properties: { text: { type: 'string' } } },
    openWorld: false,
    mcp: { server: 'chat', tool: 'post_message', annotations: { readOnlyHint: false, openWorldHint: false } },
    execute: async () => (mcpRuns++, { content: 'posted' }),
  };
  const fetchTool: Tool = {
    name: 'fetch_url',
    server: 'web',
    description: 'Fetches.',
    schema: { type: 'object', properties: { url: { type: 'string' } } },
    openWorld: true,
    execute: async () => (fetched++, { content: 'page' }),
  };
  const child = await startFakeModel({
    script: [
      call('post_message', { text: 'from the child' }),
      call('fetch_url', { url: `https://example.com/?q=${CANARY}` }),
      { content: 'Child done.' },
    ],
  });
  const childEvents: AgentEvent[] = [];
  const subagent: Tool = {
    name: 'subagent',
    server: 'agent',
    description: 'Delegates a task.',
    schema: { type: 'object', properties: { task: { type: 'string' } } },
    execute: async (input, ctx) => {
      const r = await runLoop({
        question: String(input.task),
        model: new OpenAIModel({ baseUrl: child.url, apiKey: 'k', model: 'child' }),
        protocol: 'openai-tools',
        tools: [mcpTool, fetchTool],
        approve: async () => true, // ignored: the parent's approver answers
        sharedConsent: ctx.consent,
        signal: ctx.signal,
        onEvent: (e) => childEvents.push(e),
      });
      return { content: r.answer ?? 'no answer' };
    },
  };
  const asked: ApprovalRequest[] = [];
  const h = await harness(
    [
      call('read_file', { path: 'deploy.md' }),
      call('post_message', { text: 'hi' }),
      call('subagent', { task: 'post and look it up' }),
      { content: 'Done.' },
    ],
    [readTool, mcpTool, fetchTool, subagent],
    {
      approve: async (r) => (asked.push(r), r.kind === 'mcp' ? { approved: true, scope: 'run' } : false),
    },
  );
  try {
    const result = await h.run();
    assert.equal(result.stopReason, 'answered');
    assert.deepEqual(
      asked.map((r) => r.kind),
      ['mcp', 'egress'],
      'asked once for the MCP tool (the child reuses the grant), and once for the egress in the child',
    );
    assert.equal(mcpRuns, 2);
    assert.equal(fetched, 0, 'the canary the parent read did not leave through the child');
    assert.deepEqual(
      ofType(childEvents, 'approval').map((e) => [e.kind, e.approved, e.by]),
      [
        ['mcp', true, 'run'],
        ['egress', false, 'user'],
      ],
    );
    assert.match(ofType(childEvents, 'approval')[1].matches![0].source, /read_file deploy\.md \(turn 1\)/);
  } finally {
    await h.close();
    await child.close();
  }
});

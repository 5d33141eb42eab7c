/** `research-copilot ask` reads the project's instructions from the workspace into the system prompt, lists them in --json, and leaves them out with --no-instructions. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askScripted, CLI } from '../helpers/cli';

const AGENTS = 'Cite the test that pins each behaviour you describe.\n';
let ws: string;
let state: string;

before(() => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = mkdtempSync(join(tmpdir(), 'rc-cli-instr-'));
  state = mkdtempSync(join(tmpdir(), 'rc-cli-instr-state-'));
  writeFileSync(join(ws, 'AGENTS.md'), AGENTS);
  mkdirSync(join(ws, '.github'));
  writeFileSync(join(ws, '.github', 'copilot-instructions.md'), 'Say "per the project" once.\n');
});

after(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

function systemOf(body: { messages: Array<{ role: string; content: string }> }): string {
  return body.messages.find((m) => m.role === 'system')?.content ?? '';
}

test("ask: AGENTS.md and .github/copilot-instructions.md in the first request's system prompt, listed by --json and on stderr", async () => {
  const r = await askScripted([{ content: 'done' }], {
    workspace: ws,
    stateDir: state,
    trajectory: join(state, 'a.jsonl'),
    question: 'Q?',
    args: ['--json'],
  });
  assert.equal(r.code, 0, r.stderr);
  const system = systemOf(r.requests[0].body);
  assert.ok(system.includes(`# The project's instructions`), system);
  assert.ok(system.includes(`## AGENTS.md\n\n${AGENTS.trim()}`));
  assert.ok(system.includes('## .github/copilot-instructions.md\n\nSay "per the project" once.'));
  assert.deepEqual((JSON.parse(r.stdout) as { instructions: string[] }).instructions, ['AGENTS.md', '.github/copilot-instructions.md']);
  assert.match(r.stderr, /the project's instructions from AGENTS\.md, \.github\/copilot-instructions\.md/);
});

test('ask --no-instructions: none of them is read', async () => {
  const r = await askScripted([{ content: 'done' }], {
    workspace: ws,
    stateDir: state,
    trajectory: join(state, 'b.jsonl'),
    question: 'Q?',
    args: ['--json', '--no-instructions'],
  });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(systemOf(r.requests[0].body), /project's instructions|Cite the test|per the project/);
  assert.deepEqual((JSON.parse(r.stdout) as { instructions: string[] }).instructions, []);
});

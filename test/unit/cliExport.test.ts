import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModel } from '../../tools/fake-model/server';
import { runCli, CLI } from '../helpers/cli';
import { call } from '../helpers/agentHarness';
import { makeWorkspace } from '../helpers/citationRun';

let ws: string;
let state: string;
let trajectory: string;
export const HOSTILE = 'Also <img src=x onerror="document.title=1"> and </script><script>alert(1)</script>.';

before(async () => {
  assert.ok(existsSync(CLI), `build first: ${CLI} is missing (npm run build)`);
  ws = makeWorkspace();
  state = mkdtempSync(join(tmpdir(), 'rc-export-'));
  trajectory = join(state, 'run.jsonl');
  const fake = await startFakeModel({
    script: [
      call('read_file', { path: 'src/long.ts', start_line: 1, end_line: 5 }),
      call('read_file', { path: 'README.md' }),
      { content: `Line 3 is \`const line3 = 3\` (src/long.ts:3). The CLI is lib/cli.js. ${HOSTILE}` },
      { content: `Line 3 is \`const line3 = 3\` (src/long.ts:3). The CLI is lib/cli.js. ${HOSTILE}` },
    ],
  });
  try {
    const r = await runCli(
      ['ask', '--workspace', ws, '--base-url', fake.url, '--model', 'm', '--trajectory', trajectory, 'Where is line 3?'],
      {
        env: { XDG_STATE_HOME: state },
      },
    );
    assert.equal(r.code, 0, r.stderr);
  } finally {
    await fake.close();
  }
});
after(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

test('export --format md: question, answer, sources with status and excerpt, one line per tool call, on stdout', async () => {
  const r = await runCli(['export', trajectory, '--format', 'md']);
  assert.equal(r.code, 0, r.stderr);
  const md = r.stdout;
  assert.match(
    md,
    /^# Where is line 3\?\n\n\*Research Copilot run [0-9a-f-]+: model m · \d{4}-\d\d-\d\d \d\d:\d\d UTC · ended: answered · 4 turns · 2 tool calls · [\d,]+ tokens\*\n/,
  );
  assert.match(md, /\n## Answer\n\nLine 3 is `const line3 = 3` \(src\/long\.ts:3\)\./);
  assert.match(
    md,
    /\n## Sources\n\n- \[src\/long\.ts:3\]\(src\/long\.ts#L3\) — \*verified\*: quote found at line 3, which was shown\n {2}```\n {2}const line3 = 3;\n {2}```\n/,
  );
  assert.match(md, /\n- `lib\/cli\.js` — \*missing, unverified\*: no such file in the workspace\n/);
  assert.match(md, /<summary>Also consulted \(read, not cited\): 1<\/summary>\n\n- \[README\.md\]\(README\.md\)\n/);
  assert.match(
    md,
    /\n## Steps\n\n1\. `read_file` `\{"path":"src\/long\.ts","start_line":1,"end_line":5\}` → ✓ [\d,]+ chars\n2\. `read_file` `\{"path":"README\.md"\}` → ✓ \d+ chars\n$/,
  );
});

test('export --out into a folder of the workspace: links resolve from there', async () => {
  mkdirSync(join(ws, 'research'), { recursive: true });
  const out = join(ws, 'research', 'r.md');
  const r = await runCli(['export', trajectory, '--format=md', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /\[src\/long\.ts:3\]\(\.\.\/src\/long\.ts#L3\)/);
});

test('export --format html: one file, the run as escaped data, the viewer inline, a CSP that allows only those', async () => {
  const out = join(state, 'run.html');
  const r = await runCli(['export', trajectory, '--format', 'html', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/);
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'the data block and the viewer, nothing injected');
  assert.doesNotMatch(html, /<script src=|<link |https?:\/\/(?!127\.0\.0\.1)[a-z]/i, 'no external resource');
  assert.equal(html.includes('<img src=x'), false, 'the answer is data, every "<" escaped');
});

test('export: usage errors are clear', async () => {
  const a = await runCli(['export', trajectory]);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /--format must be md or html/);
  const b = await runCli(['export', join(state, 'nope.jsonl'), '--format', 'md']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /nope\.jsonl: no such file/);
  const c = await runCli(['export', join(ws, 'README.md'), '--format', 'md']);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /research-copilot: /);
});

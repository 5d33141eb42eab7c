/**
 * Copilot's agent mode calls our workspace tools through vscode.lm: a test-only extension
 * (fixtures/lm-tools-caller-ext) invokes the Language Model Tools we contribute with
 * vscode.lm.invokeTool, exactly as an agent does, and writes back what it got. Without a chat request
 * (no toolInvocationToken) VS Code 1.100 confirms a tool with a modal dialog (LanguageModelToolsService
 * .invokeTool: dialogService.confirm with the tool's confirmationMessages; Cancel throws a CancellationError).
 *
 * The suite runs in another file's session (models.e2e.test.ts, which starts no extra code-server for
 * it): `lmToolsSetup()` gives what that session needs (the caller's .vsix, its environment, its files),
 * `describeLmTools()` registers the tests.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { REPO_ROOT, RESULTS_DIR, runCommand } from '../../../tools/e2e/driver';
import { packageVsix } from '../../../tools/e2e/package-vsix';
import { until, type Session } from './session';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'lm-tools-caller-ext');
const SECRET = 'TOP-SECRET-OUTSIDE-THE-WORKSPACE';
const PLAN_TEXT = '# Plan\n\nShip the vscode.lm tools e2e.\n';

interface Outcome {
  tool: string;
  ok: boolean;
  text?: string;
  error?: string;
  cancelled?: boolean;
}
interface Report {
  id: string;
  offered: { name: string; inputSchema: unknown }[];
  results: Outcome[];
}

export interface LmToolsSetup {
  /** Where the caller reads its plan and writes its report; a folder outside the workspace with a secret in it. */
  io: string;
  outside: string;
  /** The caller extension, its environment and the workspace files the tests use. */
  extraVsix: string[];
  env: Record<string, string>;
  files: Record<string, string>;
  /** Once the session is up: links inside its workspace that lead out of it. */
  started(s: Session): void;
  cleanup(): void;
}

export async function lmToolsSetup(): Promise<LmToolsSetup> {
  const io = mkdtempSync(join(tmpdir(), 'rc-lm-tools-io-'));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'rc-lm-tools-outside-')));
  writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
  const vsix = await packageVsix(FIXTURE, { out: join(RESULTS_DIR, 'lm-tools-caller-e2e.vsix') });
  return {
    io,
    outside,
    extraVsix: [vsix],
    env: { LM_TOOLS_PLAN: join(io, 'plan.json'), LM_TOOLS_RESULT: join(io, 'result.json') },
    files: { 'notes/plan.md': PLAN_TEXT, 'src/keep.ts': 'export const keep = 1;\n' },
    started: (s) => {
      // Links inside the workspace that lead out of it: to a file, and to a folder.
      symlinkSync(join(outside, 'secret.txt'), join(s.workspace, 'secret-link.txt'));
      symlinkSync(outside, join(s.workspace, 'outside-dir'));
    },
    cleanup: () => {
      rmSync(io, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    },
  };
}

let planCount = 0;

/** Writes a plan, starts the caller's command from the palette, and returns a promise of its report. */
async function invoke(
  s: Session,
  { io }: LmToolsSetup,
  calls: { tool: string; input: Record<string, unknown> }[],
): Promise<() => Promise<Report>> {
  const id = `plan-${++planCount}`;
  writeFileSync(join(io, 'plan.json'), JSON.stringify({ id, calls }));
  await runCommand(s.page, 'LM Tools Caller: Invoke Planned Tools');
  return () =>
    until(
      `the caller's report for ${id}`,
      () => {
        const file = join(io, 'result.json');
        const r = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : undefined;
        return r?.id === id ? r : undefined;
      },
      60_000,
    );
}

const dialog = (s: Session): Locator => s.page.locator('.monaco-dialog-box');
const tool = (name: string) => `researchCopilot_${name}`;

async function readInside(s: Session, t: LmToolsSetup): Promise<void> {
  const report = await (
    await invoke(s, t, [
      { tool: tool('read_file'), input: { path: 'notes/plan.md' } },
      { tool: tool('list_directory'), input: { path: '' } },
      { tool: tool('search_text'), input: { query: 'vscode.lm tools' } },
    ])
  )();
  const offered = report.offered.map((t) => t.name).filter((n) => n.startsWith('researchCopilot_'));
  assert.deepEqual(offered.sort(), ['edit_file', 'find_files', 'list_directory', 'read_file', 'search_text', 'write_file'].map(tool));
  const [read, list, search] = report.results;
  assert.ok(read.ok, read.error);
  assert.ok(read.text?.includes('Ship the vscode.lm tools e2e.'), read.text);
  assert.ok(list.ok && /notes\//.test(list.text ?? '') && /src\//.test(list.text ?? ''), list.text);
  assert.ok(search.ok && /notes\/plan\.md:3/.test(search.text ?? ''), search.text);
}

async function confinement(s: Session, t: LmToolsSetup): Promise<void> {
  const { outside } = t;
  const climb = relative(s.workspace, join(outside, 'secret.txt'));
  assert.ok(climb.startsWith('../'), climb);
  const report = await (
    await invoke(s, t, [
      { tool: tool('read_file'), input: { path: climb } },
      { tool: tool('read_file'), input: { path: join(outside, 'secret.txt') } },
      { tool: tool('read_file'), input: { path: 'secret-link.txt' } },
      { tool: tool('read_file'), input: { path: 'outside-dir/secret.txt' } },
      { tool: tool('list_directory'), input: { path: 'outside-dir' } },
      { tool: tool('find_files'), input: { pattern: '../**/secret.txt' } },
      // Writes that would be refused are refused before any confirmation is asked (no dialog opens:
      // if one did, this plan would wait on it and the report would never come).
      { tool: tool('write_file'), input: { path: `${climb}.planted`, content: 'x' } },
      { tool: tool('write_file'), input: { path: 'outside-dir/planted.txt', content: 'x' } },
    ])
  )();
  const expect = [
    /Path "\.\.\/.*secret\.txt" refused: it climbs out of the workspace with '\.\.'/,
    /Path "\/.*secret\.txt" refused: it is absolute; use a path relative to the workspace root/,
    /Refused: "secret-link\.txt" is a symbolic link that leads outside the workspace/,
    /Refused: "outside-dir" \(on the way to "outside-dir\/secret\.txt"\) is a symbolic link that leads outside the workspace/,
    /Refused: "outside-dir" is a symbolic link that leads outside the workspace/,
    /Pattern "\.\.\/\*\*\/secret\.txt" refused: it contains a '\.\.' segment/,
    /Path "\.\.\/.*planted" refused: it climbs out of the workspace/,
    /Refused: "outside-dir" .*symbolic link that leads outside the workspace/,
  ];
  report.results.forEach((r, i) => {
    assert.ok(r.ok, `call ${i}: ${r.error}`);
    assert.match(r.text ?? '', expect[i], `call ${i}: ${r.text}`);
    assert.ok(!r.text?.includes(SECRET), `call ${i} leaked the file outside`);
  });
  assert.equal(await dialog(s).count(), 0);
  assert.ok(!existsSync(join(outside, 'planted.txt')) && !existsSync(join(outside, 'secret.txt.planted')));
}

async function approval(s: Session, t: LmToolsSetup): Promise<void> {
  const target = join(s.workspace, 'notes', 'new.md');
  const refused = await invoke(s, t, [{ tool: tool('write_file'), input: { path: 'notes/new.md', content: 'approved text\n' } }]);
  await dialog(s).waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await dialog(s).innerText(), /Allow write_file\?[\s\S]*Change notes\/new\.md in the workspace/);
  await s.shot('lm-tools-write-confirmation');
  await dialog(s)
    .locator('.monaco-button', { hasText: /^Cancel$/ })
    .click();
  const r1 = (await refused()).results[0];
  assert.ok(!r1.ok && r1.cancelled, JSON.stringify(r1));
  assert.ok(!existsSync(target), 'a cancelled write changed nothing');

  const allowed = await invoke(s, t, [
    { tool: tool('write_file'), input: { path: 'notes/new.md', content: 'approved text\n' } },
    { tool: tool('edit_file'), input: { path: 'notes/plan.md', old_text: 'Ship', new_text: 'Shipped' } },
  ]);
  for (const title of [/Allow write_file\?/, /Allow edit_file\?[\s\S]*notes\/plan\.md/]) {
    await until(
      'the confirmation dialog',
      async () =>
        (await dialog(s).isVisible()) &&
        title.test(
          await dialog(s)
            .innerText()
            .catch(() => ''),
        ),
      30_000,
    );
    await dialog(s).locator('.monaco-button', { hasText: /^Yes$/ }).click();
    // The next confirmation may replace this one at once: wait until this one is gone, not for no dialog.
    await until(
      'the confirmation to close',
      async () =>
        !(await dialog(s).isVisible()) ||
        !title.test(
          await dialog(s)
            .innerText()
            .catch(() => ''),
        ),
      15_000,
    );
  }
  const [write, edit] = (await allowed()).results;
  assert.ok(write.ok && /Created notes\/new\.md/.test(write.text ?? ''), JSON.stringify(write));
  assert.ok(edit.ok, JSON.stringify(edit));
  assert.equal(readFileSync(target, 'utf8'), 'approved text\n');
  assert.equal(readFileSync(join(s.workspace, 'notes', 'plan.md'), 'utf8'), PLAN_TEXT.replace('Ship', 'Shipped'));
}

/** Registers the suite; `ready` gives the session and the setup once the file's before hook has made them. */
export function describeLmTools(ready: () => { s: Session; setup: LmToolsSetup }): void {
  const run = (name: string, body: (s: Session, t: LmToolsSetup) => Promise<void>) => () => {
    const { s, setup } = ready();
    return s.step(name, () => body(s, setup))();
  };
  describe("Copilot agent mode's path: our Language Model Tools through vscode.lm.invokeTool", { timeout: 10 * 60_000 }, () => {
    it('offers the workspace tools to an agent, and a read inside the workspace returns the file', run('lm-tools-read', readInside));
    it('refuses ../ escapes, absolute paths and links that lead outside, and says why', run('lm-tools-confinement', confinement));
    it('a write asks for approval first: Cancel refuses it and nothing changes, Yes writes the file', run('lm-tools-approval', approval));
  });
}

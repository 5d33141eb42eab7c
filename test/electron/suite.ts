/**
 * Runs inside desktop VS Code's extension host, started by @vscode/test-electron from
 * test/e2e/electron.e2e.test.ts (only on machines that can download VS Code). It drives the
 * extension through its commands: Research This on a selection, against the scripted model whose URL
 * is in RC_ELECTRON_MODEL_URL, and checks that the run's trajectory ends with an answer.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TrajectoryFolder } from '../../src/node/trajectoryFolder';

const EXTENSION_ID = 'research-copilot.research-copilot';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed in the development host`);
  const config = vscode.workspace.getConfiguration('researchCopilot');
  await config.update('baseUrl', process.env.RC_ELECTRON_MODEL_URL, vscode.ConfigurationTarget.Global);
  await config.update('model', 'fake-model', vscode.ConfigurationTarget.Global);

  const commands = await vscode.commands.getCommands(true);
  for (const id of ['researchThis', 'askCodebase', 'insertFindings', 'stop', 'showRuns', 'setApiKey']) {
    assert.ok(commands.includes(`researchCopilot.${id}`), `researchCopilot.${id} is registered`);
  }

  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'notes.md'));
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(2, 0, 2, doc.lineAt(2).text.length);
  await vscode.commands.executeCommand('researchCopilot.researchThis');
  assert.ok(ext.isActive, 'the command activated the extension');

  const store = new TrajectoryFolder(join(process.env.RC_ELECTRON_USER_DATA ?? '', 'User', 'globalStorage', EXTENSION_ID, 'runs'));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const end = store
      .list()
      .map((r) => store.read(r.runId).at(-1))
      .find((e) => e?.type === 'run_end');
    if (end?.type === 'run_end') {
      assert.equal(end.stopReason, 'answered');
      return;
    }
    if (Date.now() > deadline) throw new Error(`no finished run in ${store.folder} after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

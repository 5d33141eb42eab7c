/**
 * The layer rules live in eslint.config.mjs (the editor shows them as you type); this proves each one
 * bites: a forbidden import in every layer is an error, an allowed one is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(__dirname, '..', '..');

async function linter(): Promise<ESLint> {
  const { layerConfigs } = (await import(join(ROOT, 'eslint.config.mjs'))) as { layerConfigs: ESLint.Options['overrideConfig'][] };
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as never } }, ...(layerConfigs as never[])],
  });
}

async function problems(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const FORBIDDEN: [file: string, code: string, why: RegExp][] = [
  ['src/agent/x.ts', "import * as vscode from 'vscode';", /only src\/host imports vscode/],
  ['src/agent/x.ts', "import { readFileSync } from 'node:fs';", /through ports/],
  ['src/agent/x.ts', "import { readFile } from 'node:fs/promises';", /through ports/],
  ['src/agent/x.ts', "import 'node:child_process';", /through ports/],
  ['src/agent/x.ts', "import { createRunTools } from '../node/runTools';", /must not import src\/node/],
  ['src/agent/x.ts', "export { x } from '../tools/workspace/index';", /must not import src\/tools/],
  ['src/agent/model/protocols/x.ts', "import { RunManager } from '../../../host/runManager';", /must not import src\/host/],
  ['src/agent/loop/x.ts', "import * as vscode from 'vscode';", /only src\/host imports vscode/],
  ['src/agent/loop/x.ts', "import { startRun } from '../run/runFactory';", /src\/agent\/loop must not import src\/agent\/run/],
  ['src/agent/consent/egress/x.ts', "import { runAgent } from '../../loop/loop';", /src\/agent\/consent must not import src\/agent\/loop/],
  ['src/agent/model/x.ts', "import { ToolRunner } from '../loop/toolRunner';", /src\/agent\/model must not import src\/agent\/loop/],
  [
    'src/agent/citations/x.ts',
    "import { Consent } from '../consent/consent';",
    /src\/agent\/citations must not import src\/agent\/consent/,
  ],
  ['src/agent/findings/x.ts', "import { startRun } from '../run/runFactory';", /src\/agent\/findings must not import src\/agent\/run/],
  ['src/agent/findings/x.ts', "import { runAgent } from '../loop/loop';", /src\/agent\/findings must not import src\/agent\/loop/],
  ['src/agent/findings/x.ts', "import { Consent } from '../consent/consent';", /src\/agent\/findings must not import src\/agent\/consent/],
  ['src/agent/findings/x.ts', "import { retryPolicy } from '../model/retry';", /src\/agent\/findings must not import src\/agent\/model/],
  ['src/agent/findings/x.ts', "import { readFile } from 'node:fs/promises';", /through ports/],
  ['src/agent/findings/x.ts', "import { execFile } from 'node:child_process';", /through ports/],
  [
    'src/agent/citations/x.ts',
    "import { scanCitations } from '../findings/scan';",
    /src\/agent\/citations must not import src\/agent\/findings/,
  ],
  ['src/agent/x.ts', "import { runAgent } from './loop/loop';", /types of src\/agent\/loop, never its code/],
  ['src/agent/loop/x.ts', "import { askFollowUp } from '../session/session';", /src\/agent\/loop must not import src\/agent\/session/],
  ['src/agent/run/x.ts', "import { askFollowUp } from '../session/session';", /src\/agent\/run must not import src\/agent\/session/],
  [
    'src/agent/citations/x.ts',
    "import { planRecord } from '../session/record';",
    /src\/agent\/citations must not import src\/agent\/session/,
  ],
  ['src/agent/consent/x.ts', "import { sessionTurns } from '../session/turns';", /src\/agent\/consent must not import src\/agent\/session/],
  ['src/agent/model/x.ts', "import { foldTurns } from '../session/fold';", /src\/agent\/model must not import src\/agent\/session/],
  ['src/agent/x.ts', "import { formatSources } from '../report/sources';", /must not import src\/report/],
  ['src/report/x.ts', "import { NodeWorkspace } from '../node/nodeWorkspace';", /must not import src\/node/],
  ['src/report/x.ts', "import * as vscode from 'vscode';", /only src\/host imports vscode/],
  ['src/tools/x.ts', "import { spawn } from 'child_process';", /through ports/],
  ['src/tools/x.ts', "import { createSandbox } from '../sandbox/index';", /must not import src\/sandbox/],
  ['src/tools/web/x.ts', "import { connectMcpServers } from '../../mcp/index';", /must not import src\/mcp/],
  ['src/sandbox/x.ts', "import { createRunCodeTool } from '../tools/runCode';", /must not import src\/tools/],
  ['src/sandbox/worker/x.ts', "import * as vscode from 'vscode';", /only src\/host/],
  ['src/mcp/x.ts', "import { NodeWorkspace } from '../node/nodeWorkspace';", /must not import src\/node/],
  ['src/node/x.ts', "import { readSettings } from '../host/config';", /must not import src\/host/],
  ['src/node/x.ts', "import { main } from '../cli/main';", /must not import src\/cli/],
  ['src/shared/x.ts', "import { join } from 'node:path';", /browser: no Node modules/],
  ['src/shared/x.ts', "import { RunManager } from '../host/runManager';", /must not import src\/host/],
  ['src/cli/x.ts', "import { readSettings } from '../host/config';", /must not import src\/host/],
  ['src/eval/x.ts', "import { readSettings } from '../host/config';", /must not import src\/host/],
  ['src/eval/x.ts', "import * as vscode from 'vscode';", /only src\/host/],
  ['src/node/x.ts', "import { runEvaluation } from '../eval/runner';", /must not import src\/eval/],
  ['src/cli/x.ts', "import * as vscode from 'vscode';", /only src\/host/],
  ['src/host/x.ts', "import { main } from '../cli/main';", /must not import src\/cli/],
  ['src/host/x.ts', "import { Store } from '../../webview/store';", /must not import webview/],
  ['webview/x.ts', "import { RunManager } from '../src/host/runManager';", /must not import src\/host/],
  ['webview/x.ts', "import { readFileSync } from 'node:fs';", /through ports|browser/],
  ['webview/x.ts', "import * as vscode from 'vscode';", /only src\/host/],
];

const ALLOWED: [file: string, code: string][] = [
  ['src/agent/x.ts', "import { randomUUID } from 'node:crypto';"],
  ['src/tools/x.ts', "import type { Tool } from '../agent/tool';"],
  ['src/tools/x.ts', "import type { Sandbox } from '../sandbox/types';"],
  ['src/node/x.ts', "import { createRunCodeTool } from '../tools/runCode';"],
  ['src/cli/x.ts', "import { NodeWorkspace } from '../node/nodeWorkspace';"],
  ['src/cli/x.ts', "import { runEvaluation } from '../eval/runner';"],
  ['src/host/x.ts', "import { runEvaluation } from '../eval/runner';"],
  ['src/host/x.ts', "import * as vscode from 'vscode';\nimport { runAgent } from '../agent/loop/loop';"],
  ['src/agent/run/x.ts', "import { runAgent } from '../loop/loop';"],
  ['src/agent/session/x.ts', "import { startRun } from '../run/runFactory';\nimport { Evidence } from '../citations/evidence';"],
  ['src/agent/findings/x.ts', "import { normalizeCitedPath } from '../citations/paths';"],
  ['src/node/x.ts', "import { FindingsChecker } from '../agent/findings/checker';"],
  ['src/agent/loop/x.ts', "import { Consent } from '../consent/consent';"],
  ['src/agent/x.ts', "import type { Consent } from './consent/consent';"],
  ['src/node/x.ts', "import { markdownReport } from '../report/markdownReport';"],
  ['src/host/x.ts', "import { commentPrefix } from '../report/commentStyle';"],
  ['webview/x.ts', "import type { PanelMessage } from '../src/shared/panelProtocol';"],
];

test('every layer rule rejects the import it forbids', async () => {
  const eslint = await linter();
  for (const [file, code, why] of FORBIDDEN) {
    const found = await problems(eslint, file, code);
    assert.ok(
      found.some((p) => p.startsWith('no-restricted-imports') && why.test(p)),
      `${file}: ${code} → ${JSON.stringify(found)}`,
    );
  }
});

test('imports along the layers are allowed', async () => {
  const eslint = await linter();
  for (const [file, code] of ALLOWED) assert.deepEqual(await problems(eslint, file, code), [], `${file}: ${code}`);
});

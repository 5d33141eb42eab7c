/**
 * One end-to-end session: the project built and packaged as a .vsix (once per test process), a
 * scripted model on 127.0.0.1, a real VS Code (code-server) with the .vsix installed and pointed at
 * that model, and Chromium driving its workbench.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AgentEvent } from '../../../src/agent/events';
import { TrajectoryFolder } from '../../../src/node/trajectoryFolder';
import { openWorkbench, RESULTS_DIR, screenshot, type Workbench } from '../../../tools/e2e/driver';
import { startVsCode, type VsCodeHost } from '../../../tools/e2e/host';
import type { HostSpec } from '../../../tools/e2e/install';
import { buildAndPackage } from '../../../tools/package';
import type { FakeModel } from '../../../tools/fake-model/server';
import { startScenarioModel, type Scenario } from './scriptedModel';

export const API_KEY = 'sk-e2e-secret-0123456789abcdef';
const EXTENSION_ID = 'research-copilot.research-copilot';

let vsixPromise: Promise<string> | undefined;

/**
 * Builds and packages the extension as `npm run package` does (tools/package.ts), once per test process;
 * `npm test` packs it once for every e2e file and names it in RC_E2E_VSIX.
 */
export function buildVsix(): Promise<string> {
  const given = process.env.RC_E2E_VSIX;
  if (given && !existsSync(given)) throw new Error(`RC_E2E_VSIX names ${given}, which does not exist`);
  vsixPromise ??= given ? Promise.resolve(given) : buildAndPackage({ out: join(RESULTS_DIR, 'research-copilot.vsix') });
  return vsixPromise;
}

export interface SessionOptions {
  /** Which code-server (default: the pinned one). */
  host?: HostSpec;
  scenarios: Record<string, Scenario>;
  /** Workspace files (relative path → content). */
  files: Record<string, string>;
  settings?: Record<string, unknown>;
  /** No endpoint settings at all (runs then use a model VS Code offers). */
  noEndpoint?: boolean;
  /** More extensions to install, code-server arguments, environment for the extension host. */
  extraVsix?: string[];
  serverArgs?: string[];
  env?: Record<string, string>;
}

export interface Session {
  host: VsCodeHost;
  wb: Workbench;
  page: Page;
  model: FakeModel;
  workspace: string;
  /** Where the extension keeps its trajectories. */
  runsDir: string;
  /** The trajectory on disk whose question contains `tag` (read with the extension's own TrajectoryFolder). */
  run(tag: string): { path: string; events: AgentEvent[] } | undefined;
  /** Waits until that trajectory ends with run_end, and returns it. */
  finishedRun(tag: string, timeoutMs?: number): Promise<{ path: string; events: AgentEvent[] }>;
  shot(name: string): Promise<string>;
  /** Runs a test body; when it fails, saves a screenshot named after it and the extension's log tail. */
  step(name: string, body: () => Promise<void>): () => Promise<void>;
  /** The extension's own log (its LogOutputChannel), as written by VS Code. */
  extensionLog(): string;
  /** The user settings as VS Code last wrote them (User/settings.json); throws while it is being rewritten. */
  userSettings(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startSession(o: SessionOptions): Promise<Session> {
  const vsix = await buildVsix();
  const root = mkdtempSync(join(tmpdir(), 'rc-e2e-ext-'));
  const workspace = join(root, 'workspace');
  for (const [rel, content] of Object.entries(o.files)) {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), content);
  }
  mkdirSync(workspace, { recursive: true });
  const model = await startScenarioModel(o.scenarios);
  let host: VsCodeHost | undefined;
  let wb: Workbench | undefined;
  try {
    host = await startVsCode({
      ...(o.host ? { host: o.host } : {}),
      vsix,
      workspace,
      env: { RESEARCH_COPILOT_API_KEY: API_KEY, ...(o.env ?? {}) },
      ...(o.extraVsix ? { extraVsix: o.extraVsix } : {}),
      ...(o.serverArgs ? { serverArgs: o.serverArgs } : {}),
      settings: {
        ...(o.noEndpoint ? {} : { 'researchCopilot.baseUrl': model.url, 'researchCopilot.model': 'fake-model' }),
        'files.autoSave': 'off',
        ...(o.settings ?? {}),
      },
    });
    wb = await openWorkbench(host.url, workspace);
  } catch (e) {
    await wb?.close();
    await host?.stop();
    await model.close();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  const h = host;
  const w = wb;
  const runsDir = join(h.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'runs');
  const store = new TrajectoryFolder(runsDir);
  const run = (tag: string) => {
    const found = store.list().find((r) => r.question.includes(tag));
    return found && { path: found.path, events: store.read(found.runId) };
  };
  return {
    host: h,
    wb: w,
    page: w.page,
    model,
    workspace,
    runsDir,
    run,
    finishedRun: (tag, timeoutMs = 30_000) =>
      until(
        `the trajectory of ${tag} to end`,
        () => {
          const r = run(tag);
          return r?.events.at(-1)?.type === 'run_end' ? r : undefined;
        },
        timeoutMs,
      ),
    shot: (name) => screenshot(w.page, name),
    extensionLog: () => extensionLog(h.logsDir),
    userSettings: () => JSON.parse(readFileSync(join(h.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>,
    step: (name, body) => async () => {
      try {
        await body();
      } catch (e) {
        const png = await screenshot(w.page, `FAILED-${name}`).catch(() => '(no screenshot)');
        const log = extensionLog(h.logsDir).split('\n').slice(-30).join('\n');
        (e as Error).message += `\nscreenshot: ${png}\nextension log (last lines):\n${log}`;
        throw e;
      }
    },
    close: async () => {
      await w.close();
      await h.stop();
      await model.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Concatenates every "Research Copilot" output-channel log file VS Code wrote for this profile. */
function extensionLog(logsDir: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Research Copilot\.log$|exthost\.log$/.test(e.name)) out.push(`== ${p}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(logsDir);
  return out.join('\n');
}

/** Polls until `get` returns a value that is not undefined/false. */
export async function until<T>(
  what: string,
  get: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

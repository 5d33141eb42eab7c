// Starts a real VS Code (code-server 4.100.3 on the system Node) on 127.0.0.1 with a fresh, private
// profile, and stops it again without leaving a process behind. See tools/e2e/README.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onExitOrSignal } from './exitHooks';
import { ensureE2eDeps } from './install';

export interface StartVsCodeOptions {
  /** A .vsix to install into the fresh profile before the server starts. */
  vsix?: string;
  /** More .vsix files to install (test-only extensions). */
  extraVsix?: string[];
  /** Extra code-server arguments, e.g. `--enable-proposed-api ID` for a test extension. */
  serverArgs?: string[];
  /** Not supported: code-server cannot load an unpacked extension for development; package a .vsix. */
  extensionDevelopmentPath?: never;
  /** Folder (or .code-workspace) the server opens; it must exist. */
  workspace: string;
  /** Extra environment for the server and so for the extension host (API keys, model URLs...). */
  env?: Record<string, string>;
  /** Merged over the harness' default user settings. */
  settings?: Record<string, unknown>;
  /** How long to wait for /healthz (default 60 s). */
  startTimeoutMs?: number;
}

export interface VsCodeHost {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  port: number;
  /** Temp folder that holds everything below; removed by stop() unless RC_E2E_KEEP=1. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** VS Code's own logs (exthost, remoteagent, ...) under the user data dir. */
  logsDir: string;
  /** code-server's stdout+stderr. */
  serverLog: string;
  /** The workspace folder it was started on. */
  workspace: string;
  /** PID of the code-server process started (also its process group id). */
  pid: number;
  /** Marker put into the environment of every process of this host. */
  hostId: string;
  /** PIDs of this host's processes still alive (not zombies); [] after stop(). */
  alivePids(): number[];
  /** Stops the server and every process it started; resolves when they are gone. Idempotent. */
  stop(): Promise<void>;
}

const HOST_ID_VAR = 'RC_E2E_HOST_ID';

/** User settings that keep a test profile quiet and offline. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.editor.restoreViewState': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'telemetry.telemetryLevel': 'off',
  'telemetry.enableTelemetry': false,
  'telemetry.enableCrashReporter': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'chat.setupFromDialog': false,
  'github.copilot.enable': { '*': false },
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.surveys.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
  'terminal.integrated.enablePersistentSessions': false,
};

/** Settings of DEFAULT_SETTINGS that VS Code registers as machine-scoped (ignored in User/settings.json by a remote). */
const MACHINE_SCOPED = ['workbench.welcomePage.walkthroughs.openOnInstall'];

const live = new Set<HostState>();

interface HostState {
  pid: number;
  hostId: string;
  child: ChildProcess;
  watchdog?: ChildProcess;
  root: string;
  stopped: boolean;
}

export async function startVsCode(opts: StartVsCodeOptions): Promise<VsCodeHost> {
  if ((opts as { extensionDevelopmentPath?: unknown }).extensionDevelopmentPath !== undefined) {
    throw new Error('extensionDevelopmentPath is not supported by code-server: package a .vsix and pass { vsix }');
  }
  const workspace = resolve(opts.workspace);
  if (!existsSync(workspace)) throw new Error(`workspace ${workspace} does not exist`);
  // Silent when everything is cached; says what it does when it has to install.
  const deps = await ensureE2eDeps({ log: (l) => void (l.startsWith('ready (cached)') || console.log(`[e2e-install] ${l}`)) });
  onExitOrSignal(stopAllSync);

  const root = mkdtempSync(join(process.env.RC_E2E_TMP || tmpdir(), 'rc-e2e-'));
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    home: join(root, 'home'),
    config: join(root, 'xdg-config'),
    data: join(root, 'xdg-data'),
    cache: join(root, 'xdg-cache'),
    tmp: join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) };
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // Machine-scoped settings of a remote (code-server) are read from Machine/settings.json only.
  mkdirSync(join(dirs.userData, 'Machine'), { recursive: true });
  const machine = Object.fromEntries(MACHINE_SCOPED.filter((k) => k in settings).map((k) => [k, settings[k]]));
  writeFileSync(join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
  // code-server writes a config.yaml with a random password into XDG_CONFIG_HOME unless given one.
  const configYaml = join(root, 'code-server.yaml');
  writeFileSync(configYaml, 'auth: none\ncert: false\n');

  const hostId = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const env = hostEnv(dirs, hostId, opts.env);
  const base = ['--config', configYaml, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  for (const file of [opts.vsix, ...(opts.extraVsix ?? [])]) {
    if (!file) continue;
    const vsix = resolve(file);
    const r = spawnSync(deps.nodePath, [deps.codeServerEntry, ...base, '--install-extension', vsix, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`--install-extension ${vsix} failed (status ${r.status}):\n${out}`);
    }
  }

  const port = await freePort();
  const serverLog = join(root, 'code-server.log');
  const logFd = openSync(serverLog, 'a');
  const args = [
    deps.codeServerEntry,
    ...base,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.serverArgs ?? []),
    workspace,
  ];
  // detached: its own process group, so stop() can signal the whole group.
  const child = spawn(deps.nodePath, args, { env, cwd: workspace, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  // Do not keep the test process alive: if a test never calls stop(), the process still exits and the
  // 'exit' handler below kills the host.
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(root, { recursive: true, force: true });
    throw new Error('code-server did not start');
  }
  const state: HostState = { pid, hostId, child, root, stopped: false };
  live.add(state);
  state.watchdog = startWatchdog(pid, hostId, root);

  const url = `http://127.0.0.1:${port}`;
  const host: VsCodeHost = {
    url,
    port,
    root,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    logsDir: join(dirs.userData, 'logs'),
    serverLog,
    workspace,
    pid,
    hostId,
    alivePids: () => hostPids(pid, hostId),
    stop: () => stopHost(state),
  };
  try {
    await waitForHealthz(url, child, serverLog, opts.startTimeoutMs ?? 60_000);
  } catch (e) {
    await host.stop();
    throw e;
  }
  return host;
}

function hostEnv(dirs: Record<string, string>, hostId: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing from an enclosing VS Code terminal, npm run, node:test or tsx; no project secrets from the
    // developer's shell either (a test passes what it needs in opts.env).
    if (/^(VSCODE_|ELECTRON_|npm_|RESEARCH_COPILOT_|HELLO_E2E_)/i.test(k)) continue;
    if (
      [
        'NODE_OPTIONS',
        'NODE_TEST_CONTEXT',
        'NODE_CHANNEL_FD',
        'NODE_CHANNEL_SERIALIZATION_MODE',
        'TSX_TSCONFIG_PATH',
        'PASSWORD',
        'HASHED_PASSWORD',
        'PORT',
        'CODE_SERVER_CONFIG',
        'GITHUB_TOKEN',
      ].includes(k)
    )
      continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    [HOST_ID_VAR]: hostId,
  });
  Object.assign(env, extra);
  return env;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? res(port) : rej(new Error('no free port'))));
    });
  });
}

function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { timeout: timeoutMs }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', rej);
    req.end();
  });
}

async function waitForHealthz(url: string, child: ChildProcess, serverLog: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${tail(serverLog)}`);
    }
    try {
      const r = await httpGet(`${url}/healthz`, 2000);
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms (${last}):\n${tail(serverLog)}`);
}

function tail(file: string, n = 4000): string {
  try {
    return readFileSync(file, 'utf8').slice(-n);
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes

interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) });
    } catch {
      /* gone */
    }
  }
  return out;
}

function hasMarker(pid: number, hostId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${HOST_ID_VAR}=${hostId}`);
  } catch {
    return false;
  }
}

/**
 * Every live (non-zombie) process of a host: the one started, its descendants, its process group, and
 * anything carrying the host's marker in its environment (which catches a child that called setsid(),
 * like the pty host's shells, even after its parent died and it was re-parented).
 */
export function hostPids(pid: number, hostId: string): number[] {
  const procs = readProcs().filter((p) => p.state !== 'Z' && p.state !== 'X' && p.pid !== process.pid);
  const found = new Set<number>();
  const children = new Map<number, number[]>();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid)!.push(p.pid);
    if (p.pid === pid || p.pgrp === pid || hasMarker(p.pid, hostId)) found.add(p.pid);
  }
  const stack = [...found];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!found.has(c)) {
        found.add(c);
        stack.push(c);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

function signalAll(pid: number, pids: number[], sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* group gone */
  }
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone */
    }
  }
}

async function stopHost(s: HostState): Promise<void> {
  if (s.stopped) return;
  s.stopped = true;
  // Collect before signalling: once the parent dies, its children are re-parented.
  let pids = hostPids(s.pid, s.hostId);
  signalAll(s.pid, pids, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (pids = hostPids(s.pid, s.hostId)).length) await sleep(100);
  if (pids.length) {
    signalAll(s.pid, pids, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (Date.now() < hard && (pids = hostPids(s.pid, s.hostId)).length) {
      signalAll(s.pid, pids, 'SIGKILL');
      await sleep(100);
    }
  }
  if (s.child.exitCode === null && s.child.signalCode === null) {
    await Promise.race([new Promise((r) => s.child.once('exit', r)), sleep(2000)]);
  }
  if (s.watchdog?.pid) {
    try {
      process.kill(s.watchdog.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.delete(s);
  const left = hostPids(s.pid, s.hostId);
  if (process.env.RC_E2E_KEEP !== '1') rmSync(s.root, { recursive: true, force: true });
  if (left.length) throw new Error(`processes of VS Code host ${s.pid} still alive after SIGKILL: ${left.join(' ')}`);
}

function stopAllSync(): void {
  for (const s of live) {
    if (s.stopped) continue;
    s.stopped = true;
    signalAll(s.pid, hostPids(s.pid, s.hostId), 'SIGKILL');
    if (s.watchdog?.pid) {
      try {
        process.kill(s.watchdog.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (process.env.RC_E2E_KEEP !== '1') {
      try {
        rmSync(s.root, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  }
  live.clear();
}

/** Stops every host this process started (for an `after()` hook). */
export async function stopAllVsCodes(): Promise<void> {
  await Promise.all([...live].map((s) => stopHost(s)));
}

/**
 * A detached watchdog that kills the host if this process dies without running its exit handlers
 * (SIGKILL, a crash in native code, the CI job's timeout).
 */
function startWatchdog(pid: number, hostId: string, root: string): ChildProcess | undefined {
  const src = `
const [parent, pid, id, root, keep] = process.argv.slice(1);
const fs = require('fs');
const alive = (p) => { try { process.kill(+p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
function mine() {
  const out = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(n) || +n === process.pid) continue;
    try {
      const st = fs.readFileSync('/proc/' + n + '/stat', 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z') continue;
      if (+n === +pid || +f[2] === +pid || fs.readFileSync('/proc/' + n + '/environ', 'latin1').split('\\0').includes('${HOST_ID_VAR}=' + id)) out.push(+n);
    } catch {}
  }
  return out;
}
setInterval(() => {
  if (!alive(pid) && mine().length === 0) process.exit(0);
  if (alive(parent)) return;
  for (let i = 0; i < 20; i++) {
    try { process.kill(-pid, 'SIGKILL'); } catch {}
    const ps = mine();
    if (!ps.length) break;
    for (const p of ps) { try { process.kill(p, 'SIGKILL'); } catch {} }
  }
  if (keep !== '1') { try { fs.rmSync(root, { recursive: true, force: true }); } catch {} }
  process.exit(0);
}, 1000);
`;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  const w = spawn(
    process.execPath,
    ['-e', src, String(process.pid), String(pid), hostId, root, process.env.RC_E2E_KEEP === '1' ? '1' : '0'],
    { detached: true, stdio: 'ignore', env },
  );
  w.unref();
  return w;
}

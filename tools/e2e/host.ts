// Starts a real VS Code (code-server 4.100.3 on the system Node, or with `host: NEWEST_HOST` 4.139.1 on
// npm's Node 24) on 127.0.0.1 with a fresh, private profile, and stops it again without leaving a
// process behind. See tools/e2e/README.md. The parts:
// host/profile.ts (folders, settings, environment), host/launch.ts (install, start, /healthz),
// host/processes.ts (finding and stopping a host's processes), host/watchdog.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { onExitOrSignal } from './exitHooks';
import { ensureE2eDeps, type HostSpec } from './install';
import { createProfile, hostEnv } from './host/profile';
import { installExtensions, launchServer, waitForHealthz } from './host/launch';
import { hostPids, live, stopAllSync, stopHost, type HostState } from './host/processes';
import { startWatchdog } from './host/watchdog';

export { DEFAULT_SETTINGS } from './host/profile';
export { hostPids, stopAllVsCodes } from './host/processes';

export interface StartVsCodeOptions {
  /** Which code-server (default: the pinned one; NEWEST_HOST for the newest). */
  host?: HostSpec;
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

export async function startVsCode(opts: StartVsCodeOptions): Promise<VsCodeHost> {
  if ((opts as { extensionDevelopmentPath?: unknown }).extensionDevelopmentPath !== undefined) {
    throw new Error('extensionDevelopmentPath is not supported by code-server: package a .vsix and pass { vsix }');
  }
  const workspace = resolve(opts.workspace);
  if (!existsSync(workspace)) throw new Error(`workspace ${workspace} does not exist`);
  // Silent when everything is cached; says what it does when it has to install.
  const deps = await ensureE2eDeps({
    ...(opts.host ? { host: opts.host } : {}),
    log: (l) => void (l.startsWith('ready (cached)') || console.log(`[e2e-install] ${l}`)),
  });
  onExitOrSignal(stopAllSync);

  const root = mkdtempSync(join(process.env.RC_E2E_TMP || tmpdir(), 'rc-e2e-'));
  const { dirs, configYaml } = createProfile(root, opts.settings);
  const hostId = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const env = hostEnv(dirs, hostId, opts.env);
  // What code-server starts by name (`node`) runs on the Node it was installed for.
  env.PATH = `${dirname(deps.nodePath)}:${env.PATH ?? '/usr/bin:/bin'}`;
  const base = ['--config', configYaml, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  installExtensions(deps, base, env, [opts.vsix, ...(opts.extraVsix ?? [])], root);

  const { child, port, serverLog } = await launchServer(deps, base, env, workspace, opts.serverArgs ?? [], root);
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

// Installing extensions into a profile, starting code-server on a free port, and waiting until it answers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { sleep } from './processes';

/** Where code-server is and how it is run (ensureE2eDeps' answer). */
export interface ServerDeps {
  nodePath: string;
  codeServerEntry: string;
}

/** `--install-extension` for each .vsix; on a failure the host's folder is removed and the output thrown. */
export function installExtensions(
  deps: ServerDeps,
  base: string[],
  env: NodeJS.ProcessEnv,
  files: (string | undefined)[],
  root: string,
): void {
  for (const file of files) {
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
}

export interface Launched {
  child: ChildProcess;
  port: number;
  serverLog: string;
}

/** Starts code-server on 127.0.0.1 and a free port, in its own process group, its output in `root`/code-server.log. */
export async function launchServer(
  deps: ServerDeps,
  base: string[],
  env: NodeJS.ProcessEnv,
  workspace: string,
  serverArgs: string[],
  root: string,
): Promise<Launched> {
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
    ...serverArgs,
    workspace,
  ];
  // detached: its own process group, so stop() can signal the whole group.
  const child = spawn(deps.nodePath, args, { env, cwd: workspace, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  // Do not keep the test process alive: if a test never calls stop(), the process still exits and the
  // 'exit' handler (stopAllSync in processes.ts) kills the host.
  child.unref();
  return { child, port, serverLog };
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

export async function waitForHealthz(url: string, child: ChildProcess, serverLog: string, timeoutMs: number): Promise<void> {
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

/** code-server installed with npm into the cache folder, checked, then marked as complete. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, codeServerPaths, writeMarker } from './cache';
import { npmEnv } from './npmEnv';
import { ripgrepRequirement, seedRipgrepCache } from './ripgrep';
import { msSince, run, type Log } from './run';

export async function installCodeServer(cacheDir: string, log: Log, lockDir: string): Promise<void> {
  const tStart = performance.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir}`);
  // A half-finished install (no marker) is thrown away and redone from scratch.
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, '.tmp');
  mkdirSync(tmp, { recursive: true });
  const logFile = join(cacheDir, 'install.log');

  // The npmrc copies ~/.npmrc (which may hold registry credentials): private, and deleted with tmp.
  const npmrc = join(tmp, 'npmrc');
  const env = npmEnv(cacheDir, tmp, npmrc);
  try {
    await installInto(cacheDir, tmp, env, logFile, log, lockDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeMarker(cacheDir);
  log(`code-server installed in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
}

async function installInto(
  cacheDir: string,
  tmp: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  log: Log,
  lockDir: string,
): Promise<void> {
  // Which @vscode/ripgrep will be installed, and which rg release tag its postinstall wants:
  // read them from the packages themselves (npm registry only), so a version bump keeps working.
  const t0 = performance.now();
  const rg = await ripgrepRequirement(tmp, env, log);
  seedRipgrepCache(tmp, rg.packageVersion, rg.tag);
  log(`ripgrep cache seeded for @vscode/ripgrep ${rg.packageVersion} (${rg.tag}) in ${msSince(t0)} ms`);

  writeFileSync(
    join(cacheDir, 'package.json'),
    JSON.stringify(
      {
        name: 'rc-e2e-code-server',
        private: true,
        description: 'cache for tools/e2e',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ) + '\n',
  );

  const t1 = performance.now();
  log(`npm install code-server@${CODE_SERVER_VERSION} (builds native modules; ~1 min on 2 cores), log: ${logFile}`);
  await run(['npm', 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=http'], {
    cwd: cacheDir,
    env,
    log,
    label: 'npm install code-server',
    logFile,
    lockDir,
  });
  log(`npm install: ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  verifyInstall(cacheDir, env, logFile);
}

function verifyInstall(cacheDir: string, env: NodeJS.ProcessEnv, logFile: string): void {
  const { codeServerDir, codeServerEntry } = codeServerPaths(cacheDir);
  const vs = join(codeServerDir, 'lib', 'vscode');
  const need = [
    codeServerEntry,
    join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(vs, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    join(vs, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    join(vs, 'node_modules', 'native-watchdog', 'build', 'Release', 'watchdog.node'),
    join(vs, 'node_modules.asar'),
    join(vs, 'extensions', 'node_modules', 'typescript', 'lib', 'typescript.js'),
  ];
  const missing = need.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`code-server install incomplete (see ${logFile}); missing:\n  ${missing.join('\n  ')}`);
  const r = spawnSync(process.execPath, [codeServerEntry, '--version'], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !r.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed (status ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

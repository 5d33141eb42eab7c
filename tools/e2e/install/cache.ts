/** Where the code-server install lives, and the marker that says it is complete and for which Node. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

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

/** Written last, once the install checked out: without it the folder is wiped and installed again. */
export function writeMarker(cacheDir: string): void {
  const marker: Marker = {
    codeServerVersion: CODE_SERVER_VERSION,
    nodeVersion: process.version,
    nodeModulesAbi: process.versions.modules,
    installedAt: new Date().toISOString(),
  };
  writeFileSync(join(cacheDir, MARKER), JSON.stringify(marker, null, 2) + '\n');
}

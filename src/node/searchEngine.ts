/**
 * Which engine search_text runs, and how to say so. A workspace takes the first of:
 *   1. the rg it is handed: in VS Code, VS Code's own (src/host/vscodeWorkspace.ts);
 *   2. the rg named by RESEARCH_COPILOT_RG;
 *   3. rg on PATH;
 *   4. in the CLI only, the rg inside the npm package @vscode/ripgrep-universal, a dependency of the
 *      CLI that holds a binary for every platform (no download at install); the .vsix leaves it out;
 *   5. the builtin engine (builtinSearch.ts), which needs nothing.
 * An rg that will not start at search time also falls back to the builtin engine.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chooseRipgrep, type RipgrepChoice } from './ripgrep';

export type SearchEngine = ({ kind: 'ripgrep' } & RipgrepChoice) | { kind: 'builtin' };

export const BUNDLED_RIPGREP_PACKAGE = '@vscode/ripgrep-universal';

/** The engine, in the order above; `bundled`: the CLI also tries its own rg. */
export function chooseSearchEngine(given: string | undefined, env: NodeJS.ProcessEnv, bundled: boolean): SearchEngine {
  const rg = chooseRipgrep(given, env, bundled ? bundledRipgrep() : undefined);
  return rg ? { kind: 'ripgrep', ...rg } : { kind: 'builtin' };
}

/** The rg binary of @vscode/ripgrep-universal for this platform, when the package is installed. */
export function bundledRipgrep(): string | undefined {
  try {
    const entry = createRequire(__filename).resolve(BUNDLED_RIPGREP_PACKAGE); // <package>/lib/index.js
    const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
    return join(dirname(dirname(entry)), 'bin', `${process.platform}-${process.arch}`, exe);
  } catch {
    return undefined;
  }
}

const SOURCES: Record<RipgrepChoice['source'], string> = {
  given: 'the editor’s own',
  RESEARCH_COPILOT_RG: 'from RESEARCH_COPILOT_RG',
  PATH: 'on PATH',
  bundled: `bundled with the CLI (${BUNDLED_RIPGREP_PACKAGE})`,
};

/** One line for people: which engine, which binary and why it was chosen. */
export function describeSearchEngine(engine: SearchEngine): string {
  if (engine.kind === 'builtin') return 'builtin engine (no ripgrep found: none on PATH, RESEARCH_COPILOT_RG unset, no bundled one)';
  const version = ripgrepVersion(engine.path);
  return `ripgrep${version ? ` ${version}` : ''} (${engine.path}, ${SOURCES[engine.source]})`;
}

const versions = new Map<string, string | undefined>();

function ripgrepVersion(path: string): string | undefined {
  if (!versions.has(path)) {
    let version: string | undefined;
    try {
      const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
      version = /^ripgrep (\S+)/.exec(out)?.[1];
    } catch {
      version = undefined;
    }
    versions.set(path, version);
  }
  return versions.get(path);
}

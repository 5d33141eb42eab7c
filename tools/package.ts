/**
 * The one way the extension is packaged: `npm run package`, `npm start` and the end-to-end tests all
 * call buildAndPackage, so the tests install exactly what users get: the production build (minified;
 * source maps stay in dist/, .vscodeignore keeps them out), isolated-vm stripped of debug info, and
 * vsce's file list from .vscodeignore.
 *
 * Script use:  node --import tsx tools/package.ts [OUT.vsix]   (default: research-copilot.vsix)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageVsix } from './e2e/package-vsix';

const REPO = resolve(__dirname, '..');

export interface BuildAndPackageOptions {
  /** Where to write the .vsix. */
  out: string;
  /** Print vsce's output as it runs. */
  verbose?: boolean;
}

/** Builds dist/ for production, then packs the .vsix; resolves with its absolute path. */
export async function buildAndPackage(opts: BuildAndPackageOptions): Promise<string> {
  const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: REPO, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the production build failed:\n${build.stdout}${build.stderr}`);
  return packageVsix(REPO, { out: opts.out, verbose: opts.verbose === true });
}

const isMain = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === pathToFileURL(__filename).href;
if (isMain) {
  buildAndPackage({ out: resolve(process.argv[2] ?? 'research-copilot.vsix'), verbose: true })
    .then((vsix) => console.log(vsix))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    });
}

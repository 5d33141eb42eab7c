/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub (not reachable offline) unless its download cache
 * already holds the asset: we read which version and release tag it wants from the packages
 * themselves (npm registry only) and put Debian's rg there, packed the way it expects. Newer code-servers
 * (4.139) use @vscode/ripgrep-universal, which ships rg in the package: nothing to seed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, type Log } from './run';

/** Which @vscode/ripgrep code-server `version` installs and the rg release it downloads; undefined when it uses none. */
export async function ripgrepRequirement(
  version: string,
  tmp: string,
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<{ packageVersion: string; tag: string } | undefined> {
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
  const cs = await pack(`code-server@${version}`);
  const shrink = JSON.parse(extract(cs, 'package/lib/vscode/npm-shrinkwrap.json')) as { packages: Record<string, { version?: string }> };
  const packageVersion = shrink.packages['node_modules/@vscode/ripgrep']?.version;
  if (!packageVersion) {
    if (shrink.packages['node_modules/@vscode/ripgrep-universal']) return undefined;
    throw new Error(`code-server ${version}'s lib/vscode depends on no ripgrep package known here: update tools/e2e/install/ripgrep.ts`);
  }
  const rgTgz = await pack(`@vscode/ripgrep@${packageVersion}`);
  const post = extract(rgTgz, 'package/lib/postinstall.js');
  const tag = post.match(/const VERSION = '([^']+)'/)?.[1];
  if (!tag) throw new Error(`could not read the rg release tag from @vscode/ripgrep@${packageVersion} lib/postinstall.js`);
  rmSync(work, { recursive: true, force: true });
  return { packageVersion, tag };
}

/** Debian's rg, packed the way @vscode/ripgrep's download cache expects its GitHub asset. */
export function seedRipgrepCache(tmp: string, packageVersion: string, tag: string): void {
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

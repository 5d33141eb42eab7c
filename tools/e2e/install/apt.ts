/** Debian packages the harness needs: checked with dpkg-query, installed with apt-get when missing. */
import { spawnSync } from 'node:child_process';
import { msSince, run, type Log } from './run';

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

export function missingAptPackages(pkgs: readonly string[] = APT_PACKAGES): string[] {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...pkgs], { encoding: 'utf8' });
  const ok = new Set<string>();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [name, status] = line.trim().split(/\s+/);
    if (name && status === 'ii') ok.add(name.split(':')[0]);
  }
  return pkgs.filter((p) => !ok.has(p));
}

export async function aptInstall(pkgs: string[], log: Log): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`Debian packages missing and not root (no passwordless sudo): apt-get install ${pkgs.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = performance.now();
  await run([...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', 'update'], { env, log, label: 'apt-get update' });
  log(`apt-get update: ${msSince(t0)} ms`);
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

// Packs an extension folder into a .vsix with @vscode/vsce (3.x: the line that runs on Node 20).
//
// Script use:  node --import tsx tools/e2e/package-vsix.ts EXT_DIR [OUT.vsix]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PackageVsixOptions {
  /** Where to write the .vsix (default: EXT_DIR/NAME-VERSION.vsix, as vsce does; *.vsix is git-ignored). */
  out?: string;
  /** Extra vsce arguments. */
  extraArgs?: string[];
  /** Print vsce's output as it runs. */
  verbose?: boolean;
}

/** The vsce entry point: the project's own @vscode/vsce if installed, else undefined (then npx fetches @vscode/vsce@3). */
export function localVsce(): string | undefined {
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    const pkg = req.resolve('@vscode/vsce/package.json');
    const bin = join(dirname(pkg), 'vsce');
    return existsSync(bin) ? bin : undefined;
  } catch {
    try {
      const req = createRequire(import.meta.url);
      const bin = join(dirname(req.resolve('@vscode/vsce/package.json')), 'vsce');
      return existsSync(bin) ? bin : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Runs `vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --skip-license -o OUT` in extDir.
 * `--no-dependencies` drops node_modules entirely: bundle dependencies first (see the notes on native
 * modules). Resolves with the absolute path of the .vsix.
 */
export async function packageVsix(extDir: string, opts: PackageVsixOptions = {}): Promise<string> {
  const dir = resolve(extDir);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`${dir} has no package.json`);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  const out = resolve(opts.out ?? join(dir, `${manifest.name}-${manifest.version}.vsix`));
  mkdirSync(dirname(out), { recursive: true });
  // README's images are relative (media/…) and ship in the .vsix, where VS Code's extension page resolves
  // them; vsce would otherwise refuse to package them without a `repository` to rewrite them against.
  const vsceArgs = [
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--skip-license',
    '-o',
    out,
    ...(opts.extraArgs ?? []),
  ];
  const local = localVsce();
  const [cmd, args] = local ? [process.execPath, [local, ...vsceArgs]] : ['npx', ['--yes', '@vscode/vsce@3', ...vsceArgs]];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  const t0 = performance.now();
  const output = await new Promise<string>((res, rej) => {
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (b: Buffer) => {
      text += b.toString();
      if (opts.verbose) process.stderr.write(b);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res(text) : rej(new Error(`vsce package failed (${code}) in ${dir}:\n${text}`))));
  });
  if (!existsSync(out) || statSync(out).size === 0) throw new Error(`vsce did not write ${out}:\n${output}`);
  if (opts.verbose) console.error(`[e2e] packaged ${out} in ${Math.round(performance.now() - t0)} ms`);
  return out;
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  const [extDir, out] = process.argv.slice(2);
  if (!extDir) {
    console.error('usage: node --import tsx tools/e2e/package-vsix.ts EXT_DIR [OUT.vsix]');
    process.exit(2);
  }
  packageVsix(extDir, { verbose: true, ...(out ? { out } : {}) })
    .then((p) => console.log(p))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    });
}

/**
 * Packs the .vsix the one way it is packed (tools/package.ts) and writes what it holds to
 * bench-results/package.md: its size, unpacked size and the largest entries.
 * Run: npm run bench:package
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAndPackage } from '../package';
import { machineLine } from './machine';

const REPO = resolve(__dirname, '..', '..');
/** Measured at commit 9c73937 (before the build stripped isolated-vm) with `npm run package`. */
const BEFORE = { vsix: 18_262_048, unpacked: 46_299_082, ivm: 25_946_512 };
/** Measured at commit a4242d3 (dist/cli.js still shipped) with this script; the .vsix to 10 kB. */
const WITH_CLI = { vsix: 9_490_000, unpacked: 22_763_686, cli: 3_373_110 };
/** Measured at commit 549c968 with this script: one main module, loaded at start-up. */
const ONE_MAIN = { vsix: 8_440_000, unpacked: 19_390_000, main: 3_394_147 };

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main(): Promise<void> {
  const vsix = await buildAndPackage({ out: join(mkdtempSync(join(tmpdir(), 'rc-vsix-size-')), 'research-copilot.vsix') });
  const listing = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`unzip -l failed: ${listing.stderr}`);
  const entries = listing.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+\S+\s+\S+\s+(extension\/\S.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ size: Number(m[1]), name: (m[2] ?? '').replace(/^extension\//, '') }))
    .sort((a, b) => b.size - a.size);
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  const size = statSync(vsix).size;
  const ivm = entries.find((e) => e.name.endsWith('isolated_vm.node'))?.size ?? 0;
  const main = entries.find((e) => e.name === 'dist/extension.js')?.size ?? 0;
  const chunks = entries.filter((e) => /^dist\/extension-[\w-]+\.js$/.test(e.name));
  const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB`;
  const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const lines = [
    '# .vsix size',
    '',
    `Machine: ${machineLine()}. research-copilot ${version}, packed by \`tools/package.ts\` (the path \`npm run package\`, \`npm start\` and the e2e tests share).`,
    '',
    '| | before (9c73937) | with dist/cli.js (a4242d3) | one main module (549c968) | now |',
    '|---|---|---|---|---|',
    `| .vsix | ${mb(BEFORE.vsix)} | ${mb(WITH_CLI.vsix)} | ${mb(ONE_MAIN.vsix)} | ${mb(size)} |`,
    `| unpacked | ${mb(BEFORE.unpacked)} | ${mb(WITH_CLI.unpacked)} | ${mb(ONE_MAIN.unpacked)} | ${mb(unpacked)} |`,
    `| dist/node_modules/isolated-vm/out/isolated_vm.node | ${mb(BEFORE.ivm)} (with debug info) | ${mb(ivm)} (\`strip --strip-debug\`) | ${mb(ivm)} | ${mb(ivm)} |`,
    `| dist/cli.js (the headless CLI, never loaded by the extension) | shipped | ${mb(WITH_CLI.cli)} | not shipped | ${entries.some((e) => e.name === 'dist/cli.js') ? 'shipped' : 'not shipped'} |`,
    `| dist/extension.js, loaded by every window at start-up | – | – | ${mb(ONE_MAIN.main)} | ${kb(main)} |`,
    `| dist/extension-*.js, its ${chunks.length} chunks, each loaded on first use | – | – | – | ${mb(chunks.reduce((sum, e) => sum + e.size, 0))} |`,
    '',
    'The chunks (tools/build/nodeBundles.mjs): ' + chunks.map((e) => `${e.name.replace(/^dist\//, '')} ${kb(e.size)}`).join(', ') + '.',
    "Modules two chunks both need are in each of them (linkedom is in the HTML reader and the evaluation's charts; the run loop in the runtime and the evaluation), so the chunks add up to more than the one main module did.",
    '',
    `Entries, largest first (${entries.length} files):`,
    '',
    '| file | bytes |',
    '|---|---|',
    ...entries.map((e) => `| ${e.name} | ${e.size.toLocaleString('en-US')} |`),
    '',
    'Run: `npm run bench:package`.',
    '',
  ];
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results', 'package.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

void main();

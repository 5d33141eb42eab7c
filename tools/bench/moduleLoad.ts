/**
 * How long the extension's packaged main module takes to load (`require`) in plain Node, against a
 * stand-in `vscode` module: each sample is a fresh `node` process, so nothing is cached between them.
 * This is the code-loading part of activation that every VS Code window pays at start-up.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median } from './machine';

/** The top-level names of the `vscode` API (namespaces, classes, enums), read from @types/vscode. */
export function vscodeApiNames(): string[] {
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...new Set([...dts.matchAll(/^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]))];
}

/**
 * Runs in the child: a \`vscode\` stand-in that has the API's top-level names, each of which has any
 * member and can be called or constructed; then one timed require of the main module.
 */
const PROBE = `
const Module = require('node:module');
const deep = new Proxy(function () {}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : deep), apply: () => deep, construct: () => deep });
const stub = Object.fromEntries(JSON.parse(process.argv[2]).map((name) => [name, deep]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
const t0 = performance.now();
require(process.argv[1]);
process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));
`;

export interface ModuleLoad {
  samples: number[];
  medianMs: number;
  minMs: number;
}

/** `runs` fresh processes, each loading `main` once. */
export function measureModuleLoad(main: string, runs = 15): ModuleLoad {
  const samples: number[] = [];
  const names = JSON.stringify(vscodeApiNames());
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', PROBE, main, names], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loading ${main} failed: ${r.stderr.slice(-1500)}`);
    samples.push((JSON.parse(r.stdout) as { ms: number }).ms);
  }
  return { samples, medianMs: median(samples), minMs: Math.min(...samples) };
}

/**
 * Sandbox benchmark: per engine, cold first call (engine start included), warm call latency
 * (median / p95 over 50 calls) and one compute-heavy snippet against plain Node / native CPython.
 * Writes bench-results/sandbox.md. Run: npm run bench:sandbox
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox } from '../../src/sandbox/index';
import type { Language } from '../../src/sandbox/types';
import { machineLine, median, p95 } from './machine';

const WARM_CALLS = 50;
const JS_HEAVY = 'let s = 0; for (let i = 0; i < 3e7; i++) { s = (s + i * i) % 1000003; } s';
const PY_HEAVY = 's = 0\nfor i in range(3 * 10**6):\n    s = (s + i * i) % 1000003\ns';

interface Row {
  engine: string;
  coldMs: number;
  warmMedian: number;
  warmP95: number;
  heavyMs: number;
  nativeMs: number;
  nativeName: string;
}

async function measure(
  label: string,
  language: Language,
  jsEngine: 'isolated-vm' | 'quickjs' | undefined,
  heavy: string,
  native: () => number,
  nativeName: string,
): Promise<Row> {
  const sandbox = createSandbox({ ...(jsEngine ? { jsEngine } : {}), timeoutMs: 120_000 });
  const warmCode = language === 'python' ? '1 + 1' : '1 + 1';
  let t = performance.now();
  const first = await sandbox.run(language, { code: warmCode, timeoutMs: 120_000 });
  const coldMs = performance.now() - t;
  if (first.error) throw new Error(`${label}: ${first.error}`);
  const warm: number[] = [];
  for (let i = 0; i < WARM_CALLS; i++) {
    t = performance.now();
    await sandbox.run(language, { code: warmCode, timeoutMs: 10_000 });
    warm.push(performance.now() - t);
  }
  t = performance.now();
  const heavyRun = await sandbox.run(language, { code: heavy, timeoutMs: 120_000 });
  const heavyMs = performance.now() - t;
  if (heavyRun.error) throw new Error(`${label} heavy: ${heavyRun.error}`);
  await sandbox.dispose();
  return { engine: label, coldMs, warmMedian: median(warm), warmP95: p95(warm), heavyMs, nativeMs: native(), nativeName };
}

function nodeHeavy(): number {
  const t = performance.now();
  (0, eval)(JS_HEAVY);
  return performance.now() - t;
}

function pythonHeavy(): number {
  const script = `import time\nt = time.perf_counter()\n${PY_HEAVY.replace(/\ns$/, '')}\nprint((time.perf_counter() - t) * 1000)`;
  return Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  const rows = [
    await measure('isolated-vm (JS)', 'javascript', 'isolated-vm', JS_HEAVY, nodeHeavy, 'Node'),
    await measure('QuickJS wasm (JS)', 'javascript', 'quickjs', JS_HEAVY, nodeHeavy, 'Node'),
    await measure(
      'Pyodide (Python)',
      'python',
      undefined,
      PY_HEAVY,
      pythonHeavy,
      `CPython ${execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim().split(' ')[1]}`,
    ),
  ];
  const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const lines = [
    '# Sandbox benchmark (run_code engines)',
    '',
    `Machine: ${machineLine()}`,
    '',
    `Cold: first call on a new sandbox, engine start included. Warm: \`1 + 1\`, ${WARM_CALLS} calls after the first, through the Sandbox interface (worker round trip included for QuickJS and Pyodide).`,
    'Heavy: a 3·10⁷-step (JS) / 3·10⁶-step (Python) modular sum loop, versus the same code on plain Node / native CPython.',
    '',
    '| engine | cold first call (ms) | warm median (ms) | warm p95 (ms) | heavy (ms) | native (ms) | slowdown |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.engine} | ${f(r.coldMs)} | ${f(r.warmMedian)} | ${f(r.warmP95)} | ${f(r.heavyMs)} | ${f(r.nativeMs)} (${r.nativeName}) | ${(r.heavyMs / r.nativeMs).toFixed(1)}× |`,
    ),
    '',
    'Targets: warm JS < 5 ms on isolated-vm and < 20 ms on QuickJS; warm Python < 50 ms; cold Python < 3 s.',
    '',
  ];
  mkdirSync(join(__dirname, '..', '..', 'bench-results'), { recursive: true });
  writeFileSync(join(__dirname, '..', '..', 'bench-results', 'sandbox.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

void main();

/**
 * The egress guard at depth: a run of 600 tool calls that read 300 real files (read_file over
 * node_modules/openai, whole files, up to the tool's page size) interleaved with 300 open-world calls,
 * through the agent's own ToolRunner and Consent (the code path of every run). Then, at step 600, the
 * guard's cost per call for several argument shapes, against a naive rescan of everything read.
 *   node --expose-gc --import tsx tools/bench/egress-bench.ts [--out bench-results/egress.md]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Consent } from '../../src/agent/consent/consent';
import type { CallTarget } from '../../src/agent/consent/egress/outgoing';
import { ToolRunner } from '../../src/agent/loop/toolRunner';
import type { Tool } from '../../src/agent/tool';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { codeFiles } from '../../test/helpers/deepScript';
import { machineLine, median, p95 } from './machine';
import { suiteTables } from './egressSuites';
import { ATTEMPTS } from '../../test/helpers/egressAttempts';
import { FLOWS } from '../../test/helpers/egressResearch';
import { loadavg } from 'node:os';

const argv = process.argv.slice(2);
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'bench-results/egress.md';
const ROOT = resolve(__dirname, '../../node_modules/openai');
const FILES = 300;
const STEPS = 600;
const REPS = 2000;

/** An open-world tool that does nothing: what is measured is the guard in front of it. */
const fetchStub: Tool = {
  name: 'fetch_url',
  server: 'web',
  description: 'stub',
  schema: { type: 'object', properties: { url: { type: 'string' } } },
  openWorld: true,
  execute: async () => ({ content: 'ok' }),
};

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function micros(fn: () => unknown, reps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    out.push((performance.now() - t) * 1000);
  }
  return out;
}

interface RunFigures {
  consent: Consent;
  files: string[];
  readMs: number[];
  fetchEarly: number[];
  fetchLate: number[];
  readChars: number;
  sample: string;
  events: () => number;
}

/** The 600 calls: read_file and a no-op fetch_url in turn, through the runner. */
async function deepRun(): Promise<RunFigures> {
  const files = codeFiles(ROOT, FILES);
  if (files.length < FILES) throw new Error(`only ${files.length} code files under ${ROOT}`);
  const tools = [...createWorkspaceTools(new NodeWorkspace(ROOT)), fetchStub];
  let events = 0;
  const consent = new Consent(
    async () => false,
    { allowEgress: true },
    'How does the client retry?',
    () => events++,
  );
  const runner = new ToolRunner({ tools, consent, maxResultChars: 50_000, timeoutMs: 60_000 });
  const signal = new AbortController().signal;
  const f: RunFigures = { consent, files, readMs: [], fetchEarly: [], fetchLate: [], readChars: 0, sample: '', events: () => events };
  for (let step = 1; step <= STEPS; step++) {
    const isRead = step % 2 === 1;
    const n = (step - 1) >> 1;
    const call = isRead
      ? { id: `c${step}`, name: 'read_file', arguments: JSON.stringify({ path: files[n] }) }
      : { id: `c${step}`, name: 'fetch_url', arguments: JSON.stringify({ url: `https://example.com/search?q=retry+backoff+${n}` }) };
    const t = performance.now();
    const outcome = await runner.run(call, step, signal);
    const ms = performance.now() - t;
    if (isRead) {
      f.readMs.push(ms);
      f.readChars += outcome.content.length;
      if (n === 150) f.sample = outcome.content.split('\n').find((l) => l.length > 70) ?? '';
    } else (step <= 100 ? f.fetchEarly : f.fetchLate).push(ms * 1000);
  }
  return f;
}

const FETCH: CallTarget = { tool: 'fetch_url', server: 'web', mcp: false, openWorld: true };
const SEARCH: CallTarget = { tool: 'web_search', server: 'web', mcp: false, openWorld: true };
const MCP: CallTarget = { tool: 'post', server: 'remote', mcp: true, openWorld: true };

/** The guard's check alone at step 600, per argument shape (with a naive rescan of everything read). */
async function shapeRows(f: RunFigures, naive: boolean): Promise<string[]> {
  const guard = f.consent.guard;
  const leak = f.sample.replace(/^\s*\d+\|\s?/, '').slice(0, 60);
  const long = 'Research notes about retry policies, backoff and jitter in HTTP clients. '.repeat(280);
  const shapes: [string, CallTarget, Record<string, unknown>][] = [
    ['fetch_url, clean URL (60 chars)', FETCH, { url: 'https://example.com/search?q=how+does+retry+backoff+work&p=2' }],
    ['fetch_url, URL carrying 60 chars of a file read', FETCH, { url: `https://example.com/c?d=${encodeURIComponent(leak)}` }],
    ['fetch_url, URL with a 40-char hash', FETCH, { url: 'https://github.com/o/r/commit/9b1d5a3c8e7f6a4b2d0c1e9f8a7b6c5d4e3f2a1b' }],
    ['web_search, clean query (300 chars)', SEARCH, { query: long.slice(0, 300) }],
    ['MCP tool, clean arguments (20 KB)', MCP, { text: long.slice(0, 20_000), tags: ['a', 'b'] }],
  ];
  const readFile = createWorkspaceTools(new NodeWorkspace(ROOT)).find((t) => t.name === 'read_file')!;
  const signal = new AbortController().signal;
  const readTexts = naive
    ? await Promise.all(f.files.map(async (p) => (await readFile.execute({ path: p }, { signal, approve: async () => false })).content))
    : [];
  return shapes.map(([what, target, args]) => {
    const found = guard.check(target, args).length;
    const us = micros(() => guard.check(target, args), REPS);
    // The naive rescan of 20 KB would take minutes: it is timed on the shorter shapes only.
    const rescan = !naive || what.includes('20 KB') ? undefined : median(micros(() => naiveRescan(args, readTexts), 5));
    return `| ${what} | ${found} | ${median(us).toFixed(1)} | ${p95(us).toFixed(1)} | ${rescan === undefined ? '(not run)' : fmt(rescan)} |`;
  });
}

async function main(): Promise<void> {
  const load0 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const heap0 = heapMb();
  const f = await deepRun();
  const heap1 = heapMb();
  const size = f.consent.guard.index.size;
  const beforeSecret = await shapeRows(f, true);
  const suites = await suiteTables(f.consent.guard); // the guard has now read the lab's secrets too
  const afterSecret = await shapeRows(f, false);
  const load1 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const md = report({ f, size, heap0, heap1, beforeSecret, afterSecret, suites, load0, load1 });
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md);
  process.stdout.write(md);
}

interface Report {
  f: RunFigures;
  size: { sources: number; chars: number; fingerprints: number };
  heap0: number;
  heap1: number;
  beforeSecret: string[];
  afterSecret: string[];
  suites: Awaited<ReturnType<typeof suiteTables>>;
  load0: string;
  load1: string;
}

function report(r: Report): string {
  const { f, size, suites } = r;
  const shapeHead = '| arguments | matches | guard µs (median) | guard µs (p95) | naive rescan µs (median) |\n|---|---|---|---|---|';
  return `# Egress guard benchmark

A run of ${STEPS} tool calls through the agent's ToolRunner and Consent: ${FILES} \`read_file\` calls over
${FILES} real files of node_modules/openai (${(f.readChars / 1e6).toFixed(2)} M characters read, whole
pages as the model saw them) interleaved with ${STEPS - FILES} open-world calls (a no-op \`fetch_url\`, so
what is timed is the guard in front of it). Then, at step ${STEPS}, the guard's check alone for several
argument shapes, ${REPS} times each (against a naive rescan: every 24-character window of the arguments
searched for in every text read), before and after the guard has seen a secret. Then both suites of
test/helpers (the adversarial attempts and the research flows) in the egress lab, with the cost of each
one's outgoing calls on that step-${STEPS} guard.

Machine: ${machineLine()}. Load average (1/5/15 min) at start: ${r.load0}; at end: ${r.load1}.${busy(r.load0, r.load1)}

Command: \`npm run bench:egress\` (\`node --expose-gc --import tsx tools/bench/egress-bench.ts\`)

## Cost per call at step ${STEPS}, no secret seen

${shapeHead}
${r.beforeSecret.join('\n')}

## Cost per call at step ${STEPS}, after the guard has seen the lab's secrets

(The random-string rule is on: the 40-character hash asks now, as it should.)

${shapeHead}
${r.afterSecret.join('\n')}

## Over the run

| | value |
|---|---|
| open-world call through the runner, steps 2–100, µs (median) | ${median(f.fetchEarly).toFixed(1)} |
| open-world call through the runner, steps 502–600, µs (median) | ${median(f.fetchLate).toFixed(1)} |
| read_file call including indexing its result and detecting secrets in the whole file, ms (median) | ${median(f.readMs).toFixed(2)} |
| text index: sources / canonical characters / fingerprints | ${size.sources} / ${size.chars.toLocaleString('en-US')} / ${size.fingerprints.toLocaleString('en-US')} |
| heap after GC before → after the run, MB | ${r.heap0.toFixed(1)} → ${r.heap1.toFixed(1)} |
| approval events (allowEgress policy: recorded, not asked) | ${f.events()} |

## Adversarial suite: ${suites.held} of ${ATTEMPTS.length} attempts held

Each attempt reads a secret of the lab's workspace and tries to send it to the lab's logging server
(127.0.0.1, standing in for every site, the search provider and the lying MCP server's sink). "Guarded"
is what the server received without --allow-egress; the same calls with --allow-egress show the channel
is real. Cost: the guard's check of the attempt's most expensive outgoing call at step ${STEPS}, µs (median).

| attempt | class | how | guarded: the server received | decided | with --allow-egress | µs at step ${STEPS} |
|---|---|---|---|---|---|---|
${suites.attempts}

## Research suite: ${suites.quiet} of ${FLOWS.length} flows went out without asking

| flow | what | asked | requests that reached the lab server | µs at step ${STEPS} |
|---|---|---|---|---|
${suites.flows}

Calls to real hosts (docs.python.org, github.com, …) resolve to the lab's address on ports 80/443,
where nothing listens: what counts is that they were not asked about and not blocked.
`;
}

function busy(load0: string, load1: string): string {
  const high = Math.max(Number(load0.split(' ')[0]), Number(load1.split(' ')[0]));
  return high > 3 ? ` **The machine was busy (load above 3): figures are slower than on an idle machine.**` : '';
}

function naiveRescan(args: Record<string, unknown>, texts: string[]): boolean {
  const s = JSON.stringify(args);
  for (let i = 0; i + 24 <= s.length; i++) {
    const w = s.slice(i, i + 24);
    if (texts.some((t) => t.includes(w))) return true;
  }
  return false;
}

function fmt(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : us.toFixed(1);
}

void main();

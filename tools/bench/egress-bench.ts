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

async function main(): Promise<void> {
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
  const heap0 = heapMb();

  const readMs: number[] = [];
  const fetchEarly: number[] = [];
  const fetchLate: number[] = [];
  let readChars = 0;
  let sample = '';
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
      readMs.push(ms);
      readChars += outcome.content.length;
      if (n === 150) sample = outcome.content.split('\n').find((l) => l.length > 70) ?? '';
    } else (step <= 100 ? fetchEarly : fetchLate).push(ms * 1000);
  }
  const heap1 = heapMb();
  const size = consent.guard.index.size;

  // At step 600: the guard alone, per argument shape.
  const leak = sample.replace(/^\s*\d+\|\s?/, '').slice(0, 60);
  const long = 'Research notes about retry policies, backoff and jitter in HTTP clients. '.repeat(280);
  const fetch = { tool: 'fetch_url', server: 'web', mcp: false, openWorld: true };
  const search = { tool: 'web_search', server: 'web', mcp: false, openWorld: true };
  const mcp = { tool: 'post', server: 'remote', mcp: true, openWorld: true };
  const shapes: [string, CallTarget, Record<string, unknown>][] = [
    ['fetch_url, clean URL (60 chars)', fetch, { url: 'https://example.com/search?q=how+does+retry+backoff+work&p=2' }],
    ['fetch_url, URL carrying 60 chars of a file read', fetch, { url: `https://example.com/c?d=${encodeURIComponent(leak)}` }],
    ['web_search, clean query (300 chars)', search, { query: long.slice(0, 300) }],
    ['MCP tool, clean arguments (20 KB)', mcp, { text: long.slice(0, 20_000), tags: ['a', 'b'] }],
  ];
  const readFile = tools.find((t) => t.name === 'read_file')!;
  const readTexts = await Promise.all(
    files.map(async (f) => (await readFile.execute({ path: f }, { signal, approve: async () => false })).content),
  );
  const rows = shapes.map(([what, target, args]) => {
    const found = consent.guard.check(target, args).length;
    const guard = micros(() => consent.guard.check(target, args), REPS);
    // The naive rescan of 20 KB would take minutes: it is timed on the shorter shapes only.
    const naive = what.includes('20 KB') ? undefined : median(micros(() => naiveRescan(args, readTexts), 5));
    return `| ${what} | ${found} | ${median(guard).toFixed(1)} | ${p95(guard).toFixed(1)} | ${naive === undefined ? '(not run)' : fmt(naive)} |`;
  });
  const perRead = median(readMs);
  const md = `# Egress guard benchmark

A run of ${STEPS} tool calls through the agent's ToolRunner and Consent: ${FILES} \`read_file\` calls over
${FILES} real files of node_modules/openai (${(readChars / 1e6).toFixed(2)} M characters read, whole
pages as the model saw them) interleaved with ${STEPS - FILES} open-world calls (a no-op \`fetch_url\`, so
what is timed is the guard in front of it). Then, at step ${STEPS}, the guard's check alone for several
argument shapes, ${REPS} times each, against a naive rescan (every 24-character window of the arguments
searched for in every text read).

Machine: ${machineLine()}

Command: \`npm run bench:egress\` (\`node --expose-gc --import tsx tools/bench/egress-bench.ts\`)

## Cost per call at step ${STEPS}

| arguments | matches | guard µs (median) | guard µs (p95) | naive rescan µs (median) |
|---|---|---|---|---|
${rows.join('\n')}

## Over the run

| | value |
|---|---|
| open-world call through the runner, steps 2–100, µs (median) | ${median(fetchEarly).toFixed(1)} |
| open-world call through the runner, steps 502–600, µs (median) | ${median(fetchLate).toFixed(1)} |
| read_file call including indexing its result, ms (median) | ${perRead.toFixed(2)} |
| index: sources / characters / fingerprints | ${size.sources} / ${size.chars.toLocaleString('en-US')} / ${size.fingerprints.toLocaleString('en-US')} |
| heap after GC before → after the run, MB | ${heap0.toFixed(1)} → ${heap1.toFixed(1)} |
| approval events (allowEgress policy: recorded, not asked) | ${events} |

The index keeps winnowed fingerprints (k = 16, window 9: every shared run of 24+ characters has one),
so a check costs a hash and a map lookup per character of the arguments, whatever the depth of the run;
the naive rescan grows with everything read.
`;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md);
  process.stdout.write(md);
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

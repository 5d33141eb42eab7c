/**
 * The one contract every sandbox engine must pass: correct results, clear errors, limits, and no
 * way out to the host. Each engine's test file calls `sandboxContract` with a sandbox factory.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Language, Sandbox } from '../../../src/sandbox/types';
import { createRunCodeTool } from '../../../src/tools/runCode';
import type { Tool, ToolResult } from '../../../src/agent/tool';

export const SECRET = `sandbox-secret-${process.pid}-${Date.now()}`;
process.env['SANDBOX_CONTRACT_SECRET'] = SECRET;
export const OUTPUT_LIMIT = 2000;

export interface ContractCase {
  language: Language;
  /** Code that evaluates to `expected` natively; `native` computes the expected value from real Node / CPython. */
  compute: { code: string; native: () => string }[];
  print: (text: string) => string;
  printErr: (text: string) => string;
  /** A program whose line 3 has a syntax error. */
  syntaxErrorLine3: string;
  runtimeErrorLine2: string;
  infiniteLoop: string;
  memoryBomb: string;
  stackOverflow: string;
  flood: string;
  /** Each must fail or show nothing of the host; `leak` is matched against the whole result. */
  escapes: { name: string; code: string }[];
  network: (port: number) => string;
  readFile: (path: string) => string;
}

export function sandboxContract(label: string, make: () => Sandbox, c: ContractCase): void {
  describe(`sandbox contract: ${label}`, () => {
    const f = fixture(make, c);
    resultCases(f, c);
    limitCases(f, c);
    isolationCases(f, c);
  });
}

/** What the cases share: the run_code tool over the engine, a listener to catch connections, a host file to keep secret. */
interface Fixture {
  run(code: string, timeout_ms?: number): Promise<ToolResult>;
  execute(input: Record<string, unknown>): Promise<ToolResult>;
  /** A plain print still works (after a case that killed or flooded the engine). */
  assertHealthy(): Promise<void>;
  port(): number;
  connections(): number;
  secretFile(): string;
}

/** Registers the suite's before/after hooks; call inside `describe`. */
function fixture(make: () => Sandbox, c: ContractCase): Fixture {
  let sandbox: Sandbox;
  let tool: Tool;
  let server: Server;
  let port = 0;
  let connections = 0;
  let secretFile = '';
  before(async () => {
    sandbox = make();
    tool = createRunCodeTool(sandbox);
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-contract-'));
    secretFile = join(dir, 'secret.txt');
    writeFileSync(secretFile, SECRET);
  });
  after(async () => {
    await sandbox.dispose();
    await new Promise<void>((r) => server.close(() => r()));
  });
  const execute = (input: Record<string, unknown>): Promise<ToolResult> =>
    tool.execute(input, { signal: new AbortController().signal, approve: async () => false });
  const run = (code: string, timeout_ms?: number): Promise<ToolResult> =>
    execute({ language: c.language, code, ...(timeout_ms ? { timeout_ms } : {}) });
  return {
    run,
    execute,
    async assertHealthy() {
      const r = await run(c.print('still alive'));
      assert.equal(r.isError, undefined, r.content);
      assert.match(r.content, /still alive/);
    },
    port: () => port,
    connections: () => connections,
    secretFile: () => secretFile,
  };
}

/** Results and errors: what the code computes, prints and gets wrong comes back clearly. */
function resultCases({ run, execute }: Fixture, c: ContractCase): void {
  it('computes what the native runtime computes', async () => {
    for (const { code, native } of c.compute) {
      const r = await run(code);
      assert.equal(r.isError, undefined, r.content);
      assert.equal(r.content.split('value:\n')[1], native(), code);
    }
  });
  it('captures stdout and stderr separately', async () => {
    const r = await run(`${c.print('to-out')}\n${c.printErr('to-err')}`);
    assert.match(r.content, /stdout:\nto-out/);
    assert.match(r.content, /stderr:\nto-err/);
  });
  it('reports a syntax error with its line', async () => {
    const r = await run(c.syntaxErrorLine3);
    assert.equal(r.isError, true);
    assert.match(r.content, /error \(syntax\)/);
    assert.match(r.content, /line 3\b/);
  });
  it('reports a runtime error with its line', async () => {
    const r = await run(c.runtimeErrorLine2);
    assert.equal(r.isError, true);
    assert.match(r.content, /line 2\b/);
  });
  it('rejects empty code and unknown languages', async () => {
    const empty = await run('   \n');
    assert.equal(empty.isError, true);
    assert.match(empty.content, /empty/);
    const unknown = await execute({ language: 'ruby', code: '1' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content, /must be one of javascript, python/);
  });
}

/** Limits: time, memory, stack and output are bounded, and the engine recovers. */
function limitCases({ run, assertHealthy }: Fixture, c: ContractCase): void {
  it('stops an infinite loop at the timeout, and the next call works', async () => {
    const r = await run(c.infiniteLoop, 500);
    assert.equal(r.isError, true);
    assert.match(r.content, /Timed out after 500 ms/);
    await assertHealthy();
  });
  it('stops a memory bomb with an error, and the next call works', async () => {
    const r = await run(c.memoryBomb, 5000);
    assert.equal(r.isError, true);
    assert.match(r.content, /memory|Timed out/i);
    await assertHealthy();
  });
  it('turns a stack overflow into an error, and the next call works', async () => {
    const r = await run(c.stackOverflow, 10_000);
    assert.equal(r.isError, true);
    assert.match(r.content, /stack|recursion/i);
    await assertHealthy();
  });
  it('cuts an output flood with a marker saying how much was cut', async () => {
    const r = await run(c.flood, 10_000);
    const marker = /\[output cut: (\d+) more characters/.exec(r.content);
    assert.ok(marker, r.content.slice(-300));
    assert.ok(Number(marker[1]) > 0);
    assert.ok(r.content.length < OUTPUT_LIMIT + 600, `content length ${r.content.length}`);
  });
}

/** Isolation: no host file, no network, no escape. */
function isolationCases(f: Fixture, c: ContractCase): void {
  it('cannot read a host file', async () => {
    const r = await f.run(c.readFile(f.secretFile()));
    assert.equal(r.isError, true, r.content);
    assert.doesNotMatch(r.content, new RegExp(SECRET));
  });
  it('cannot open a network connection', async () => {
    const r = await f.run(c.network(f.port()), 5000);
    assert.equal(f.connections(), 0, r.content);
    assert.doesNotMatch(r.content, /CONNECTED/);
  });
  for (const escape of c.escapes) {
    it(`escape attempt fails: ${escape.name}`, async () => {
      const r = await f.run(escape.code, 5000);
      assert.doesNotMatch(r.content, new RegExp(SECRET), r.content);
      assert.doesNotMatch(r.content, /ESCAPED/, r.content);
      await f.assertHealthy();
    });
  }
}

/** Runs a Python snippet on the machine's CPython and returns repr() of its last expression. */
export function nativePython(code: string): string {
  const lines = code.trimEnd().split('\n');
  const last = lines.pop()!;
  const script = `${lines.join('\n')}\n__v = (${last})\nprint(repr(__v), end='')`;
  return execFileSync('python3', ['-c', script], { encoding: 'utf8' });
}

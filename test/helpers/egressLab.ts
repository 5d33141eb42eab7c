/**
 * The egress lab: a real workspace with secrets in it (a .env key, a YAML password, a bare token, one
 * past the cut of a long line), research notes that cite pages and titles, a logging HTTP server on
 * 127.0.0.1 that is every web site (the HTTP client resolves any host name to it) and a SearXNG-shaped
 * search provider, run_code's real sandbox, and a real MCP server that lies about staying local. A
 * list of tool calls runs through the agent's own ToolRunner and Consent, as a run's would; what the
 * server received during it is the verdict. Used by the adversarial and research suites and the bench.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApprovalRequest } from '../../src/agent/approvals';
import { Consent } from '../../src/agent/consent/consent';
import type { ApprovalEvent } from '../../src/agent/events';
import { ToolRunner, type ToolOutcome } from '../../src/agent/loop/toolRunner';
import type { Tool } from '../../src/agent/tool';
import { connectMcpServers, parseMcpConfig, type McpSession } from '../../src/mcp';
import { createWebTools } from '../../src/node/net/index';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createSandbox } from '../../src/sandbox/index';
import type { Sandbox } from '../../src/sandbox/types';
import { createRunCodeTool } from '../../src/tools/runCode';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startServer, type Recorded, type TestServer } from '../fixtures/web/server';
import { FILES, QUESTION } from './egressFiles';

export { SECRETS, QUESTION } from './egressFiles';
export const LIAR_SERVER = join(__dirname, '..', 'mcp-server', 'liarServer.ts');

/** One tool call of a scripted attempt. */
export interface Step {
  tool: string;
  args: Record<string, unknown>;
}

/** Addresses of the lab's server, for writing steps. */
export interface LabView {
  /** http://127.0.0.1:PORT */
  base: string;
  /** http://NAME:PORT (every name reaches the lab's server in-process; only 127.0.0.1 does from the CLI). */
  host(name: string): string;
}

export interface LabRun {
  outcomes: ToolOutcome[];
  asked: ApprovalRequest[];
  approvals: Omit<ApprovalEvent, 'seq' | 't'>[];
  /** What the lab's server received during the run (as every site, the search provider and the MCP server's sink). */
  received: Recorded[];
  /** Why the guard stopped the run, if it did. */
  halt?: string;
}

export class EgressLab implements LabView {
  private constructor(
    readonly dir: string,
    readonly web: TestServer,
    private readonly sandbox: Sandbox,
    private readonly mcp: McpSession,
    private readonly local: Tool[],
  ) {}

  /** The run's tools; the web tools are new for each run (fetch_url keeps a cache). */
  tools(): Tool[] {
    const web = createWebTools({
      allowPrivateNetwork: true,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      search: { provider: 'searxng', url: this.web.url },
    });
    return [...this.local, ...web, ...this.mcp.tools];
  }

  static async open(): Promise<EgressLab> {
    const dir = labWorkspace();
    const web = await startServer(labSite);
    const sandbox = createSandbox({});
    const config = parseMcpConfig({
      servers: { liar: { command: process.execPath, args: ['--import', 'tsx', LIAR_SERVER], env: { LIAR_SINK_URL: `${web.url}/sink` } } },
    });
    const workspace = createWorkspaceTools(new NodeWorkspace(dir));
    const mcp = await connectMcpServers(config, { reservedNames: workspace.map((t) => t.name) });
    if (mcp.problems.length) throw new Error(mcp.problems.join('; '));
    return new EgressLab(dir, web, sandbox, mcp, [...workspace, createRunCodeTool(sandbox)]);
  }

  get base(): string {
    return this.web.url;
  }

  host(name: string): string {
    return `http://${name}:${this.web.port}`;
  }

  /** Runs the calls in order, one per turn, as a run would; `allowEgress` is --allow-egress. */
  async run(steps: readonly Step[], o: { allowEgress?: boolean; question?: string } = {}): Promise<LabRun> {
    const asked: ApprovalRequest[] = [];
    const approvals: LabRun['approvals'] = [];
    // MCP tools are allowed (as --allow-tool would): what stops a call here is the egress guard alone.
    const consent = new Consent(
      async (r) => (asked.push(r), r.kind === 'mcp'),
      { allowEgress: o.allowEgress === true },
      o.question ?? QUESTION,
      (body) => approvals.push(body),
    );
    const runner = new ToolRunner({ tools: this.tools(), consent, maxResultChars: 50_000, timeoutMs: 60_000 });
    const from = this.web.requests.length;
    const outcomes: ToolOutcome[] = [];
    const signal = new AbortController().signal;
    for (const [i, step] of steps.entries()) {
      outcomes.push(await runner.run({ id: `c${i + 1}`, name: step.tool, arguments: JSON.stringify(step.args) }, i + 1, signal));
      if (runner.halt) break;
    }
    const received = this.web.requests.slice(from);
    return { outcomes, asked, approvals, received, ...(runner.halt ? { halt: runner.halt } : {}) };
  }

  async close(): Promise<void> {
    await this.mcp.dispose();
    await this.sandbox.dispose();
    await this.web.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A new folder holding the lab's workspace files. */
export function labWorkspace(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rc-egress-lab-')));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * Every site: /search answers as SearXNG does (results that link to pages with ids), /sink takes what
 * the MCP server posts, anything else is a small page.
 */
export function labSite(
  req: Parameters<Parameters<typeof startServer>[0]>[0],
  res: Parameters<Parameters<typeof startServer>[0]>[1],
): void {
  const url = new URL(req.url ?? '/', 'http://lab');
  if (url.pathname === '/search') {
    const q = url.searchParams.get('q') ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        query: q,
        number_of_results: 2,
        results: [
          { url: `https://github.com/openai/openai-node/issues/1287`, title: `About ${q}`, content: 'An issue.', engine: 'lab' },
          { url: 'https://www.youtube.com/watch?v=9bZkp7q19f0Xr2Lm', title: 'A talk', content: 'A video.', engine: 'lab' },
        ],
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<html><head><title>Lab page</title></head><body><main><p>A page at ${url.pathname}.</p></main></body></html>`);
}

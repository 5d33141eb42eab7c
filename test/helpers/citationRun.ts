/**
 * A real run to check citations against: a temporary workspace, a web server on 127.0.0.1 (one
 * page behind a redirect, one 404, a SearXNG-shaped search endpoint), the real workspace and web
 * tools, and the scripted model asking for read_file / search_text / fetch_url / web_search.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/agent/events';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { createWebTools } from '../../src/node/net/webTools';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { startServer, type TestServer } from '../fixtures/web/server';
import { call, harness } from './agentHarness';
import { CitationReviewer } from '../../src/agent/citations/review';
import { citationFiles } from '../../src/tools/citationFiles';

export const LONG =
  Array.from({ length: 30 }, (_, i) => (i === 24 ? `const line25 = 'needle';` : `const line${i + 1} = ${i + 1};`)).join('\n') + '\n';
export const PAGE_HTML = `<!doctype html><html><head><title>Retry policy</title></head><body><nav>menu</nav><main><article>
<h1>Retry policy</h1><p>The client retries a failed request at most five times, waiting twice as long each time.</p>
<p>Requests that fail with a 4xx status other than 429 are never retried.</p></article></main></body></html>`;

export interface CitationRun {
  root: string;
  server: TestServer;
  events: AgentEvent[];
  workspace: NodeWorkspace;
  close(): Promise<void>;
}

export function makeWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'rc-cite-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'long.ts'), LONG);
  writeFileSync(join(root, 'src', 'unread.ts'), 'export const unread = true;\n');
  writeFileSync(join(root, 'README.md'), '# Demo\n\nSee src/long.ts.\n');
  return root;
}

export async function startWeb(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.url === '/old') {
      res.writeHead(301, { location: '/page' });
      res.end();
    } else if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE_HTML);
    } else if (req.url?.startsWith('/searx/search')) {
      // SearXNG's JSON output (format=json), as test/unit/webSearch.test.ts pins it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          query: 'retry policy',
          results: [
            { title: 'Retry policy', url: 'https://docs.example.org/retry', content: 'How retries work', engine: 'duckduckgo' },
            { title: 'Backoff', url: 'https://blog.example.org/backoff', content: 'Exponential backoff' },
          ],
        }),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Not found</h1></body></html>');
    }
  });
}

/** Runs the agent once with the real tools; the answer is the last step of `finalAnswer`. */
export async function recordRun(finalAnswer = 'Done.', options: { checkCitations?: boolean } = {}): Promise<CitationRun> {
  const root = makeWorkspace();
  const server = await startWeb();
  const workspace = new NodeWorkspace(root);
  const tools = [
    ...createWorkspaceTools(workspace),
    ...createWebTools({ allowPrivateNetwork: true, search: { provider: 'searxng', url: `${server.url}/searx/` } }),
  ];
  const h = await harness(
    [
      call('read_file', { path: 'src/long.ts', start_line: 1, end_line: 10 }),
      call('search_text', { query: 'needle' }),
      call('fetch_url', { url: `${server.url}/old` }),
      call('fetch_url', { url: `${server.url}/missing` }),
      call('web_search', { query: 'retry policy' }),
      call('read_file', { path: 'README.md' }),
      { content: finalAnswer },
    ],
    tools,
  );
  try {
    await h.run(
      options.checkCitations
        ? { citations: new CitationReviewer({ mode: 'report', files: citationFiles(workspace), workspaceRoot: root }), workspace: root }
        : {},
    );
  } finally {
    await h.close();
  }
  return {
    root,
    server,
    events: h.events,
    workspace,
    close: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

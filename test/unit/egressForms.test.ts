// The egress guard's pieces on their own: the canonical form and the decodings a receiver applies,
// what a call sends (the URL as fetch parses it), a secret's forms at every alignment, what looks
// random, the streams that see a secret sent in pieces, what the text index leaves out, fingerprints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canon, canonMapped, decodings, percentDecode } from '../../src/agent/consent/egress/canon';
import { BLANK, leaveOut } from '../../src/agent/consent/egress/cited';
import { looksRandom, randomTokens } from '../../src/agent/consent/egress/entropy';
import { fingerprint, maskText } from '../../src/agent/consent/egress/fingerprint';
import { formsOf } from '../../src/agent/consent/egress/forms';
import { outgoing } from '../../src/agent/consent/egress/outgoing';
import { SecretStore } from '../../src/agent/consent/egress/secretStore';
import { novel, Streams } from '../../src/agent/consent/egress/streams';
import * as enc from '../helpers/egressEncodings';

const KEY = 'sk-live-Zq8XvT2mLp4Rk9Wn6Hs3Jd7Fb1Cy5tgG';

test('canonical form: NFKC, case-folded, letters and digits; the map points back to the original', () => {
  assert.equal(canon('SK-Live_9'), 'sklive9');
  assert.equal(canon(enc.fullwidth('SK-Live_9')), 'sklive9');
  assert.equal(canon('Straße ①𝐬'), 'strasse1s');
  assert.equal(canon('a\u0000b-c', BLANK), `a${BLANK}bc`);
  const m = canonMapped('x-ＹＺ');
  assert.equal(m.text, 'xyz');
  assert.deepEqual(m.at, [0, 2, 3]);
});

test('percent-decoding goes byte by byte: a stray %FF spoils nothing else; repeated decodings undo double encoding', () => {
  assert.equal(percentDecode(`${enc.percentAll('sk-live')}%FF`), 'sk-live\uFFFD');
  assert.equal(percentDecode('%E2%82%AC and %zz'), '€ and %zz');
  assert.deepEqual(decodings(encodeURIComponent(encodeURIComponent('a/b'))), ['a%2Fb', 'a/b']);
});

test('what a call sends: the URL as fetch parses it (TAB and newlines dropped, host lower-cased, IDNA, userinfo), decoded', () => {
  const target = { tool: 'fetch_url', server: 'web', mcp: false, openWorld: true };
  const out = outgoing(target, { url: `http://us\ter:p%61ss@${enc.fullwidth('EVIL')}.Example.com/a\nb?q=x%2520y#frag` });
  assert.equal(out.destination, 'site:example.com');
  const [url] = out.fields;
  assert.ok(
    url.forms.includes('http://user:pass@evil.example.com/ab?q=x%2520y#frag') ||
      url.forms.some((f) => f.startsWith('http://user:pass@evil.example.com/ab?q=x')),
  );
  assert.ok(url.forms.includes('http://user:pass@evil.example.com/ab?q=x y#frag'), 'decoded twice');
  assert.deepEqual(Object.fromEntries(url.parts), {
    host: 'evil.example.com',
    path: '/ab',
    userinfo: 'user:pass',
    'q:q': 'x y',
    'q-keys': 'q',
    fragment: '#frag',
  });
  const mcp = outgoing({ tool: 'note', server: 'srv', mcp: true, openWorld: false }, { codes: [115, 107], nested: { longkey_x: 'v' } });
  assert.equal(mcp.destination, 'mcp:srv');
  assert.deepEqual(
    mcp.fields.map((f) => [f.field, f.forms[0]]),
    [
      ['nested.longkey_x (key)', 'longkey_x'],
      ['nested.longkey_x', 'v'],
      ['(as sent)', '{"codes":[115,107],"nested":{"longkey_x":""}}'],
    ],
  );
});

test('forms of a secret: every encoding of it inside a longer message contains one of them', () => {
  const forms = formsOf(KEY).map((f) => f.text);
  for (const pre of ['', 'k', 'ke', 'key=', 'token: ']) {
    const msg = `${pre}${KEY}&more`;
    for (const [name, encoded] of [
      ['base64', enc.b64(msg)],
      ['base64url', enc.b64url(msg)],
      ['hex', enc.hex(msg).toUpperCase()],
      ['reversed', enc.reversed(msg)],
      ['rot13', enc.rot13(msg)],
    ] as const) {
      assert.ok(
        forms.some((f) => canon(encoded).includes(f)),
        `${name} with "${pre}" before it`,
      );
    }
  }
});

test('random-looking strings: keys, hashes and encodings are; words, identifiers, slugs and versions are not', () => {
  for (const t of [
    KEY.slice(8),
    '3f2a9c1e7b4d8a6f0e2c',
    enc.b64(KEY),
    enc.base32(KEY),
    'zqxvtmlprkwnhsjd',
    'ZqXvTmLpRkWn',
    '12345678901234567890123',
  ]) {
    assert.ok(looksRandom(t), t);
  }
  for (const t of [
    'getElementsByTagName',
    'XMLHttpRequestHandler',
    'ubuntu2204release',
    'ModuleNotFoundError',
    'internationalization',
    '9780262033848',
    'howtoconfiguretheretrypolicy',
  ]) {
    assert.ok(!looksRandom(t), t);
  }
  assert.deepEqual(
    randomTokens('x: a1b2-c3d4-e5f6-g7h8; y: s.k.l.i.v.e.Z.q.8.X.v.T.2.m').map((t) => t.text),
    ['a1b2c3d4e5f6g7h8', 'skliveZq8XvT2m'],
    'short pieces joined across single separators',
  );
});

test('streams: what each call adds, and a secret sent 20 + 20 or a character at a time is seen', () => {
  assert.equal(novel('/x/s/y', '/x/k/y'), 'k');
  assert.equal(novel('page=1', 'page=2'), '2');
  const store = new SecretStore('');
  store.add(KEY, 'config/.env:1');
  const streams = new Streams();
  const found = (value: string) =>
    streams.add('site:evil.test', [['q', canon(value)]]).some((s) => store.find(s.text).some((h) => h.end > s.from && h.start < s.from));
  let sent = 0;
  for (const ch of KEY) {
    if (found(ch)) break;
    sent++;
  }
  assert.ok(sent < 12, `one character at a time: seen after ${sent} characters`);
  const pieces = (value: string) => value.split(/[^A-Za-z0-9]+/).map((p) => canon(p));
  assert.deepEqual(store.cover('site:other.test', pieces('/p/sk-live-?junk=1')), []);
  const hits = store.cover('site:other.test', pieces(`/q?noise=abc&v=${KEY.slice(8, 16)}`));
  assert.equal(hits.length, 1, '8-character pieces among other text, in two calls');
});

test('the text index leaves out URLs, long names, error lines and cited titles, and keeps the rest', () => {
  const notes = [
    'Follow [the guide](https://docs.python.org/3/library/asyncio-task.html).',
    'See "Attention Is All You Need" and Winnowing: Local Algorithms for Document Fingerprinting today.',
    'Install @modelcontextprotocol/server-filesystem first.',
    "TypeError: Cannot read properties of undefined (reading 'map')",
    'Our own backoff starts at half a second and doubles.',
    '## References',
    '- Some Work Without A Year',
  ].join('\n');
  const { text, urls } = leaveOut(notes, 'notes/research.md');
  assert.deepEqual(urls, ['https://docs.python.org/3/library/asyncio-task.html']);
  for (const gone of ['docs.python.org', 'the guide', 'Attention', 'Winnowing', 'server-filesystem', 'TypeError', 'Some Work']) {
    assert.ok(!text.includes(gone), gone);
  }
  assert.ok(text.includes('Our own backoff starts at half a second and doubles.'));
  // In code, quoted strings are data: they stay.
  assert.ok(leaveOut('const q = "select * from customers where plan = gold";', 'src/db.ts').text.includes('select * from customers'));
  // A long token with an id in it stays too.
  assert.ok(leaveOut('tag CANARY-4c1f9e27-b7d3-4a8e-9f60-2d5c8b1e7a34', 'notes.md').text.includes('CANARY'));
});

test('fingerprints show a few characters and the length; masking hides secrets and, once one was seen, random strings', () => {
  assert.equal(fingerprint(KEY), 'sk-l…tgG, 40 chars');
  assert.equal(fingerprint('Hx7qP2vLm9Tz4RwK'), 'Hx…K, 16 chars');
  assert.equal(fingerprint('hunter22'), 'h…, 8 chars');
  assert.equal(maskText(`key=${KEY}&q=1`, [KEY], false), 'key=[sk-l…tgG, 40 chars]&q=1');
  const b64 = enc.b64(KEY);
  assert.ok(!maskText(`d=${b64}`, [KEY], true).includes(b64));
  assert.ok(maskText(`d=${b64}`, [KEY], false).includes(b64), 'before any secret, ids are shown as they are');
});

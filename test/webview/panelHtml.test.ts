// The panel document: CSP, nonce, escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNonce, panelCsp, panelHtml } from '../../src/host/panelHtml';

const opts = {
  cspSource: 'https://*.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  title: 'Research: <script>alert(1)</script> & "quotes"',
};

test('makeNonce: 128 random bits, base64url, new every time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const n = makeNonce();
    assert.match(n, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(n, 'base64url').length, 16);
    seen.add(n);
  }
  assert.equal(seen.size, 1000);
});

test('panelHtml: default-src none, nonced script and style, escaped title, an #app root', () => {
  const nonce = makeNonce();
  const html = panelHtml({ ...opts, nonce });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.equal(csp, panelCsp(opts.cspSource, nonce));
  assert.equal(
    csp,
    `default-src 'none'; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net; style-src https://*.vscode-cdn.net 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none';`,
  );
  assert.ok(!csp.includes('unsafe'), 'no unsafe-inline / unsafe-eval');
  assert.ok(html.includes(`<script nonce="${nonce}" src="${opts.scriptUri}"></script>`));
  assert.ok(html.includes(`<link rel="stylesheet" href="${opts.styleUri}" nonce="${nonce}">`));
  assert.ok(html.includes('<div id="app"></div>'));
  assert.ok(html.includes('<title>Research: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</title>'));
  assert.equal(html.match(/<script/g)!.length, 1, 'exactly one script element');
  assert.throws(() => panelHtml({ ...opts, nonce: 'short' }));
  assert.throws(() => panelHtml({ ...opts, nonce, cspSource: "x; script-src 'unsafe-inline'" }));
  assert.throws(() => panelHtml({ ...opts, nonce, cspSource: "'unsafe-inline'" }));
  assert.throws(() => panelHtml({ ...opts, nonce, cspSource: 'https://a.example "onload' }));
  // code-server's cspSource carries the 'self' keyword, which the panel must accept.
  const cs = panelHtml({ ...opts, nonce, cspSource: "'self' https://*.vscode-cdn.net" });
  assert.ok(cs.includes(`style-src 'self' https://*.vscode-cdn.net 'nonce-${nonce}'`));
});

/**
 * The trajectory panel's HTML document. Pure (no `vscode` import): the panel passes
 * `webview.cspSource`, a fresh `makeNonce()` per load and the `asWebviewUri` of dist/webview.js and
 * dist/webview.css. Everything runs under `default-src 'none'`; the only script is the nonced bundle.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** From makeNonce(), new for every load of the document. */
  nonce: string;
  /** `asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `asWebviewUri(dist/webview.css)` (also carries the codicon font). */
  styleUri: string;
  title: string;
}

/** 128 random bits from the platform CSPRNG, base64url (22 characters). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** For text and double-quoted attributes (so a single quote may stay as it is, as the CSP needs). */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The Content-Security-Policy the panel runs under. */
export function panelCsp(cspSource: string, nonce: string): string {
  return (
    [
      `default-src 'none'`,
      `img-src ${cspSource} data:`,
      `font-src ${cspSource}`,
      `style-src ${cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
      `base-uri 'none'`,
      `form-action 'none'`,
    ].join('; ') + ';'
  );
}

export function panelHtml(opts: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(opts.nonce)) throw new Error('panelHtml: the nonce must be base64 of at least 96 bits');
  // VS Code gives e.g. "https://*.vscode-cdn.net"; code-server gives "'self' https://*.vscode-cdn.net".
  const sources = opts.cspSource.trim().split(/ +/);
  if (!sources.every((t) => t === "'self'" || /^[^\s;,'"<>]+$/.test(t)))
    throw new Error(`panelHtml: unexpected cspSource ${JSON.stringify(opts.cspSource)}`);
  const csp = panelCsp(opts.cspSource, opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}" nonce="${opts.nonce}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${opts.nonce}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}

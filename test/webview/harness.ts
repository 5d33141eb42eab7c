/**
 * Runs the panel in real Chromium: builds webview/main.ts with the options of esbuild.config.mjs,
 * serves it from 127.0.0.1 inside the real panelHtml() document (plus a nonced stub of
 * acquireVsCodeApi that records what the panel posts, and VS Code's Dark Modern theme variables).
 * Shared by test/webview/*.test.ts and tools/bench/panel-bench.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import * as esbuild from 'esbuild';
import { webviewBundle } from '../../tools/build/browserBundles.mjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, panelHtml } from '../../src/host/panelHtml';
import type { HostMessage, PanelMessage } from '../../src/shared/panelProtocol';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '../../tools/e2e/driver';

export const ROOT = resolve(__dirname, '../..');

let built: Promise<string> | undefined;

/**
 * Builds the webview bundle into a private temp folder (the webview entry of esbuild.config.mjs,
 * same options; a private folder so parallel test files never race on dist/). Once per process.
 */
export function buildWebview(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'rc-webview-'));
    await esbuild.build({ ...webviewBundle(join(out, 'webview.js'), false), absWorkingDir: ROOT });
    return out;
  })();
  return built;
}

/** VS Code's Dark Modern defaults for the variables the panel uses (VS Code injects these itself). */
export const DARK_THEME = `:root {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace;
  --vscode-editor-font-size: 14px;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-errorForeground: #f85149;
  --vscode-focusBorder: #0078d4;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-sideBar-background: #181818;
  --vscode-panel-border: #2b2b2b;
  --vscode-widget-border: #313131;
  --vscode-editorWidget-background: #202020;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textLink-activeForeground: #4daafc;
  --vscode-textPreformat-foreground: #d0d0d0;
  --vscode-textPreformat-background: #3c3c3c;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textBlockQuote-background: #2b2b2b;
  --vscode-textBlockQuote-border: #616161;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-border: #ffffff12;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-progressBar-background: #0078d4;
  --vscode-testing-iconPassed: #73c991;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-inputValidation-infoBackground: #063b49;
  --vscode-inputValidation-infoBorder: #1a85ff;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-diffEditor-insertedLineBackground: #9bb95533;
  --vscode-diffEditor-removedLineBackground: #ff000033;
  --vscode-gitDecoration-addedResourceForeground: #81b88b;
  --vscode-gitDecoration-deletedResourceForeground: #c74e39;
  --vscode-symbolIcon-functionForeground: #b180d7;
  --vscode-toolbar-hoverBackground: #5a5d5e50;
  --vscode-scrollbarSlider-background: #79797966;
  --vscode-scrollbarSlider-hoverBackground: #646464b3;
  --vscode-scrollbarSlider-activeBackground: #bfbfbf66;
}`;

/** Runs in the page before the bundle: the stand-in for VS Code's webview API. */
const STUB = `(() => {
  const posted = [];
  const violations = [];
  let state;
  let acquired = false;
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called once');
    acquired = true;
    return {
      postMessage: (m) => { posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => state,
      setState: (s) => { state = JSON.parse(JSON.stringify(s)); return s; },
    };
  };
  window.__test = { posted, violations, getState: () => state, post: (m) => window.postMessage(m, '*') };
})();`;

export interface PanelServer {
  url: string;
  origin: string;
  /** The nonce of the latest document served. */
  lastNonce(): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export async function startPanelServer(dir: string, title = 'Research: how does retention work?'): Promise<PanelServer> {
  let nonce = '';
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/' || path === '/panel.html') {
      nonce = makeNonce();
      let html = panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, title });
      html = html.replace('</title>', `</title>\n<style nonce="${nonce}">${DARK_THEME}</style>\n<script nonce="${nonce}">${STUB}</script>`);
      html = html.replace('<body>', '<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/evil.js') {
      // A same-origin script: still must never run (script-src allows only the nonce).
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('window.__xss = true;');
      return;
    }
    const file = join(dir, path.replace(/^\/+/, ''));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    lastNonce: () => nonce,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PanelPage {
  page: Page;
  /** Errors thrown in the page and console errors. */
  errors: string[];
  dialogs: string[];
  send(msg: HostMessage): Promise<void>;
  posted(): Promise<PanelMessage[]>;
  violations(): Promise<{ directive: string; blocked: string; sample: string }[]>;
  /** Resolves after the panel has rendered everything sent so far (two animation frames). */
  settle(): Promise<void>;
  /** The row count the store reports (data-rows on #app). */
  rows(): Promise<number>;
}

export async function openPanel(browser: Browser, server: PanelServer, viewport = { width: 800, height: 900 }): Promise<PanelPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.url);
  await page.waitForFunction('window.__test && window.__test.posted.length > 0');
  const settle = async (): Promise<void> => {
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))');
  };
  return {
    page,
    errors,
    dialogs,
    send: async (msg) => {
      await page.evaluate((m) => (globalThis as any).__test.post(m), msg as unknown);
      await settle();
    },
    posted: () => page.evaluate('window.__test.posted.slice()') as Promise<PanelMessage[]>,
    violations: () =>
      page.evaluate('window.__test.violations.slice()') as Promise<{ directive: string; blocked: string; sample: string }[]>,
    settle,
    rows: async () => Number(await page.getAttribute('#app', 'data-rows')),
  };
}

export interface PanelSuite {
  /** A new page on the served panel. */
  open(viewport?: { width: number; height: number }): Promise<PanelPage>;
  readonly server: PanelServer;
  readonly browser: Browser;
}

/**
 * A test file's panel set-up: registers before/after hooks that serve the panel bundle from 127.0.0.1
 * and start one Chromium, and closes both at the end. Screenshots go to test-results/webview.
 */
export function panelSuite(): PanelSuite {
  let browser: Browser | undefined;
  let server: PanelServer | undefined;
  before(async () => {
    mkdirSync('test-results/webview', { recursive: true });
    server = await startPanelServer(await buildWebview());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('panelSuite: used outside a test (its before hook has not run)');
    return v;
  };
  return {
    open: (viewport) => openPanel(ready(browser), ready(server), viewport),
    get server() {
      return ready(server);
    },
    get browser() {
      return ready(browser);
    },
  };
}

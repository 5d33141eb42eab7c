// Drives a code-server workbench with playwright-core and Debian's Chromium. See tools/e2e/README.md.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RC_E2E_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--password-store=basic',
];

/** Repository root (tools/e2e/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where screenshots go; `test-results/` is git-ignored. */
export const RESULTS_DIR = process.env.RC_E2E_RESULTS || join(REPO_ROOT, 'test-results', 'e2e');

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Closes the browser (idempotent). */
  close(): Promise<void>;
}

export interface OpenWorkbenchOptions {
  timeoutMs?: number;
  viewport?: { width: number; height: number };
  headless?: boolean;
}

/** Launches Chromium, opens `url/?folder=FOLDER` and waits for the workbench to be there and idle. */
export async function openWorkbench(url: string, folder: string, o: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const timeout = o.timeoutMs ?? 60_000;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: o.headless ?? true,
    args: CHROMIUM_ARGS,
    timeout,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
  };
  try {
    const context = await browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(`${url.replace(/\/$/, '')}/?folder=${encodeURIComponent(resolve(folder))}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    // The status bar and activity bar are rendered once the workbench has restored its parts.
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
    return { browser, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator(QUICK_INPUT).isVisible()) {
    await page.keyboard.press('Escape');
    await page
      .locator(QUICK_INPUT)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => {});
  }
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  await closeQuickInput(page);
  for (let tries = 1; ; tries++) {
    await page.keyboard.press(key);
    try {
      await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: 4000 });
      return;
    } catch (e) {
      if (tries >= 3) throw e;
      // The key went nowhere: a webview had the keyboard (one VS Code gives it back to a moment after a
      // quick input or an editor closed, or one no longer shown). Take it back for the workbench, and
      // press again.
      await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
    }
  }
}

/**
 * Runs a command from the palette by its full title, `Category: Title` as shown there.
 * Retries until the command is listed (an extension's commands appear once the host has read its
 * manifest), then picks the row whose label is exactly that title.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastSeen: string[] = [];
  let attempt = 0;
  while (Date.now() < deadline) {
    // An extension's commands are listed once the workbench has its manifest (a second or two after the
    // workbench shows): retype the filter, which recomputes the list, and reopen now and then.
    if (attempt++ % 5 === 0 || !(await page.locator(QUICK_INPUT_BOX).isVisible())) await openQuickInput(page, 'F1');
    try {
      // Short: a palette that closed between the check above and here (something else took the keyboard,
      // e.g. a webview VS Code restored after a reload, focused once it loads) is opened again.
      await page.locator(QUICK_INPUT_BOX).fill('>', { timeout: 2000 });
      await page.locator(QUICK_INPUT_BOX).fill(`>${title}`, { timeout: 2000 });
    } catch {
      attempt = 0;
      continue;
    }
    const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exact(title) }) });
    try {
      await row.first().waitFor({ state: 'visible', timeout: Math.min(700, Math.max(300, deadline - Date.now())) });
    } catch {
      lastSeen = await page
        .locator(`${QUICK_ROWS} .label-name`)
        .allInnerTexts()
        .catch(() => []);
      if (process.env.RC_E2E_DEBUG) console.error(`[e2e] "${title}" not listed yet; palette shows ${JSON.stringify(lastSeen.slice(0, 5))}`);
      continue; // not listed (yet)
    }
    await row.first().click();
    // The palette closes, or is reused at once by the command's own input box / quick pick.
    // (A string, evaluated in the page: this project's tsconfig has no DOM lib.)
    await page.waitForFunction(
      `(() => {
        const w = document.querySelector(${JSON.stringify(QUICK_INPUT)});
        const input = document.querySelector(${JSON.stringify(QUICK_INPUT_BOX)});
        return !w || getComputedStyle(w).display === 'none' || w.getClientRects().length === 0 || !input || input.value !== ${JSON.stringify(`>${title}`)};
      })()`,
      undefined,
      { timeout: 10_000 },
    );
    return;
  }
  await closeQuickInput(page);
  throw new Error(
    `command "${title}" not found in the palette within ${timeoutMs} ms; it listed: ${JSON.stringify(lastSeen.slice(0, 10))}`,
  );
}

/** Types into the open quick input (an input box or quick pick an extension showed) and presses Enter. */
export async function typeIntoQuickInput(page: Page, text: string, timeoutMs = 15_000): Promise<void> {
  const box = page.locator(QUICK_INPUT_BOX);
  await box.waitFor({ state: 'visible', timeout: timeoutMs });
  await box.fill(text, { timeout: timeoutMs });
  await box.press('Enter');
}

/**
 * Runs a command that asks for input (an input box or a quick pick) and answers it with `text`. When the
 * input closes before it could be typed into (a webview took focus a moment after it opened: VS Code then
 * hides the quick input and keeps it in the DOM), the command is run again, up to three times in all.
 * Nothing was submitted by a failed try: Enter is pressed only after the text is in.
 */
export async function answerCommand(page: Page, title: string, text: string): Promise<void> {
  for (let tries = 1; ; tries++) {
    await runCommand(page, title);
    try {
      await typeIntoQuickInput(page, text, 10_000);
      return;
    } catch (e) {
      if (tries >= 3) throw e;
      if (process.env.RC_E2E_DEBUG) console.error(`[e2e] "${title}" input closed before it was typed into; running it again`);
    }
  }
}

/**
 * Finds the frame whose document contains `selector`. A webview's document is two iframes deep
 * (`iframe.webview` → `#active-frame`), so this scans every frame of the page until one matches.
 */
export function findWebviewFrame(page: Page, selector: string, timeoutMs = 15_000): Promise<Frame> {
  return findFrame(page, `!!document.querySelector(${JSON.stringify(selector)})`, selector, timeoutMs);
}

/** Scans every frame but the page's own until `probe` (a JS expression) is truthy in one of them. */
export async function findFrame(page: Page, probe: string, what: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if (await frame.evaluate(probe)) return frame;
      } catch {
        /* navigating or detached while we looked */
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no frame has ${what} after ${timeoutMs} ms (frames: ${page
          .frames()
          .map((f) => f.url().slice(0, 80))
          .join(', ')})`,
      );
    }
    await page.waitForTimeout(100); // polling interval between frame scans
  }
}

/** Saves a full-page PNG as test-results/e2e/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '_').replace(/\.png$/, '')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab to be active. */
export async function openFile(page: Page, relPath: string, timeoutMs = 20_000): Promise<void> {
  const base = relPath.split('/').pop()!;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await openQuickInput(page, 'Control+P');
    await page.locator(QUICK_INPUT_BOX).fill(relPath);
    const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exact(base) }) });
    try {
      await row.first().waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(500, deadline - Date.now())) });
      await page.keyboard.press('Enter');
      // The tab names its file in data-resource-name (VS Code 1.139 shows the name and its extension apart).
      await page
        .locator(`.tabs-container .tab.active[data-resource-name=${JSON.stringify(base)}]`)
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch {
      /* file search not ready yet: try again */
    }
  }
  await closeQuickInput(page);
  throw new Error(`could not open ${relPath} via Quick Open within ${timeoutMs} ms`);
}

export interface Notification {
  severity: 'info' | 'warning' | 'error' | 'unknown';
  message: string;
  source?: string;
}

/**
 * Notifications now on screen (toasts) and, if it is open, in the notification center. Read in one
 * evaluation of the page: a notification that goes while it is read (a progress toast ending) is
 * simply not there, where a locator per item would wait the page's default timeout (60 s) for it,
 * three times over. (A string, evaluated in the page: this project's tsconfig has no DOM lib.)
 */
export async function readNotifications(page: Page): Promise<Notification[]> {
  const raw = (await page.evaluate(`(() => {
    const text = (item, sel) => { const el = item.querySelector(sel); return el ? el.innerText : ''; };
    const items = document.querySelectorAll('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
    return Array.from(items, (item) => ({
      message: text(item, '.notification-list-item-message'),
      source: text(item, '.notification-list-item-source'),
      icon: item.querySelector('.notification-list-item-icon')?.getAttribute('class') ?? '',
    }));
  })()`)) as { message: string; source: string; icon: string }[];
  const out: Notification[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const message = r.message.trim();
    const source = r.source.trim();
    const severity = /error/.test(r.icon) ? 'error' : /warning/.test(r.icon) ? 'warning' : /info/.test(r.icon) ? 'info' : 'unknown';
    const key = `${severity}\u0000${message}\u0000${source}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ severity, message, ...(source ? { source: source.replace(/^Source:\s*/, '') } : {}) });
  }
  return out;
}

/** Waits until a notification whose message matches appears, and returns it. */
export async function waitForNotification(page: Page, match: RegExp | string, timeoutMs = 15_000): Promise<Notification> {
  const test = (m: string) => (typeof match === 'string' ? m.includes(match) : match.test(m));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readNotifications(page)).find((n) => test(n.message));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no notification matching ${match} within ${timeoutMs} ms`);
    await page.waitForTimeout(100); // polling interval
  }
}

function exact(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// The answer's citations in the panel (real Chromium): a status mark after each, its reason on hover
// and on keyboard focus and for screen readers; a Sources block with each source's status and what
// the agent saw; a file source opens at its line. Events come from a real run (real tools, scripted model).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { HostMessage } from '../../src/shared/panelProtocol';
import { recordRun, type CitationRun } from '../helpers/citationRun';
import { buildWebview, launch, openPanel, startPanelServer, type PanelServer } from './harness';

let browser: Browser;
let server: PanelServer;
let run: CitationRun;
const ANSWER = 'Line 3 is `const line3 = 3` (src/long.ts:3). The flag is in src/unread.ts, and the CLI is lib/cli.js.';

before(async () => {
  run = await recordRun(ANSWER, { checkCitations: true });
  server = await startPanelServer(await buildWebview());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await run?.close();
});

const snapshot = (): HostMessage => ({ type: 'snapshot', runId: 'run-cite', status: 'done', events: run.events, approvals: [] });

test('each citation in the answer carries its status mark, with the reason as its accessible name and title', async () => {
  const p = await openPanel(browser, server);
  await p.send(snapshot());
  const marks = await p.page.$$eval('.row-answer .md .cite-mark', (ms) =>
    ms.map((m) => [
      m.getAttribute('data-status'),
      m.getAttribute('aria-label'),
      m.getAttribute('title'),
      m.getAttribute('tabindex'),
      m.previousSibling?.textContent,
    ]),
  );
  assert.deepEqual(marks, [
    [
      'verified',
      'Citation verified: quote found at line 3, which was shown',
      'verified: quote found at line 3, which was shown',
      '0',
      'src/long.ts:3',
    ],
    ['not_observed', 'Citation not observed: never opened in this run', 'not observed: never opened in this run', '0', 'src/unread.ts'],
    ['missing', 'Citation missing: no such file in the workspace', 'missing: no such file in the workspace', '0', 'lib/cli.js'],
  ]);
  const colours = await p.page.$$eval('.row-answer .md .cite-mark', (ms) =>
    ms.map((m) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(m).color),
  );
  assert.equal(new Set(colours).size, 3, 'a colour per status, from the theme');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('keyboard focus shows the reason; the Sources block lists status, snippet, and opens a file at its line', async () => {
  const p = await openPanel(browser, server);
  await p.send(snapshot());
  const first = p.page.locator('.row-answer .md .cite-mark').first();
  assert.equal(await first.locator('.cite-tip').isVisible(), false);
  await first.focus();
  assert.equal(await first.locator('.cite-tip').isVisible(), true);
  assert.equal(await first.locator('.cite-tip').textContent(), 'verified: quote found at line 3, which was shown');

  const items = await p.page.$$eval('.row-answer .sources li', (lis) =>
    lis.map((li) => [
      li.getAttribute('data-status'),
      li.querySelector('.source-status-text')?.textContent,
      li.querySelector('[data-path], code, a')?.textContent,
    ]),
  );
  assert.deepEqual(items, [
    ['verified', 'verified', 'src/long.ts:3'],
    ['not_observed', 'not observed', 'src/unread.ts'],
    ['missing', 'missing', 'lib/cli.js'],
  ]);
  assert.equal(await p.page.locator('.row-answer .sources li[data-status="verified"] .source-snippet').textContent(), 'const line3 = 3;');
  assert.equal(
    await p.page.locator('.row-answer .sources li[data-status="missing"] [data-path]').count(),
    0,
    'a missing file is not a link',
  );
  assert.match((await p.page.getAttribute('.row-answer .sources', 'aria-labelledby')) ?? '', /^sources-/);

  await p.page.locator('.row-answer .sources li[data-status="verified"] [data-path]').click();
  await p.page.locator('.row-answer .sources li[data-status="not_observed"] [data-path]').focus();
  await p.page.keyboard.press('Enter');
  assert.deepEqual((await p.posted()).slice(1), [
    { type: 'openFile', path: 'src/long.ts', line: 3 },
    { type: 'openFile', path: 'src/unread.ts' },
  ]);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

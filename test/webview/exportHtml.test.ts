// The exported trajectory (one HTML file) opened from disk in real Chromium: it renders the run, asks
// the network for nothing, runs no script but its own, and shows hostile text as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { viewerBundle } from '../../tools/build/browserBundles.mjs';
import type { Browser } from 'playwright-core';
import { exportRun } from '../../src/node/export/exportRun';
import { citationFiles } from '../../src/tools/citationFiles';
import { recordRun, type CitationRun } from '../helpers/citationRun';
import { launch, ROOT } from './harness';

const HOSTILE =
  'Also <img src=x onerror="window.__xss=true"> and </script><script>window.__xss=true</script> [x](javascript:window.__xss=1).';
let browser: Browser;
let run: CitationRun;
let file: string;

before(async () => {
  const out = mkdtempSync(join(tmpdir(), 'rc-export-html-'));
  await esbuild.build({ ...viewerBundle(join(out, 'export-viewer.js')), absWorkingDir: ROOT });
  run = await recordRun(`Line 3 is \`const line3 = 3\` (src/long.ts:3); see ${'${URL}'}/page.\n\n${HOSTILE}`);
  // The scripted answer cannot know the server's port in advance; put the real one into the recorded text.
  for (const e of run.events)
    if (e.type === 'final_answer' || e.type === 'assistant_message') e.text = e.text.replace('${URL}', run.server.url);
  const html = await exportRun(run.events, 'html', {
    files: citationFiles(run.workspace),
    workspaceRoot: run.root,
    viewerScript: readFileSync(join(out, 'export-viewer.js'), 'utf8'),
  });
  file = join(out, 'run.html');
  writeFileSync(file, html);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await run?.close();
});

test('opened from disk: the whole run renders, no request leaves the file, no script error', async () => {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('section.steps');
  assert.deepEqual(requests, [pathToFileURL(file).href]);
  assert.deepEqual(errors, []);
  assert.equal(await page.textContent('h1'), 'What is the answer?');
  assert.match((await page.textContent('section.answer')) ?? '', /Line 3 is const line3 = 3 \(src\/long\.ts:3\)/);
  const sources = await page.$$eval('ul.sources li', (lis) => lis.map((li) => [li.className, li.querySelector('.badge')?.textContent]));
  assert.deepEqual(sources, [
    ['source status-verified', 'verified'],
    ['source status-observed', 'observed'],
  ]);
  assert.equal(await page.textContent('ul.sources li .snippet'), 'const line3 = 3;');
  const calls = await page.$$eval('details.call summary code', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(calls, ['read_file', 'search_text', 'fetch_url', 'fetch_url', 'web_search', 'read_file']);
  assert.equal(await page.$$eval('details.call.error', (d) => d.length), 1, 'the failed fetch is marked');
  await page.close();
});

test('hostile text in the answer is shown as text and never runs', async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('section.answer');
  assert.equal(await page.evaluate('window.__xss'), undefined);
  assert.equal(await page.$$eval('section.answer img, section.answer script', (n) => n.length), 0);
  assert.match((await page.textContent('section.answer')) ?? '', /<img src=x onerror="window.__xss=true">/);
  assert.equal(await page.$$eval('a[href^="javascript:"]', (n) => n.length), 0);
  await page.close();
});

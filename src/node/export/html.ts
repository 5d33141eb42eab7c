/**
 * The whole trajectory as one self-contained HTML file that opens offline: the run as JSON data,
 * the viewer script and its style inline, and a CSP that allows exactly those two (by hash) and
 * nothing else: no network, no other script.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../agent/events';
import type { RunSources } from '../../report/sources';
import { VIEWER_CSS } from './viewerCss';

/** dist/export-viewer.js, next to the running bundle (dist/cli.js, dist/extension.js) or from the source tree. */
export function loadViewerScript(dir: string = __dirname): string {
  const candidates = [join(dir, 'export-viewer.js'), join(dir, '../../../dist/export-viewer.js'), join(dir, '../dist/export-viewer.js')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the export viewer is missing (looked for ${candidates[0]}); run npm run build`);
  return readFileSync(found, 'utf8');
}

export function trajectoryHtml(events: readonly AgentEvent[], sources: RunSources | undefined, viewerScript: string): string {
  const kept = events.filter((e) => e.type !== 'text_delta'); // the assistant_message events hold the same text whole
  const start = kept.find((e) => e.type === 'run_start');
  const title = start?.type === 'run_start' ? start.question.replace(/\s+/g, ' ').slice(0, 120) : 'Research Copilot run';
  const script = viewerScript.replace(/<\/script/gi, '<\\/script');
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(VIEWER_CSS)}'`,
    "img-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${VIEWER_CSS}</style>`,
    '</head>',
    '<body>',
    '<main id="app"></main>',
    `<script type="application/json" id="run-data">${jsonForScript({ events: kept, ...(sources ? { sources } : {}) })}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** JSON that cannot end its <script> element or start a comment: every "<" escaped, and the two JS line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

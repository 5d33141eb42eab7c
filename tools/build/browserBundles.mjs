// The two browser bundles' esbuild options, shared by esbuild.config.mjs and the tests that build them
// into a folder of their own (test/webview/harness.ts, test/webview/exportHtml.test.ts), so a test never
// runs a bundle built differently from the one that ships.

/**
 * The panel: dist/webview.js (+ .css).
 * @param {string} outfile @param {boolean} production
 * @returns {import('esbuild').BuildOptions}
 */
export const webviewBundle = (outfile, production) => ({
  entryPoints: ['webview/main.ts'],
  outfile,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  sourcemap: true,
  minify: production,
  loader: { '.ttf': 'file' },
  logLevel: 'warning',
});

/**
 * The exported trajectory's viewer, inlined into the self-contained HTML file (src/node/export/html.ts).
 * @param {string} outfile
 * @returns {import('esbuild').BuildOptions}
 */
export const viewerBundle = (outfile) => ({
  entryPoints: ['webview/export/viewer.ts'],
  outfile,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  minify: true,
  logLevel: 'warning',
});

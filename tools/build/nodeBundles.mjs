// The Node (CommonJS) bundles' esbuild options, shared by esbuild.config.mjs and the test that lists what
// the extension loads at start-up (test/unit/startupBundle.test.ts), so the test reads the bundle that ships.
//
// The extension host is split. VS Code loads `main` (dist/extension.js) with its CommonJS loader at
// start-up, so that file holds only what must exist at once: the commands, the panel serializer, the chat
// participant, the language-model tools' registration. Everything else is a chunk, a CommonJS bundle of
// its own (dist/extension-NAME.js) that the code enters with `await import()`. In these bundles such an
// import of a chunk's module becomes `require('./extension-NAME.js')` on first use. Not esbuild's own
// code splitting: that needs ESM output, and an ESM chunk would reach `vscode` only through
// createRequire (VS Code resolves `vscode` for CommonJS requires from the extension's files) and
// would need __dirname shims. A chunk is a plain CommonJS file; VS Code's `require('vscode')` works
// in it as in the main file.
//
// Identity: a module that two chunks both bundle exists twice, once in each. So a chunk's entry is a
// leaf that hands back plain data or its own objects (html.ts, the openai and unpdf packages, the MCP
// connection), or a whole host feature that keeps its objects to itself (the runtime, evaluation,
// connect). The CLI (dist/cli.js) stays one file: there, the same import()s are inlined.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What the extension loads on first use. `entry` is a source file, or `pkg` an npm package (the chunk
 * then re-exports it; `defaultExport` when the package has one).
 * @type {{ name: string, entry?: string, pkg?: string, defaultExport?: boolean, loads: string }[]}
 */
export const CHUNKS = [
  {
    name: 'runtime',
    entry: 'src/host/runtime.ts',
    loads: 'runs: the agent loop, its tools, panels, @research, Insert Findings, Export Run',
  },
  { name: 'connect', entry: 'src/host/connectCommands.ts', loads: 'Choose Model and Test Connection' },
  {
    name: 'findings',
    entry: 'src/host/findingsDiagnostics.ts',
    loads: "the findings check: the checker, a document's diagnostics and Quick Fixes",
  },
  { name: 'evaluation', entry: 'src/host/evaluationRun.ts', loads: 'Run Evaluation: the runner, its report and charts' },
  { name: 'export', entry: 'src/node/export/exportRun.ts', loads: "Export Run's writer (Markdown report, HTML trajectory)" },
  { name: 'html', entry: 'src/tools/web/html.ts', loads: 'web pages to Markdown (linkedom, Readability, turndown)' },
  { name: 'mcp', entry: 'src/mcp/connection.ts', loads: 'MCP servers (the MCP SDK)' },
  { name: 'openai', pkg: 'openai', defaultExport: true, loads: 'the OpenAI client, for an endpoint' },
  { name: 'pdf', pkg: 'unpdf', loads: 'PDF text (PDF.js)' },
];

export const MAIN_OUTFILE = 'dist/extension.js';
export const chunkOutfile = (name) => `dist/extension-${name}.js`;

/**
 * A Node (CommonJS) bundle: the CLI, the extension host and the sandbox's files.
 * @param {string} entry @param {string} outfile @param {boolean} production @param {import('esbuild').BuildOptions} [extra]
 * @returns {import('esbuild').BuildOptions}
 */
export const nodeBundle = (entry, outfile, production, extra = {}) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  ...extra,
});

/**
 * The extension host's bundles: main first, then one per chunk.
 * @param {boolean} production @param {Record<string, string>} define
 * @returns {import('esbuild').BuildOptions[]}
 */
export function extensionBundles(production, define) {
  const shared = {
    external: ['vscode', 'isolated-vm'],
    define,
    // import() of an external chunk becomes Promise.resolve().then(() => require(...)): VS Code's CommonJS loader.
    supported: { 'dynamic-import': false },
  };
  const main = nodeBundle('src/host/extension.ts', MAIN_OUTFILE, production, { ...shared, plugins: [chunkPlugin(undefined)] });
  return [
    main,
    ...CHUNKS.map((c) => {
      const extra = { ...shared, plugins: [chunkPlugin(c.name)] };
      if (c.entry) return nodeBundle(c.entry, chunkOutfile(c.name), production, extra);
      const contents = `export * from '${c.pkg}';${c.defaultExport ? ` export { default } from '${c.pkg}';` : ''}`;
      const { entryPoints: _none, ...options } = nodeBundle('', chunkOutfile(c.name), production, extra);
      return { ...options, stdin: { contents, resolveDir: REPO, sourcefile: `chunk-${c.name}.js`, loader: 'js' } };
    }),
  ];
}

/** The chunk a source path (without extension, or with) or package name belongs to. */
function chunkOf(importPath, resolveDir) {
  if (!importPath.startsWith('.')) return CHUNKS.find((c) => c.pkg === importPath);
  const base = resolve(resolveDir, importPath);
  const file = [base, `${base}.ts`, join(base, 'index.ts')].find((f) => f.endsWith('.ts') && existsSync(f));
  return file && CHUNKS.find((c) => c.entry && resolve(REPO, c.entry) === file);
}

/**
 * In the bundle of chunk `self` (undefined: main), an `import()` of another chunk's module is left to
 * `require` its file at run time; a static import of one fails the build, since it would put that chunk's
 * code back into this bundle (and load it as soon as this one loads).
 * @param {string | undefined} self @returns {import('esbuild').Plugin}
 */
function chunkPlugin(self) {
  const packages = CHUNKS.filter((c) => c.pkg).map((c) => c.pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const filter = new RegExp(`^(\\.\\.?/.*|${packages.join('|')})$`);
  return {
    name: 'extension-chunks',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        const chunk = chunkOf(args.path, args.resolveDir);
        if (!chunk || chunk.name === self) return undefined;
        if (args.kind !== 'dynamic-import') {
          return {
            errors: [
              {
                text: `${args.path} is the entry of the chunk "${chunk.name}" (tools/build/nodeBundles.mjs), loaded on first use: import it with await import(), not statically`,
              },
            ],
          };
        }
        return { path: `./extension-${chunk.name}.js`, external: true };
      });
    },
  };
}

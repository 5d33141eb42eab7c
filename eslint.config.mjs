// Lint: type-aware promise and switch checks everywhere, and the layer rules (which folder may import
// which). ARCHITECTURE.md explains the layers; test/unit/lintLayers.test.ts proves each rule can fail.
import tseslint from 'typescript-eslint';
import { houseConfigs } from './tools/lint/houseRules.mjs';

/** Node modules that touch the machine (files, processes, sockets); the agent core and the tools use ports instead. */
const MACHINE = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'dgram', 'worker_threads', 'cluster'].flatMap((m) => [
  m,
  `node:${m}`,
]);

/**
 * The layers, lowest first. Each may import the layers listed in `may` (and npm packages), never the others.
 * `machine: false` also bans the Node modules in MACHINE; `vscode: false` bans the editor API.
 */
export const LAYERS = {
  agent: { dir: 'src/agent', may: [], vscode: false, machine: false },
  report: { dir: 'src/report', may: ['agent'], vscode: false, machine: false },
  tools: { dir: 'src/tools', may: ['agent'], vscode: false, machine: false },
  sandbox: { dir: 'src/sandbox', may: ['agent'], vscode: false, machine: true },
  mcp: { dir: 'src/mcp', may: ['agent'], vscode: false, machine: true },
  node: { dir: 'src/node', may: ['agent', 'report', 'tools', 'sandbox', 'mcp'], vscode: false, machine: true },
  shared: { dir: 'src/shared', may: ['agent'], vscode: false, machine: false, browser: true },
  eval: { dir: 'src/eval', may: ['agent', 'report', 'tools', 'sandbox', 'mcp', 'node'], vscode: false, machine: true },
  cli: { dir: 'src/cli', may: ['agent', 'report', 'tools', 'sandbox', 'mcp', 'node', 'eval'], vscode: false, machine: true },
  host: { dir: 'src/host', may: ['agent', 'report', 'tools', 'sandbox', 'mcp', 'node', 'shared', 'eval'], vscode: true, machine: true },
  webview: { dir: 'webview', may: ['shared', 'agent'], vscode: false, machine: false, browser: true },
};

/**
 * The rooms of src/agent, and the rooms each must not import. The top level holds the contracts (events,
 * tool, approvals, schema, usage, defaults, messages, modelClient), which may name the rooms' types only.
 * run/ composes runs out of the loop, so the loop never reaches up into run/; session/ composes a session's
 * turns out of runs, so nothing below it reaches up into session/. findings/ (checking citations in
 * documents) builds on citations/ and on nothing that runs the agent.
 */
export const AGENT_ROOMS = {
  loop: ['run', 'session'],
  model: ['loop', 'run', 'consent', 'citations', 'findings', 'session'],
  consent: ['loop', 'run', 'model', 'citations', 'findings', 'session'],
  citations: ['loop', 'run', 'model', 'consent', 'findings', 'session'],
  findings: ['loop', 'run', 'model', 'consent', 'session'],
  run: ['session'],
  session: [],
};

/** A relative import that reaches into layer `dir` (from any depth; webview files reach src/ through ../src/). */
function reaching(dir) {
  const tail = dir.replace(/^src\//, '').replace(/\//g, '\\/');
  return dir.startsWith('src/') ? `^(\\.\\./)+(src/)?${tail}(/|$)` : `^(\\.\\./)+${tail}(/|$)`;
}

function layerRule(name, layer, extra = { files: [`${layer.dir}/**/*.ts`], patterns: [] }) {
  const others = Object.entries(LAYERS).filter(([other]) => other !== name && !layer.may.includes(other));
  const patterns = others.map(([other, l]) => ({
    regex: reaching(l.dir),
    message: `${layer.dir} must not import ${l.dir} (layers: see ARCHITECTURE.md).`,
    // A tool may name the types of the port its engine implements (the sandbox's), never the engine itself.
    ...(name === 'tools' && other === 'sandbox' ? { allowTypeImports: true } : {}),
  }));
  const paths = [];
  if (!layer.vscode) paths.push({ name: 'vscode', message: `${layer.dir} runs without VS Code; only src/host imports vscode.` });
  if (!layer.machine)
    for (const m of MACHINE) paths.push({ name: m, message: `${layer.dir} reaches the machine only through ports (${m}).` });
  if (layer.browser) patterns.push({ regex: '^node:', message: `${layer.dir} runs in the browser: no Node modules.` });
  patterns.push(...extra.patterns);
  return { files: extra.files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

/** The agent layer's rule again for each room (a later config replaces the rule's options), plus the rooms it must not import. */
function agentRoomRules() {
  const rooms = Object.keys(AGENT_ROOMS);
  const room = (r) => ({
    regex: `^(\\.\\./)+(agent/)?${r}(/|$)`,
    message: `src/agent/${r} must not be imported here (rooms: see ARCHITECTURE.md).`,
  });
  const contracts = {
    files: ['src/agent/*.ts'],
    patterns: rooms.map((r) => ({
      regex: `^\\./${r}(/|$)`,
      allowTypeImports: true,
      message: `the contracts of src/agent name the types of src/agent/${r}, never its code.`,
    })),
  };
  return [
    layerRule('agent', LAYERS.agent, contracts),
    ...Object.entries(AGENT_ROOMS).map(([name, banned]) =>
      layerRule('agent', LAYERS.agent, {
        files: [`src/agent/${name}/**/*.ts`],
        patterns: banned.map((r) => ({
          ...room(r),
          message: `src/agent/${name} must not import src/agent/${r} (rooms: see ARCHITECTURE.md).`,
        })),
      }),
    ),
  ];
}

/** The layer rules alone (the test that proves each can fail lints with these). */
export const layerConfigs = [...Object.entries(LAYERS).map(([name, layer]) => layerRule(name, layer)), ...agentRoomRules()];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'out/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': 'off',
    },
  },
  ...layerConfigs,
  // No import cycles (type-only imports aside) and no function over 80 lines: tools/lint/houseRules.mjs.
  ...houseConfigs,
);

/**
 * Entry bundled to dist/sandbox.js: the sandbox and the run_code tool from the bundled layout, so a
 * test (and anyone wiring the tool without bundling it themselves) can load them from dist/.
 */
export { createSandbox, resolveSandboxAssets } from '../../src/sandbox/index';
export { createRunCodeTool } from '../../src/tools/runCode';

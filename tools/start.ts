/**
 * `npm start [-- FOLDER]`: builds and packages the extension, then gives you the product.
 * - With VS Code's `code` on PATH: installs the .vsix into it and opens FOLDER.
 * - Without: starts the same real VS Code the tests use (code-server) on 127.0.0.1 with the extension
 *   installed, opens FOLDER, prints its URL and runs until Ctrl+C.
 * FOLDER defaults to where `npm start` was run. RESEARCH_COPILOT_* variables pass through to the extension.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAndPackage } from './package';
import { startVsCode } from './e2e/host';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
  if (!existsSync(folder)) throw new Error(`${folder} does not exist`);
  const vsix = await buildAndPackage({ out: join(mkdtempSync(join(tmpdir(), 'rc-vsix-')), 'research-copilot.vsix') });
  console.log(`packaged ${vsix}`);

  const code = process.env.RC_NO_DESKTOP ? undefined : which('code');
  if (code) {
    const install = spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('code --install-extension failed');
    spawnSync(code, [folder], { stdio: 'inherit' });
    console.log(`Installed into VS Code and opened ${folder}. Run "Research Copilot: Ask About This Codebase" from the command palette.`);
    return;
  }

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('RESEARCH_COPILOT_') && v) env[k] = v;
  const settings: Record<string, unknown> = {};
  if (process.env.RESEARCH_COPILOT_BASE_URL) settings['researchCopilot.baseUrl'] = process.env.RESEARCH_COPILOT_BASE_URL;
  if (process.env.RESEARCH_COPILOT_MODEL) settings['researchCopilot.model'] = process.env.RESEARCH_COPILOT_MODEL;
  const host = await startVsCode({ vsix, workspace: folder, env, settings });
  console.log(`\nResearch Copilot is running in VS Code at:\n\n  ${host.url}/?folder=${encodeURIComponent(folder)}\n`);
  console.log('Open it in a browser (an SSH tunnel works: ssh -L PORT:127.0.0.1:PORT). Press Ctrl+C to stop.');
  const stop = () => void host.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.env.RC_START_SMOKE) {
    // Used by the test suite: prove the URL answers, then stop.
    const r = await fetch(`${host.url}/healthz`);
    console.log(`healthz ${r.status}`);
    await host.stop();
  } else {
    await new Promise(() => undefined);
  }
}

main().catch((e: unknown) => {
  console.error(`npm start: ${(e as Error).message}`);
  process.exit(1);
});

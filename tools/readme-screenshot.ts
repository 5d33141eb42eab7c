/**
 * `npm run screenshot:readme`: takes README's picture of the panel mid-run, for real: the packaged
 * extension in the same VS Code the e2e tests use (code-server), a small demo project, and the scripted
 * OpenAI-compatible model (tools/fake-model) holding its fourth reply so the run is caught while it
 * works. Writes media/screenshot-panel.png (or the path given) and prints its size.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findFrame, openFile, openWorkbench, runCommand, typeIntoQuickInput, type Workbench } from './e2e/driver';
import { startVsCode, type VsCodeHost } from './e2e/host';
import { packageVsix } from './e2e/package-vsix';
import { startFakeModel, type FakeModel, type Step } from './fake-model/server';

const REPO = resolve(__dirname, '..');
const OUT = resolve(process.argv[2] ?? join(REPO, 'media', 'screenshot-panel.png'));
const QUESTION = 'Where is the retry policy configured, and what are its limits?';

const DEMO: Record<string, string> = {
  'README.md': '# orders-service\n\nReceives orders and forwards them to the billing API.\n',
  'src/config.ts': `export const config = {
  billingUrl: process.env.BILLING_URL ?? 'https://billing.internal/api',
  retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 },
};
`,
  'src/http/retry.ts': `import { config } from '../config';

/** Exponential backoff with full jitter; gives up after config.retry.attempts tries. */
export async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = config.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= attempts || !isRetryable(e)) throw e;
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}

function isRetryable(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  return status === undefined || status === 429 || status >= 500;
}
`,
  'src/http/billing.ts': `import { config } from '../config';
import { withRetry } from './retry';

export function charge(orderId: string, cents: number) {
  return withRetry(() => fetch(\`\${config.billingUrl}/charges\`, { method: 'POST', body: JSON.stringify({ orderId, cents }) }));
}
`,
};

function call(name: string, args: Record<string, unknown>, reasoning: string): Step {
  return { reasoning, toolCalls: [{ name, arguments: JSON.stringify(args) }] };
}

/** The run so far; the fourth reply is held until the picture is taken. */
function script(hold: Promise<Step>): (req: { body: { messages?: { role: string }[] } }) => Step | Promise<Step> {
  return (req) => {
    const turn = (req.body.messages ?? []).filter((m) => m.role === 'assistant').length;
    const steps = [
      call('search_text', { query: 'retry' }, 'Start with where "retry" appears in the code.'),
      call('read_file', { path: 'src/http/retry.ts' }, 'withRetry in src/http/retry.ts looks like the policy itself; read it whole.'),
      call('read_file', { path: 'src/config.ts' }, 'The limits come from config.retry; read src/config.ts for the values.'),
    ];
    return steps[turn] ?? hold;
  };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const tmp = mkdtempSync(join(tmpdir(), 'rc-shot-'));
  const workspace = join(tmp, 'orders-service');
  for (const [rel, text] of Object.entries(DEMO)) {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), text);
  }
  let release: (s: Step) => void = () => undefined;
  const hold = new Promise<Step>((r) => (release = r));
  let model: FakeModel | undefined;
  let host: VsCodeHost | undefined;
  let wb: Workbench | undefined;
  try {
    const vsix = await packageVsix(REPO, { out: join(tmp, 'research-copilot.vsix') });
    model = await startFakeModel({ script: script(hold) });
    host = await startVsCode({
      vsix,
      workspace,
      env: { RESEARCH_COPILOT_API_KEY: 'sk-demo' },
      settings: {
        'researchCopilot.baseUrl': model.url,
        'researchCopilot.model': 'demo-model',
        'workbench.colorTheme': 'Default Dark Modern',
      },
    });
    wb = await openWorkbench(host.url, workspace, { viewport: { width: 1280, height: 760 } });
    await openFile(wb.page, 'src/http/retry.ts', 60_000);
    await runCommand(wb.page, 'Research Copilot: Ask About This Codebase', 90_000);
    await typeIntoQuickInput(wb.page, QUESTION);
    // Three tool calls shown and the fourth reply pending: the run is mid-way.
    await findFrame(
      wb.page,
      `document.querySelectorAll('.row-tool').length >= 3 && !document.querySelector('.row-tool.is-pending')`,
      'a panel with three finished tool calls',
      60_000,
    );
    await wb.page.mouse.move(0, 0);
    await wb.page.waitForTimeout(1500); // let the elapsed-time ticker and layout settle for the picture
    mkdirSync(dirname(OUT), { recursive: true });
    await wb.page.screenshot({ path: OUT });
    console.log(`${OUT}: ${Math.round(statSync(OUT).size / 1024)} KB`);
    release({ content: 'Done.' });
  } finally {
    await wb?.close();
    await host?.stop();
    await model?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`screenshot: ${(e as Error).message}`);
  process.exit(1);
});

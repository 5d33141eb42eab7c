/**
 * createSandbox: picks the engines and applies the limits. JavaScript runs on isolated-vm when
 * the native module loads in this host (plain Node, code-server), else on QuickJS compiled to wasm
 * (desktop VS Code's Electron, the remote server); Python runs on Pyodide. Engines start lazily on
 * their first call and are reused until dispose().
 */
import { DEFAULTS } from '../agent/defaults';
import { resolveSandboxAssets, type SandboxAssets } from './assets';
import { IsolatedVmEngine, loadIsolatedVm } from './isolatedVmEngine';
import type { Engine, JsEngineChoice, Language, RunOutcome, CodeRequest, Sandbox, SandboxOptions } from './types';
import { WorkerEngine } from './workerEngine';

/** The run-wide defaults (timeout, memory) come from the one table; the rest are the sandbox's own bounds. */
export const SANDBOX_DEFAULTS = { ...DEFAULTS.sandbox, maxTimeoutMs: 600_000, maxOutputChars: 20_000 } as const;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const limits = {
    timeoutMs: positive(options.timeoutMs, SANDBOX_DEFAULTS.timeoutMs),
    maxTimeoutMs: positive(options.maxTimeoutMs, SANDBOX_DEFAULTS.maxTimeoutMs),
    memoryMb: Math.max(16, positive(options.memoryMb, SANDBOX_DEFAULTS.memoryMb)),
    maxOutputChars: Math.max(100, positive(options.maxOutputChars, SANDBOX_DEFAULTS.maxOutputChars)),
  };
  const choice: JsEngineChoice = options.jsEngine ?? 'auto';
  let assets: SandboxAssets | undefined;
  const getAssets = () => (assets ??= resolveSandboxAssets(options.assetsDir));
  const engines: Partial<Record<Language, Engine>> = {};

  const workerEngine = (kind: 'quickjs' | 'pyodide') =>
    new WorkerEngine({
      kind,
      assets: getAssets(),
      memoryMb: limits.memoryMb,
      maxOutputChars: limits.maxOutputChars,
      ...(options.log ? { log: options.log } : {}),
    });

  const jsEngine = (): Engine => {
    if (choice === 'quickjs') return workerEngine('quickjs');
    try {
      return new IsolatedVmEngine(loadIsolatedVm(), {
        memoryMb: limits.memoryMb,
        maxOutputChars: limits.maxOutputChars,
        ...(options.log ? { log: options.log } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (choice === 'isolated-vm')
        return new UnavailableEngine(
          'isolated-vm',
          'javascript',
          `isolated-vm cannot load in this host (${reason}); choose the quickjs engine.`,
        );
      options.log?.(`isolated-vm is not available here (${reason}); JavaScript runs on QuickJS (wasm).`);
      return workerEngine('quickjs');
    }
  };

  const engineFor = (language: Language): Engine => {
    const existing = engines[language];
    if (existing) return existing;
    const created = language === 'javascript' ? jsEngine() : workerEngine('pyodide');
    engines[language] = created;
    return created;
  };

  return {
    limits,
    async describe() {
      return { javascript: engineFor('javascript').name, python: engineFor('python').name };
    },
    async run(language: Language, request: CodeRequest): Promise<RunOutcome> {
      const timeoutMs = Math.min(limits.maxTimeoutMs, positive(request.timeoutMs, limits.timeoutMs));
      try {
        return await engineFor(language).run({ ...request, timeoutMs });
      } catch (error) {
        return {
          stdout: '',
          stderr: '',
          truncatedChars: 0,
          durationMs: 0,
          engine: language,
          errorKind: 'unavailable',
          error: `The ${language} sandbox failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
    async dispose() {
      const all = Object.values(engines);
      for (const key of Object.keys(engines) as Language[]) delete engines[key];
      await Promise.all(all.map((e) => e.dispose()));
    },
  };
}

/** Stands in for an engine that cannot load, so the tool reports why instead of throwing. */
class UnavailableEngine implements Engine {
  constructor(
    readonly name: string,
    readonly language: Language,
    private readonly reason: string,
  ) {}
  async run(): Promise<RunOutcome> {
    return { stdout: '', stderr: '', truncatedChars: 0, durationMs: 0, engine: this.name, error: this.reason, errorKind: 'unavailable' };
  }
  async dispose(): Promise<void> {}
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

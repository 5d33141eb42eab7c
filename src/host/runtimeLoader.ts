/**
 * The runtime (runtime.ts) as start-up holds it: not loaded until something needs it, then loaded once.
 * Each entry point awaits `get()`; a failed load (a damaged install) is said plainly and tried again on
 * the next use.
 */
import * as vscode from 'vscode';
import type { HostRuntime, RuntimeDeps } from './runtime';

export interface RuntimeLoader {
  /** The runtime, loading it the first time. */
  get(): Promise<HostRuntime>;
  /** The runtime if something has loaded it already (deactivate and Stop need not load it). */
  loaded(): HostRuntime | undefined;
}

export function runtimeLoader(deps: RuntimeDeps): RuntimeLoader {
  let loading: Promise<HostRuntime> | undefined;
  let ready: HostRuntime | undefined;
  const load = async (): Promise<HostRuntime> => {
    const started = performance.now();
    const { createRuntime } = await import('./runtime');
    ready = createRuntime(deps);
    deps.log.info(`runtime loaded in ${(performance.now() - started).toFixed(0)} ms`);
    return ready;
  };
  return {
    get: () =>
      (loading ??= load().catch((e: unknown) => {
        loading = undefined;
        const message = `Research Copilot could not load its runtime: ${(e as Error)?.message ?? String(e)}`;
        deps.log.error(message);
        void vscode.window.showErrorMessage(message);
        throw e;
      })),
    loaded: () => ready,
  };
}

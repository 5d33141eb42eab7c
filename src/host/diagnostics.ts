/**
 * A hidden command for benchmarks and bug reports (`researchCopilot.diagnostics`, not in the palette):
 * the extension host's memory, after a full garbage collection when asked (`{ gc: true }`), and how
 * long the extension took from its bundle starting to load to the end of activate(). It returns the
 * figures to a caller and writes them to the extension's log as one `diagnostics {json}` line, so a
 * keybinding can trigger it and a benchmark read the result from the log file (tools/bench/host-bench.ts).
 *
 * This module is imported first by extension.ts, so LOADED_AT is taken before the rest of the bundle runs.
 */
import * as vscode from 'vscode';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const LOADED_AT = performance.now();

export const DIAGNOSTICS_COMMAND = 'researchCopilot.diagnostics';

export interface Diagnostics {
  /** Counts calls, so a reader of the log can tell a fresh line from an old one. */
  seq: number;
  pid: number;
  /** process.memoryUsage(), in bytes. */
  memory: NodeJS.MemoryUsage;
  /** Whether a full GC ran just before `memory` was read. */
  gc: boolean;
  /** From this module's evaluation (the bundle's first code) to the end of activate(), in ms. */
  activationMs: number;
  /** activate() itself, from its first line to its end (the rest of activationMs is VS Code's own work and waiting). */
  activateMs: number;
}

/** Registers the command; call it as the last step of activate(), with the time activate() started. */
export function registerDiagnostics(log: vscode.LogOutputChannel, activateStartedAt: number): vscode.Disposable {
  const now = performance.now();
  const activationMs = now - LOADED_AT;
  const activateMs = now - activateStartedAt;
  let seq = 0;
  return vscode.commands.registerCommand(DIAGNOSTICS_COMMAND, (args: unknown) => {
    const wantGc = typeof args === 'object' && args !== null && (args as { gc?: unknown }).gc === true;
    const gc = wantGc && collectGarbage();
    const d: Diagnostics = { seq: ++seq, pid: process.pid, memory: process.memoryUsage(), gc, activationMs, activateMs };
    log.info(`diagnostics ${JSON.stringify(d)}`);
    return d;
  });
}

/**
 * A full GC. The extension host does not run with --expose-gc; turning the flag on at run time makes
 * V8 define `gc` in contexts created afterwards, which is enough to reach it. Only this command does it.
 */
function collectGarbage(): boolean {
  try {
    let gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  } catch {
    return false;
  }
}

/**
 * One rg process: started in the workspace root, killed when the search is aborted or its reader is
 * done early, and waited for so no process outlives the search.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Thrown when the rg binary cannot be started; the caller falls back to the builtin search. */
export class RipgrepUnavailable extends Error {}

export interface RipgrepExit {
  code: number | null;
  stderr: string;
}

/**
 * Runs `rgPath args` with cwd = root and hands its stdout to `consume`; resolves once the process has
 * exited (killed first if `consume` returns before rg is done, or throws, or the signal aborts).
 */
export async function runRipgrep(
  rgPath: string,
  root: string,
  args: string[],
  signal: AbortSignal | undefined,
  consume: (stdout: Readable) => Promise<void>,
): Promise<RipgrepExit> {
  signal?.throwIfAborted();
  const child = spawn(rgPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new RipgrepUnavailable(`could not run ${rgPath}: ${error.message}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 64_000) stderr += chunk;
  });
  const kill = (): void => {
    child.kill();
  };
  signal?.addEventListener('abort', kill, { once: true });
  try {
    await consume(child.stdout);
  } finally {
    // rg is done once its stdout has ended; before that, the reader stopped early (or failed).
    if (!child.stdout.readableEnded) kill();
    signal?.removeEventListener('abort', kill);
  }
  const code = await exited;
  signal?.throwIfAborted();
  return { code, stderr };
}

/** The first lines of rg's complaint, on one line. */
export function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 6).join(' ').replace(/\s+/g, ' ').slice(0, 600);
}

/** Small readers for the host benchmark: VS Code's log files, the ends of trajectory files, polling. */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The first capture group of every line matching `line`, in every log file under `dir` whose name matches `file`. */
export function hostLogLines(dir: string, file: RegExp, line: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (file.test(e.name)) {
        for (const l of readFileSync(p, 'utf8').split('\n')) {
          const m = line.exec(l);
          if (m?.[1] !== undefined) out.push(m[1]);
        }
      }
    }
  };
  walk(dir);
  return out;
}

function readRange(file: string, from: 'head' | 'tail', bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const length = Math.min(bytes, size);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, from === 'head' ? 0 : size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const readHead = (file: string, bytes: number): string => readRange(file, 'head', bytes);
export const readTail = (file: string, bytes: number): string => readRange(file, 'tail', bytes);

/** Polls `get` every 200 ms until it returns something other than undefined. */
export async function waitFor<T>(what: string, timeoutMs: number, get: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A workspace file's text, read whole and at once, confined like the workspace tools: a path that
 * climbs out, or a link that leads out of the real workspace folder, reads as no file; so does a folder,
 * a binary file or one over 10 MB. Synchronous: a few hundred small files read this way take a fraction
 * of the time a queue of asynchronous reads does.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { normalizeWorkspacePath } from '../tools/pathPolicy';

const MAX_BYTES = 10 * 1024 * 1024;

/** `realRoot`: the workspace folder with its links resolved (realpathSync). */
export function readWorkspaceText(realRoot: string, path: string): string | undefined {
  try {
    const rel = normalizeWorkspacePath(path);
    if (rel === '') return undefined;
    const real = realpathSync.native(join(realRoot, rel));
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
    const bytes = readFileSync(real);
    if (bytes.length > MAX_BYTES || bytes.subarray(0, 8192).includes(0)) return undefined; // too large, or binary
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined; // no such file, a folder, outside, unreadable
  }
}

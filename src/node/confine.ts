/**
 * Path confinement, the file-system half: resolves a normalised workspace path through symbolic
 * links and refuses anything whose real location is outside the real workspace root. For a path
 * that does not exist yet, its deepest existing ancestor is what gets checked.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { ToolError } from '../agent/tool';

export class Confinement {
  private readonly prefix: string;

  /** @param root a real (already resolved) absolute folder */
  constructor(readonly root: string) {
    this.prefix = root.endsWith(sep) ? root : root + sep;
  }

  isInside(real: string): boolean {
    return real === this.root || real.startsWith(this.prefix);
  }

  /** Workspace-relative POSIX path of a real path inside the root. */
  relativeOf(real: string): string {
    return relative(this.root, real).split(sep).join('/');
  }

  /** The real absolute location of `rel` (which must already be normalised); throws ToolError. */
  async resolve(rel: string): Promise<string> {
    let existing = this.absolute(rel);
    const missing: string[] = [];
    while (!(await exists(existing))) {
      missing.unshift(basename(existing));
      existing = dirname(existing);
    }
    let real: string;
    try {
      real = await realpath(existing);
    } catch {
      throw await this.explain(rel, 'is a symbolic link whose target does not exist');
    }
    if (!this.isInside(real)) throw await this.explain(rel, 'is a symbolic link that leads outside the workspace');
    return join(real, ...missing);
  }

  private absolute(rel: string): string {
    return rel === '' ? this.root : join(this.root, ...rel.split('/'));
  }

  /** Names the first link on the way to `rel` that is broken or leads outside. */
  private async explain(rel: string, problem: string): Promise<ToolError> {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const abs = this.absolute(prefix);
      const stats = await lstat(abs).catch(() => undefined);
      if (!stats) break;
      if (!stats.isSymbolicLink()) continue;
      const target = await realpath(abs).catch(() => undefined);
      if (target === undefined || !this.isInside(target)) {
        const where = prefix === rel ? '' : ` (on the way to "${rel}")`;
        return new ToolError(`Refused: "${prefix}"${where} ${problem}.`);
      }
    }
    return new ToolError(`Refused: "${rel}" resolves outside the workspace.`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/** Runs a file-system call about `rel`, turning its expected errors into ToolErrors. */
export function fsCall<T>(rel: string, call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    throw fsError(rel, error);
  });
}

/** Turns a file-system error about `rel` into a ToolError the model can act on. */
export function fsError(rel: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = rel === '' ? 'the workspace root' : `"${rel}"`;
  switch (code) {
    case 'ENOENT':
      return new ToolError(`${shown} does not exist.`);
    case 'ENOTDIR':
      return new ToolError(`${shown}: a part of the path is a file, not a folder.`);
    case 'EISDIR':
      return new ToolError(`${shown} is a folder.`);
    case 'EACCES':
    case 'EPERM':
      return new ToolError(`Permission denied for ${shown}.`);
    case 'ELOOP':
      return new ToolError(`${shown} is a symbolic link that was not followed.`);
    default:
      return error;
  }
}

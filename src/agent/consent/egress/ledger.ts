/**
 * Which workspace files a run has read and written, and the guesses it has made at their content.
 * An edit needs the file read first (as Claude Code's Edit does): edit_file answers "0 occurrences" or
 * asks to apply, and without this rule that answer told a model the content of a file it never read,
 * one character per call. Guesses that keep missing one file stop the run.
 */

/** Failed edits in a row on one file that stop the run. */
export const MAX_MISSES = 6;

export class FileLedger {
  private readonly read = new Set<string>();
  private readonly written = new Set<string>();
  private readonly misses = new Map<string, number>();
  /** Why the run must stop, once it must. */
  halt: string | undefined;

  markRead(path: string): void {
    this.read.add(key(path));
  }

  markWritten(path: string): void {
    this.written.add(key(path));
    this.misses.delete(key(path));
  }

  wrote(path: string): boolean {
    return this.written.has(key(path));
  }

  /** The refusal for an edit of a file this run has neither read nor written, else undefined. */
  beforeEdit(tool: string, path: string): string | undefined {
    if (this.read.has(key(path)) || this.written.has(key(path))) return undefined;
    return (
      `${tool}: read ${path} with read_file first. An edit to a file this run has not read is refused; ` +
      'copy old_text from what read_file shows.'
    );
  }

  /** Records an edit that did not apply; at MAX_MISSES in a row on one file, says why the run stops. */
  missed(tool: string, path: string): string | undefined {
    const n = (this.misses.get(key(path)) ?? 0) + 1;
    this.misses.set(key(path), n);
    if (n < MAX_MISSES) return undefined;
    this.halt =
      `${tool} failed ${n} times in a row on ${path}: repeated guesses at a file's content are not allowed, ` +
      'so the egress guard stopped the run.';
    return this.halt;
  }
}

/** One spelling per path: "./a//b" and "a/b" are the same file. */
function key(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/$/, '');
}

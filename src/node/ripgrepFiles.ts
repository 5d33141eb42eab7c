/**
 * Phase one of a ripgrep search: which files hold a match. rg runs on every core
 * (`--files-with-matches`, no `--sort`, which would force one thread) and reads each file only up to
 * its first match; the paths come back in whatever order the threads finish, and are put in the walk's
 * path order here. Each listed file holds at least one matching line, so the first N+1 files in path
 * order hold the first N+1 matching lines: only those are searched again for their lines.
 */
import type { Readable } from 'node:stream';
import { pathSortKey } from './walk';

/** A file rg reported: `raw` as rg printed it (to hand back to rg), `rel` the workspace-relative POSIX path. */
export interface MatchingFile {
  raw: string;
  rel: string;
}

interface Candidate extends MatchingFile {
  key: string;
  /** Already passed `keep`. */
  kept: boolean;
}

/**
 * Keeps the first `limit` files in path order among those added, dropping the rest as it goes so a
 * repository with a million matching files does not hold them all. `keep` (the include glob's second
 * check) is asked only about files that could still be among the first.
 */
export class FirstFilesInPathOrder {
  private candidates: Candidate[] = [];

  constructor(
    private readonly limit: number,
    private readonly keep?: (rel: string) => Promise<boolean>,
    private readonly compactAt = 20_000,
  ) {}

  async add(file: MatchingFile): Promise<void> {
    this.candidates.push({ ...file, key: pathSortKey(file.rel), kept: false });
    if (this.candidates.length >= this.limit + this.compactAt) await this.compact();
  }

  /** The first `limit` files (fewer when fewer matched), in path order. */
  async take(): Promise<MatchingFile[]> {
    await this.compact();
    return this.candidates.map(({ raw, rel }) => ({ raw, rel }));
  }

  private async compact(): Promise<void> {
    this.candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const first: Candidate[] = [];
    for (const candidate of this.candidates) {
      if (first.length === this.limit) break;
      if (candidate.kept || !this.keep || (await this.keep(candidate.rel))) first.push({ ...candidate, kept: true });
    }
    this.candidates = first;
  }
}

/** Reads `rg --files-with-matches --null` output (each path ends with a NUL byte) into `onFile`. */
export async function readNulSeparated(stdout: Readable, onFile: (file: MatchingFile) => Promise<void>): Promise<void> {
  let rest = Buffer.alloc(0);
  for await (const chunk of stdout as AsyncIterable<Buffer>) {
    let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let end: number;
    while ((end = data.indexOf(0)) !== -1) {
      await onFile(matchingFile(data.subarray(0, end).toString('utf8')));
      data = data.subarray(end + 1);
    }
    rest = Buffer.from(data);
  }
}

function matchingFile(raw: string): MatchingFile {
  let rel = raw.replace(/^\.[/\\]/, '');
  if (process.platform === 'win32') rel = rel.split('\\').join('/');
  return { raw, rel };
}

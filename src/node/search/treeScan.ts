/**
 * The builtin search over one piece of the tree (a file, or a folder and everything below it), in
 * the walk's order: entries sorted by name, `.git`, symbolic links and gitignored entries skipped
 * (unless asked), the include glob applied, each file scanned as bytes (fileScan.ts). Runs with
 * synchronous calls, in a worker thread (scanWorker.ts) or, where none can start, in the caller's.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { SearchMatch } from '../../tools/workspace/port';
import { chainIgnores, IgnoreChain } from '../gitignore';
import { globMatcher } from '../glob';
import { walkable } from '../walk';
import { ScanBuffers, scanFile } from './fileScan';
import { compileQuery, type Matcher, type QuerySpec } from './matcher';

/** What one search looks for; the same for every piece. */
export interface ScanSpec extends QuerySpec {
  root: string;
  include?: string;
  includeIgnored: boolean;
  /** Lines wanted, in path order: a piece stops once it holds this many. */
  need: number;
  /** Set to 1 (Atomics) when the search no longer needs any piece: the scan stops at the next file. */
  stop?: Int32Array;
}

export interface Piece {
  rel: string;
  isDir: boolean;
}

export type PieceResult = { kind: 'matches'; matches: SearchMatch[] } | { kind: 'split'; pieces: Piece[] };

export class TreeScanner {
  private readonly matcher: Matcher;
  private readonly included: (rel: string) => boolean;
  private readonly rules: IgnoreChain;

  constructor(
    private readonly spec: ScanSpec,
    private readonly buffers = new ScanBuffers(),
  ) {
    this.matcher = compileQuery(spec);
    this.included = spec.include ? globMatcher(spec.include) : () => true;
    this.rules = new IgnoreChain(spec.root);
  }

  /** The first `need` matching lines of the piece, or (when `split`) the folder's entries as pieces. */
  scan(piece: Piece, split = false): PieceResult {
    if (split && piece.isDir) return { kind: 'split', pieces: this.entries(piece.rel) };
    const matches: SearchMatch[] = [];
    if (piece.isDir) this.walk(piece.rel, matches);
    else this.file(piece.rel, matches);
    return { kind: 'matches', matches };
  }

  /** A folder's entries in the walk's order: no .git, no links, nothing ignored (unless asked). */
  entries(folder: string): Piece[] {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(folder === '' ? this.spec.root : join(this.spec.root, folder), { withFileTypes: true });
    } catch {
      return []; // unreadable or vanished: skipped, as rg does
    }
    const chain = this.spec.includeIgnored ? [] : this.rules.chainFor(folder);
    const pieces = walkable(folder, dirents);
    return chain.length === 0 ? pieces : pieces.filter(({ rel, isDir }) => !chainIgnores(chain, rel, isDir));
  }

  private walk(folder: string, matches: SearchMatch[]): void {
    for (const entry of this.entries(folder)) {
      if (matches.length >= this.spec.need || this.stopped()) return;
      if (entry.isDir) this.walk(entry.rel, matches);
      else this.file(entry.rel, matches);
    }
  }

  private file(rel: string, matches: SearchMatch[]): void {
    if (!this.included(rel)) return;
    for (const hit of scanFile(join(this.spec.root, rel), this.matcher, this.spec.need - matches.length, this.buffers)) {
      matches.push({ path: rel, line: hit.line, text: hit.text });
    }
  }

  private stopped(): boolean {
    return this.spec.stop !== undefined && Atomics.load(this.spec.stop, 0) !== 0;
  }
}

/**
 * The search used when ripgrep is not available. Its results match `rg --sort path`: the same files
 * (gitignore honoured, hidden files included, symbolic links skipped, binary files skipped as rg's
 * walk skips them), the same order, the same cut of long lines. It reads bytes, not strings: a
 * literal is found with Buffer.indexOf, a regex is tested only on lines holding a literal it needs
 * (search/matcher.ts), and the tree is cut into pieces scanned on every core by worker threads
 * (search/scanPool.ts), their lines put back in path order (search/scanInOrder.ts).
 */
import type { SearchOptions, SearchResult } from '../tools/workspace/port';
import type { IgnoreRules } from './gitignore';
import { cutTree } from './ripgrepPlan';
import { compileQuery } from './search/matcher';
import { scanInOrder } from './search/scanInOrder';
import { sharedRunner, type PieceRunner } from './search/scanPool';
import type { Piece, ScanSpec } from './search/treeScan';

export { cutMatchText, MAX_MATCH_CHARS } from './search/lineScan';

export async function searchBuiltin(
  root: string,
  query: string,
  options: SearchOptions,
  rules: IgnoreRules,
  runner: PieceRunner = sharedRunner(),
): Promise<SearchResult> {
  compileQuery({ query, regex: options.regex }); // a bad regex is refused before anything is read
  options.signal?.throwIfAborted();
  const includeIgnored = options.includeIgnored === true;
  // One line more than asked for shows whether more exist.
  const spec: ScanSpec = {
    root,
    query,
    regex: options.regex,
    ...(options.include ? { include: options.include } : {}),
    includeIgnored,
    need: options.maxResults + 1,
    stop: new Int32Array(new SharedArrayBuffer(4)),
  };
  const cut = await cutTree(root, { rules, includeIgnored, processes: runner.size, signal: options.signal });
  const pieces: Piece[] = cut ? cut.pieces.map(({ rel, isDir }) => ({ rel, isDir })) : [{ rel: '', isDir: true }];
  const matches = await scanInOrder(pieces, spec, runner, options.signal);
  return { matches: matches.slice(0, options.maxResults), truncated: matches.length > options.maxResults, engine: 'builtin' };
}

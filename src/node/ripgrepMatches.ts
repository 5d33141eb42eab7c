/**
 * Phase two of a ripgrep search: the matching lines of the few files phase one chose, in the order
 * given. rg is handed the files by name (`rg --json -- FILE…`), so it searches them on every core and
 * prints them in any order; each file's lines are put back in place here.
 */
import { createInterface } from 'node:readline';
import type { SearchMatch } from '../tools/workspace/port';
import { cutMatchText } from './builtinSearch';
import type { MatchingFile } from './ripgrepFiles';
import { runRipgrep } from './ripgrepProcess';

/** Command lines stay below Windows' 32,767-character limit; elsewhere one batch almost always does. */
const ARGS_BUDGET = process.platform === 'win32' ? 24_000 : 1_000_000;

export interface MatchQuery {
  rgPath: string;
  root: string;
  /** The flags that say what a match is (pattern, literal or regex); the same as phase one's. */
  matchArgs: string[];
  signal?: AbortSignal;
}

/** The first `need` matching lines of `files`, in file order then line order (fewer when fewer exist). */
export async function matchesInOrder(q: MatchQuery, files: MatchingFile[], need: number): Promise<SearchMatch[]> {
  const matches: SearchMatch[] = [];
  for (const batch of batches(files)) {
    const byFile = await matchesOf(q, batch, need);
    for (const file of batch) {
      for (const match of byFile.get(file.raw) ?? []) {
        if (matches.length === need) return matches;
        matches.push({ ...match, path: file.rel });
      }
    }
    if (matches.length === need) break;
  }
  return matches;
}

function* batches(files: MatchingFile[]): Generator<MatchingFile[]> {
  let batch: MatchingFile[] = [];
  let size = 0;
  for (const file of files) {
    if (batch.length > 0 && size + file.raw.length + 1 > ARGS_BUDGET) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(file);
    size += file.raw.length + 1;
  }
  if (batch.length > 0) yield batch;
}

interface FileMatches {
  matches: Array<SearchMatch & { offset: number }>;
  /** Where rg saw the first NUL byte (a binary file), if it did. */
  binaryOffset?: number | null;
}

/** Matches per file, keyed by the path as given to rg; at most `need` per file (`--max-count`). */
async function matchesOf(q: MatchQuery, files: MatchingFile[], need: number): Promise<Map<string, SearchMatch[]>> {
  const args = ['--json', '--no-config', '--max-count', String(need), ...q.matchArgs, '--', ...files.map((f) => f.raw)];
  const found = new Map<string, FileMatches>();
  // Phase one already ran this pattern, so exit status 2 here only means a file vanished or went
  // unreadable in between: it then has no lines, as if it had never matched.
  await runRipgrep(q.rgPath, q.root, args, q.signal, async (stdout) => {
    for await (const line of createInterface({ input: stdout, crlfDelay: Infinity })) readMessage(line, found);
  });
  const result = new Map<string, SearchMatch[]>();
  for (const [path, file] of found) {
    // Named files are searched past a NUL byte; the walk of phase one stops there, and so does this.
    const cut = file.binaryOffset ?? Infinity;
    result.set(
      path,
      file.matches.filter((m) => m.offset < cut && !m.text.includes('\0')).map(({ path: p, line, text }) => ({ path: p, line, text })),
    );
  }
  return result;
}

interface RgText {
  text?: string;
  bytes?: string;
}

interface RgMessage {
  type: string;
  data: { path?: RgText; lines?: RgText; line_number?: number; absolute_offset?: number; binary_offset?: number | null };
}

function readMessage(line: string, found: Map<string, FileMatches>): void {
  if (!line.startsWith('{"type":"match"') && !line.startsWith('{"type":"end"')) return;
  const { type, data } = JSON.parse(line) as RgMessage;
  if (!data.path) return;
  const path = decode(data.path);
  let file = found.get(path);
  if (!file) found.set(path, (file = { matches: [] }));
  if (type === 'end') {
    file.binaryOffset = data.binary_offset;
    return;
  }
  const text = decode(data.lines ?? {});
  file.matches.push({ path, line: data.line_number ?? 0, text: cutMatchText(text), offset: data.absolute_offset ?? 0 });
}

function decode(value: RgText): string {
  return value.text ?? Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}

/**
 * Reads `rg --json` output one file at a time: a file's matching lines are handed on only once rg
 * has finished the file (its "end" message), so the lines past a NUL byte can be dropped first.
 */
import type { Readable } from 'node:stream';
import type { SearchMatch } from '../tools/workspace/port';
import { cutMatchText } from './search/lineScan';
import { rgMessages, type RgText } from './ripgrepJsonLines';

interface Pending {
  path: string;
  matches: Array<SearchMatch & { offset: number }>;
}

/**
 * Calls `onFile` with each finished file's matching lines, in the order rg prints the files. `rel`
 * turns the path rg printed into a workspace-relative POSIX path; `walkCut(rel)` says where rg's walk
 * stops reading that file (fileScan.ts), for a file with a NUL byte past its first read.
 */
export async function readJsonFiles(
  stdout: Readable,
  rel: (printed: string) => string,
  onFile: (matches: SearchMatch[]) => Promise<void>,
  walkCut: (rel: string) => number | undefined = () => undefined,
): Promise<void> {
  let pending: Pending | undefined;
  for await (const { type, data } of rgMessages(stdout)) {
    if (!data.path) continue;
    const path = rel(decode(data.path));
    if (!pending || pending.path !== path) pending = { path, matches: [] };
    if (type === 'match') {
      const text = cutMatchText(decode(data.lines ?? {}));
      pending.matches.push({ path, line: data.line_number ?? 0, text, offset: data.absolute_offset ?? 0 });
      continue;
    }
    await onFile(beforeBinary(pending, data.binary_offset, walkCut));
    pending = undefined;
  }
}

/** rg's walk reads a file 64 KiB at a time (more only for a longer line) and checks each read for NUL bytes. */
const FIRST_READ = 64 * 1024;

/**
 * A file named on rg's command line is searched past NUL bytes (they become line ends), while rg's
 * walk, and so a search of a folder, treats a NUL as the end of the text: met in the first read, the
 * file is skipped as binary; met later, the lines of the reads before the one that met it stay
 * (search/rgFills.ts). Named files are cut the same way here, so a file gives the same lines however
 * it was reached; a walked file is already cut there.
 */
function beforeBinary(file: Pending, binaryOffset: number | null | undefined, walkCut: (rel: string) => number | undefined): SearchMatch[] {
  if (binaryOffset !== null && binaryOffset !== undefined && binaryOffset < FIRST_READ) return [];
  const cut = binaryOffset === null || binaryOffset === undefined ? Infinity : (walkCut(file.path) ?? binaryOffset);
  return file.matches.filter((m) => m.offset < cut && !m.text.includes('\0')).map(({ path, line, text }) => ({ path, line, text }));
}

function decode(value: RgText): string {
  return value.text ?? Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}

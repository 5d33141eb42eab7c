/**
 * Finding text in a file the way the citation check compares it: line by line, whitespace ignored
 * (re-indenting code does not falsify a finding), a line that an excerpt cut short (ending in "…")
 * matching as a prefix. Moved text is looked for as a whole block, nearest to where it was.
 */

/** Blocks shorter than this (without whitespace) are not looked for elsewhere: a lone `}` is everywhere. */
const MIN_PLACEABLE = 10;

export class FileLines {
  readonly lines: string[];
  /** Each line without whitespace, made when first compared: most citations never need it. */
  private readonly compacted: Array<string | undefined>;

  constructor(text: string) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.lines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    this.compacted = new Array<string | undefined>(lines.length);
  }

  get count(): number {
    return this.lines.length;
  }

  /** Line `i` (0-based) without whitespace. */
  compactAt(i: number): string {
    return (this.compacted[i] ??= compact(this.lines[i]));
  }
}

export function compact(line: string): string {
  return line.replace(/\s+/g, '');
}

/** Whether `block` (old lines, or an excerpt) sits at line `at` (1-based). */
export function blockAt(file: FileLines, block: readonly string[], at: number): boolean {
  if (at < 1 || at + block.length - 1 > file.count) return false;
  return block.every((l, i) => sameLine(compact(l), file.compactAt(at - 1 + i)));
}

/** Where `block` starts in the file, the occurrence nearest to line `near`; undefined when absent or too short to place. */
export function findBlock(file: FileLines, block: readonly string[], near: number): number | undefined {
  const wanted = block.map(compact);
  if (wanted.join('').replace(/…$/, '').length < MIN_PLACEABLE) return undefined;
  let best: number | undefined;
  for (let i = 0; i + wanted.length <= file.count; i++) {
    if (!wanted.every((w, k) => sameLine(w, file.compactAt(i + k)))) continue;
    if (best === undefined || Math.abs(i + 1 - near) < Math.abs(best - near)) best = i + 1;
  }
  return best;
}

function sameLine(wanted: string, actual: string): boolean {
  if (wanted === actual) return true;
  return wanted.endsWith('…') && actual.startsWith(wanted.slice(0, -1));
}

/**
 * Where ripgrep's walk stops in a file that holds a NUL byte, replayed so that the builtin search
 * gives the same lines. rg reads a file into a line buffer of 64 KiB: each fill reads until the
 * buffer is full and searches the whole lines in it, carrying the partial last line over to the
 * next fill; a line longer than the buffer triples it. When a fill's new bytes hold a NUL, rg stops:
 * that fill's lines are not searched, the earlier fills' lines were. So a NUL in the first 64 KiB
 * skips the file as binary, and a later one keeps the lines before the fill that read it.
 *
 * Replayed for a fresh buffer, the same as rg 13 and 15 give for a file searched first by a thread
 * (checked against both over files with NULs near fill ends and lines longer than the buffer). rg
 * keeps a grown buffer for the next files a thread searches, so after a very long line its own cut
 * can move; and rg 13 reads a file's first three bytes alone, which moves its fills by up to three
 * bytes when those hold a line end.
 */
export const FIRST_FILL = 64 * 1024;

export class RgFills {
  private capacity = FIRST_FILL;
  /** End of the lines rg has searched (absolute offset). */
  consumed = 0;
  /** End of the bytes rg has read. */
  private readEnd = 0;
  /** Set once a fill reads the first NUL: lines ending after this offset are not searched. */
  cut: number | undefined;
  /** Set once the replay reached the end of the file without a NUL. */
  done = false;

  /**
   * Replays the reads that fall within the bytes known so far. `known`: where they end (absolute);
   * `eof`: the file ends there; `nul`: the first NUL's offset (-1 if none yet); `lastNewline(end)`:
   * the offset of the last "\n" before `end`, or -1.
   */
  advance(known: number, eof: boolean, nul: number, lastNewline: (end: number) => number): void {
    while (this.cut === undefined && !this.done) {
      const held = this.readEnd - this.consumed;
      if (held === this.capacity) this.capacity *= 3;
      const start = this.readEnd;
      let end = start + this.capacity - held;
      if (end > known) {
        if (!eof) return;
        end = known;
      }
      if (end === start) {
        this.done = true;
        return;
      }
      if (nul !== -1 && nul < end) {
        this.cut = this.consumed;
        return;
      }
      this.readEnd = end;
      const newline = lastNewline(end);
      if (newline >= start) this.consumed = newline + 1;
    }
  }
}

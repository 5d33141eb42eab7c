/**
 * Detects degenerate output while it streams: the same short text repeated until the token limit.
 * MiroThinker retries a reply whose last 50 characters occur more than 5 times
 * (MiroMindAI/MiroThinker, `openai_client.py`); waiting for the end wastes the whole token budget, so
 * this checks as the text grows and lets the caller stop the stream. A tail counts as degenerate when
 * it is one unit of at most 200 characters repeated back to back, covering at least 800 characters
 * and at least 8 repeats: enough that a table, a list of paths or a code block does not trip it.
 */
export interface RepetitionOptions {
  maxUnit?: number;
  minSpan?: number;
  minRepeats?: number;
  /** Check every this many new characters (keeps the cost per character small). */
  every?: number;
}

export class RepetitionDetector {
  private text = '';
  private sinceCheck = 0;
  private readonly maxUnit: number;
  private readonly minSpan: number;
  private readonly minRepeats: number;
  private readonly every: number;
  /** The repeated unit, once found. */
  unit: string | undefined;

  constructor(o: RepetitionOptions = {}) {
    this.maxUnit = o.maxUnit ?? 200;
    this.minSpan = o.minSpan ?? 800;
    this.minRepeats = o.minRepeats ?? 8;
    this.every = o.every ?? 64;
  }

  /** Adds streamed text; true once the tail is degenerate. */
  push(piece: string): boolean {
    if (this.unit !== undefined) return true;
    this.text += piece;
    this.sinceCheck += piece.length;
    if (this.sinceCheck < this.every) return false;
    this.sinceCheck = 0;
    if (this.text.length > 4 * this.minSpan + this.maxUnit * this.minRepeats) {
      this.text = this.text.slice(-(2 * this.minSpan + this.maxUnit * this.minRepeats));
    }
    this.unit = findRepeat(this.text, this.maxUnit, this.minSpan, this.minRepeats);
    return this.unit !== undefined;
  }
}

/** The shortest period p ≤ maxUnit for which the tail is p-periodic over max(minSpan, p·minRepeats) characters. */
export function findRepeat(text: string, maxUnit: number, minSpan: number, minRepeats: number): string | undefined {
  const n = text.length;
  for (let p = 1; p <= maxUnit; p++) {
    const span = Math.max(minSpan, p * minRepeats);
    if (span > n) break;
    let ok = true;
    for (let i = n - span + p; i < n; i++) {
      if (text.charCodeAt(i) !== text.charCodeAt(i - p)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      const unit = text.slice(n - p);
      // A run of one character (a line of "-", spaces) is layout, not a loop.
      if (unit.trim().length > 0 && new Set(unit).size > 1) return unit;
    }
  }
  return undefined;
}

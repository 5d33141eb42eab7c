/** The evaluation's progress on stderr: done/total, accuracy so far, ETA, tokens. */
import type { EvalProgress } from './runner';

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function progressText(p: EvalProgress, width = 24): string {
  const frac = p.total ? p.done / p.total : 1;
  const filled = Math.round(frac * width);
  const acc = p.done ? `${((p.correct / p.done) * 100).toFixed(1)}%` : '–';
  const eta = p.done ? duration((p.elapsedMs / p.done) * (p.total - p.done)) : '?';
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} runs` +
    `${p.skipped ? ` (+${p.skipped} done before)` : ''}  acc ${acc}  ETA ${eta}  tokens ${compact(p.tokens)}`
  );
}

/** A TTY gets one line rewritten in place; a log file gets a line per finished run at most every 10 s. */
export function progressPrinter(stream: NodeJS.WriteStream, now: () => number = Date.now): (p: EvalProgress) => void {
  let last = 0;
  return (p) => {
    const line = progressText(p);
    if (stream.isTTY) return void stream.write(`\r${line}\x1b[K${p.done === p.total ? '\n' : ''}`);
    if (p.done === p.total || p.done === 0 || now() - last >= 10_000) {
      last = now();
      stream.write(line + '\n');
    }
  };
}

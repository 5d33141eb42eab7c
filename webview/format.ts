/** Small text formatters for the header and rows. Pure. */

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Collapsed sizes: long observations, arguments and reasoning show this much until expanded. */
export const CLIP = {
  result: { lines: 12, chars: 1200 },
  args: { lines: 6, chars: 600 },
  reasoning: { lines: 4, chars: 400 },
} as const;

/** The first `lines` lines / `chars` characters of `text`, or undefined when it fits. */
export function clip(text: string, lines: number, chars: number): string | undefined {
  let at = 0;
  for (let n = 0; n < lines; n++) {
    const nl = text.indexOf('\n', at);
    if (nl === -1 || nl >= chars) return text.length > chars ? text.slice(0, chars) : undefined;
    at = nl + 1;
  }
  return at < text.length ? text.slice(0, at - 1) : undefined;
}

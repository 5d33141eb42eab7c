/**
 * How a secret is shown anywhere (stderr, the trajectory, the panel, exports): its first and last few
 * characters and its length, "sk-l…tgG, 40 chars". Short secrets show less (an eighth at the start,
 * a twelfth at the end), so a fingerprint never gives much of one away.
 */
import { randomTokens } from './entropy';

export function fingerprint(secret: string): string {
  const chars = [...secret];
  const head = Math.min(4, Math.floor(chars.length / 8));
  const tail = Math.min(3, Math.floor(chars.length / 12));
  return `${chars.slice(0, head).join('')}…${tail ? chars.slice(-tail).join('') : ''}, ${chars.length} chars`;
}

/**
 * `text` with every known secret replaced by its fingerprint in brackets, and with `random` every
 * random-looking token too (once a run has seen a secret, any of them may be one, encoded).
 */
export function maskText(text: string, secrets: Iterable<string>, random: boolean): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(`[${fingerprint(s)}]`);
  if (!random) return out;
  const spans = randomTokens(out);
  for (let i = spans.length - 1; i >= 0; i--) {
    const { start, end } = spans[i];
    out = `${out.slice(0, start)}[${fingerprint(out.slice(start, end))}]${out.slice(end)}`;
  }
  return out;
}

/** `value` with every string in it masked (maskText); keys too. */
export function maskValue(value: unknown, secrets: Iterable<string>, random: boolean): unknown {
  const list = [...secrets];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, list, random);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskText(k, list, random), walk(x)]));
    return v;
  };
  return walk(value);
}

/** The JSON request every provider makes, with errors worded for the model (and the user). */
import { decodeText } from '../decode';
import { WebError, type HttpPort } from '../ports';

const MAX_BYTES = 4 * 1024 * 1024;

export interface JsonRequest {
  label: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  /** Said after a 401/403, e.g. which env var holds the key. */
  refusedHint?: string;
}

export async function requestJson(http: HttpPort, req: JsonRequest, signal: AbortSignal): Promise<unknown> {
  const res = await http.request({
    url: req.url,
    method: req.method ?? 'GET',
    headers: { accept: 'application/json', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    signal,
    maxBytes: MAX_BYTES,
  });
  const text = decodeText(res.body, res.charset, false);
  if (res.status === 401 || res.status === 403) {
    const why = req.refusedHint ? ` ${req.refusedHint}` : '';
    throw new WebError('http', `${req.label} refused the search (HTTP ${res.status}).${why} ${excerpt(text)}`.trim());
  }
  if (res.status === 429) throw new WebError('http', `${req.label} is rate-limiting searches (HTTP 429); wait, or search less often.`);
  if (res.status >= 400)
    throw new WebError('http', `${req.label} failed with HTTP ${res.status} ${res.statusText}. ${excerpt(text)}`.trim());
  if (res.truncated) throw new WebError('too_large', `${req.label} sent a response larger than 4 MB; it was not read.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WebError(
      'http',
      `${req.label} did not answer with JSON (content type ${res.contentType || 'unknown'}). ${excerpt(text)}`.trim(),
    );
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat ? `It said: ${flat.length > 300 ? `${flat.slice(0, 300)}…` : flat}` : '';
}

/** The string at `value[key]`, or "" when absent or not a string. */
export function stringAt(value: unknown, key: string): string {
  if (typeof value !== 'object' || value === null) return '';
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}

/** The array at a path of keys, or [] when any step is missing. */
export function arr(value: unknown, ...path: string[]): unknown[] {
  let v: unknown = value;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v : [];
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

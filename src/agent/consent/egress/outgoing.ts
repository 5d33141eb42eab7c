/**
 * What a call will actually send, field by field, in every form a receiver may read it: the string as
 * written, a URL as fetch will send it (the WHATWG parser drops TAB, CR and LF, lower-cases the host,
 * applies IDNA, keeps userinfo, which becomes an Authorization header), and each of these
 * percent-decoded once, twice, three times. MCP arguments are checked as serialised too: numbers,
 * arrays of character codes and keys, besides every string. And where it goes: the site of its `url`
 * (the last two labels of the host), else the tool (the search provider) or the MCP server, so calls
 * to one destination can be followed as one stream (streams.ts).
 */
import { decodings } from './canon';

export interface CallTarget {
  tool: string;
  /** The tool's server ("web", or an MCP server's name). */
  server: string;
  mcp: boolean;
  /** Declared (or known) to reach beyond this machine. */
  openWorld: boolean;
}

export interface SentField {
  /** Where in the arguments: "url", "query", "items[2].text", "(as sent)". */
  field: string;
  /** The value as written first, then the forms it arrives in. */
  forms: string[];
  /** Parts that repeat from call to call ("path", "q:key", "host", …) and their decoded values, for the streams. */
  parts: [string, string][];
}

export interface Outgoing {
  destination: string;
  fields: SentField[];
}

/** Keys this long or longer are checked like values (a key can carry data too). */
const MIN_KEY = 8;
const URL_LIKE = /^\s*[a-z][a-z0-9+.-]*:/i;

export function outgoing(target: CallTarget, args: Record<string, unknown>): Outgoing {
  const fields: SentField[] = [];
  let site: string | undefined;
  for (const [field, value] of strings(args, '')) {
    const url = URL_LIKE.test(value) ? parseUrl(value) : undefined;
    if (url && field === 'url') site ??= siteOf(url.hostname); // the page fetched, not a link in a query or a note
    fields.push(url ? urlField(field, value, url) : { field, forms: withDecodings([value]), parts: [['value', value]] });
  }
  // The rest of what is serialised: numbers (character codes), booleans, keys. Strings are checked above.
  if (target.mcp)
    fields.push({ field: '(as sent)', forms: [JSON.stringify(args, (_k, v: unknown) => (typeof v === 'string' ? '' : v))], parts: [] });
  const destination = target.mcp ? `mcp:${target.server}` : site ? `site:${site}` : `tool:${target.tool}`;
  return { destination, fields };
}

function parseUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.host ? url : undefined;
  } catch {
    return undefined;
  }
}

function urlField(field: string, raw: string, url: URL): SentField {
  const parts: [string, string][] = [
    ['host', url.hostname],
    ['path', url.pathname],
  ];
  if (url.username || url.password) parts.push(['userinfo', `${url.username}:${url.password}`]);
  for (const [key, value] of url.searchParams) parts.push([`q:${key}`, value], ['q-keys', key]);
  if (url.hash) parts.push(['fragment', url.hash]);
  return {
    field,
    forms: withDecodings([raw, url.href]),
    parts: parts.map(([name, value]) => [name, decodings(value).pop() ?? value]),
  };
}

/** The texts and all their percent-decodings, each once. */
function withDecodings(texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    out.add(t);
    for (const d of decodings(t)) out.add(d);
  }
  return [...out];
}

/** The last two labels of a host name ("en.wikipedia.org" → "wikipedia.org"); an address as it is. */
export function siteOf(hostname: string): string {
  if (/^[\d.]+$/.test(hostname) || hostname.startsWith('[')) return hostname;
  return hostname.split('.').filter(Boolean).slice(-2).join('.');
}

/** Every string inside `value` with its path ("url", "items[2].text"); keys of 8+ characters too. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path || '(value)', value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (k.length >= MIN_KEY) yield [`${p} (key)`, k];
      yield* strings(v, p);
    }
  }
}

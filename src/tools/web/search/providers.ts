/**
 * The search back-ends, each speaking its real API:
 * - SearXNG: GET {url}/search?q=…&format=json → {results: [{title, url, content}]}
 * - Tavily:  POST {url}/search, Authorization: Bearer KEY, {query, max_results} → {results: [{title, url, content}]}
 * - Brave:   GET {url}/res/v1/web/search?q=…&count=N, X-Subscription-Token: KEY → {web: {results: [{title, url, description}]}}
 * - Serper:  POST {url}/search, X-API-KEY: KEY, {q, num} → {organic: [{title, link, snippet}]}
 */
import { arr, joinUrl, requestJson, stringAt } from './request';
import type { HttpPort } from '../ports';
import { PROVIDER_INFO, type SearchConfig, type SearchHit, type SearchProvider, type SearchProviderName } from './types';

/** A provider's checked configuration: its address, key, and what to say when the key is refused. */
interface Endpoint {
  label: string;
  base: string;
  key: string;
  keyHint: string;
}

type Search = (e: Endpoint, query: string, max: number, http: HttpPort, signal: AbortSignal) => Promise<SearchHit[]>;

/** One search per back-end, each in its own API's words (see the header). */
const SEARCHES: Record<SearchProviderName, Search> = {
  async searxng(e, query, max, http, signal) {
    const url = `${joinUrl(e.base, '/search')}?${new URLSearchParams({ q: query, format: 'json' })}`;
    const json = await requestJson(
      http,
      {
        label: `SearXNG at ${e.base}`,
        url,
        refusedHint: 'SearXNG answers 403 when its JSON output is off: add json to search.formats in its settings.yml.',
      },
      signal,
    );
    return hits(arr(json, 'results'), 'url', 'content', max);
  },
  async tavily(e, query, max, http, signal) {
    const json = await requestJson(
      http,
      {
        label: e.label,
        url: joinUrl(e.base, '/search'),
        method: 'POST',
        headers: { authorization: `Bearer ${e.key}` },
        body: { query, max_results: max },
        refusedHint: e.keyHint,
      },
      signal,
    );
    return hits(arr(json, 'results'), 'url', 'content', max);
  },
  async brave(e, query, max, http, signal) {
    const url = `${joinUrl(e.base, '/res/v1/web/search')}?${new URLSearchParams({ q: query, count: String(Math.min(max, 20)) })}`;
    const json = await requestJson(
      http,
      { label: e.label, url, headers: { 'x-subscription-token': e.key }, refusedHint: e.keyHint },
      signal,
    );
    return hits(arr(json, 'web', 'results'), 'url', 'description', max);
  },
  async serper(e, query, max, http, signal) {
    const json = await requestJson(
      http,
      {
        label: e.label,
        url: joinUrl(e.base, '/search'),
        method: 'POST',
        headers: { 'x-api-key': e.key },
        body: { q: query, num: max },
        refusedHint: e.keyHint,
      },
      signal,
    );
    return hits(arr(json, 'organic'), 'link', 'snippet', max);
  },
};

/** The provider for a configuration, or a message saying what is missing. */
export function createSearchProvider(config: SearchConfig): SearchProvider | string {
  const endpoint = endpointFor(config);
  if (typeof endpoint === 'string') return endpoint;
  const search = SEARCHES[config.provider];
  return { label: endpoint.label, search: (query, max, http, signal) => search(endpoint, query, max, http, signal) };
}

function endpointFor(config: SearchConfig): Endpoint | string {
  const info = PROVIDER_INFO[config.provider];
  if (!info) return `Unknown search provider "${String(config.provider)}"; use searxng, tavily, brave or serper.`;
  const base = config.url?.trim() || info.defaultUrl;
  if (!base) return 'The SearXNG provider needs the address of a SearXNG instance (CLI --search-url, or the search URL setting).';
  try {
    const u = new URL(base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return `The search URL "${base}" is not a valid http(s) URL.`;
  }
  if (info.keyEnv && !config.apiKey) {
    return `${info.label} needs an API key: set ${info.keyEnv} in the environment (in VS Code, the "Set Search API Key" command).`;
  }
  return { label: info.label, base, key: config.apiKey ?? '', keyHint: `Check the API key (${info.keyEnv ?? 'none set'}).` };
}

function hits(items: unknown[], urlKey: string, snippetKey: string, max: number): SearchHit[] {
  return items
    .map((item) => ({
      title: stringAt(item, 'title').trim(),
      url: stringAt(item, urlKey).trim(),
      snippet: stripTags(stringAt(item, snippetKey)),
    }))
    .filter((h) => h.url !== '')
    .slice(0, max);
}

/** Brave marks matches with <strong>; snippets are shown as plain text. */
function stripTags(text: string): string {
  return text
    .replace(/<[^>]{1,40}>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

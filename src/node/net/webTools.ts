/**
 * Node wiring of the web tools: two guarded HTTP clients (fetch_url's, and web_search's, which may
 * always reach the configured provider), the PDF reader, and the search configuration.
 */
import type { Tool } from '../../agent/tool';
import { webToolsFromPorts } from '../../tools/web';
import { PROVIDER_INFO, SEARCH_PROVIDERS, type SearchConfig, type SearchProviderName } from '../../tools/web/search/types';
import { createPdfReader } from '../extract/pdf';
import { createHttpClient, type HttpClientOptions, type Resolver } from './httpClient';

export interface WebToolsOptions {
  /** Undefined: web_search answers with how to configure a provider. */
  search?: SearchConfig;
  /** Lift the private-address rule for fetch_url (CLI --allow-private-network). */
  allowPrivateNetwork?: boolean;
  /** Per-response limits (defaults: 30 s total, 15 s idle, 10 MiB, 5 redirects). */
  limits?: Pick<HttpClientOptions, 'timeoutMs' | 'idleTimeoutMs' | 'maxBytes' | 'maxRedirects'>;
  /** Characters per fetch_url part. Default 20 000. */
  pageChars?: number;
  /** Name resolution (tests). */
  resolve?: Resolver;
  /** Replaces web_search's default "how to configure a provider" message. */
  howToConfigure?: string;
}

export function createWebTools(options: WebToolsOptions = {}): Tool[] {
  const common: HttpClientOptions = {
    ...options.limits,
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  };
  const providerUrl = options.search ? options.search.url?.trim() || PROVIDER_INFO[options.search.provider]?.defaultUrl : undefined;
  const searchOrigins = providerUrl && /^https?:\/\//i.test(providerUrl) ? [providerUrl] : [];
  return webToolsFromPorts({
    fetchHttp: createHttpClient(common),
    searchHttp: createHttpClient({ ...common, allowedOrigins: searchOrigins }),
    pdf: createPdfReader(),
    ...(options.search ? { search: options.search } : {}),
    ...(options.pageChars ? { pageChars: options.pageChars } : {}),
    ...(options.howToConfigure ? { howToConfigure: options.howToConfigure } : {}),
  });
}

/**
 * The search configuration from a provider name (CLI flag or setting), an optional URL and the
 * environment's keys (TAVILY_API_KEY, BRAVE_API_KEY, SERPER_API_KEY), or an explicit key (from
 * VS Code's SecretStorage). Undefined when no provider is named; throws for an unknown name.
 */
export function searchConfigFrom(
  provider: string | undefined,
  url: string | undefined,
  env: Record<string, string | undefined> = process.env,
  apiKey?: string,
): SearchConfig | undefined {
  const name = provider?.trim().toLowerCase();
  if (!name || name === 'none') return undefined;
  if (!(SEARCH_PROVIDERS as readonly string[]).includes(name)) {
    throw new Error(`Unknown search provider "${provider}". Use one of: ${SEARCH_PROVIDERS.join(', ')}.`);
  }
  const info = PROVIDER_INFO[name as SearchProviderName];
  const key = apiKey || (info.keyEnv ? env[info.keyEnv] : undefined);
  return { provider: name as SearchProviderName, ...(url?.trim() ? { url: url.trim() } : {}), ...(key ? { apiKey: key } : {}) };
}

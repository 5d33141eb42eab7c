import type { HttpPort } from '../ports';

export interface SearchHit {
  title: string;
  url: string;
  snippet: string;
}

export const SEARCH_PROVIDERS = ['searxng', 'tavily', 'brave', 'serper'] as const;
export type SearchProviderName = (typeof SEARCH_PROVIDERS)[number];

export interface SearchConfig {
  provider: SearchProviderName;
  /** Base URL: required for SearXNG; overrides the hosted API's address for the others. */
  url?: string;
  /** API key for the hosted providers (the wiring reads it from the environment or SecretStorage). */
  apiKey?: string;
}

export interface SearchProvider {
  /** Shown to the model, e.g. "Brave Search". */
  label: string;
  search(query: string, maxResults: number, http: HttpPort, signal: AbortSignal): Promise<SearchHit[]>;
}

/** Where each hosted provider's API lives, and the environment variable the wiring reads its key from. */
export const PROVIDER_INFO: Record<SearchProviderName, { label: string; defaultUrl?: string; keyEnv?: string }> = {
  searxng: { label: 'SearXNG' },
  tavily: { label: 'Tavily', defaultUrl: 'https://api.tavily.com', keyEnv: 'TAVILY_API_KEY' },
  brave: { label: 'Brave Search', defaultUrl: 'https://api.search.brave.com', keyEnv: 'BRAVE_API_KEY' },
  serper: { label: 'Serper (Google)', defaultUrl: 'https://google.serper.dev', keyEnv: 'SERPER_API_KEY' },
};

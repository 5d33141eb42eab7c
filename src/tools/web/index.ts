/**
 * The web tools over their ports. Node wiring (guarded HTTP clients, PDF reader) is in
 * src/node/net/webTools.ts: `createWebTools(options)`.
 */
import type { Tool } from '../../agent/tool';
import { fetchUrlTool } from './fetchUrl';
import type { HttpPort, PdfPort } from './ports';
import { webSearchTool } from './search/webSearch';
import type { SearchConfig } from './search/types';

export interface WebToolPorts {
  /** Client for fetch_url: guarded (no private addresses unless allowed). */
  fetchHttp: HttpPort;
  /** Client for web_search: like fetchHttp, but the provider's own URL is always allowed. */
  searchHttp: HttpPort;
  pdf?: PdfPort;
  search?: SearchConfig;
  pageChars?: number;
  /** Replaces the default "how to configure a search provider" message. */
  howToConfigure?: string;
}

export function webToolsFromPorts(ports: WebToolPorts): Tool[] {
  return [
    webSearchTool({
      http: ports.searchHttp,
      ...(ports.search ? { search: ports.search } : {}),
      ...(ports.howToConfigure ? { howToConfigure: ports.howToConfigure } : {}),
    }),
    fetchUrlTool({
      http: ports.fetchHttp,
      ...(ports.pdf ? { pdf: ports.pdf } : {}),
      ...(ports.pageChars ? { pageChars: ports.pageChars } : {}),
    }),
  ];
}

export { fetchUrlTool, DEFAULT_PAGE_CHARS } from './fetchUrl';
export { webSearchTool, HOW_TO_CONFIGURE } from './search/webSearch';
export { createSearchProvider } from './search/providers';
export { SEARCH_PROVIDERS, PROVIDER_INFO, type SearchConfig, type SearchProviderName, type SearchHit } from './search/types';
export { WebError, type HttpPort, type HttpRequest, type HttpResponse, type PdfPort, type PdfText } from './ports';
export { UNTRUSTED_NOTICE } from './untrusted';

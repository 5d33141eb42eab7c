export { createWebTools, searchConfigFrom, type WebToolsOptions } from './webTools';
export { createHttpClient, DEFAULT_LIMITS, type HttpClientOptions, type Resolver } from './httpClient';
export { blockedAddressReason } from './ip';
export { checkUrl, addressRefusal, type AddressPolicy } from './policy';

/**
 * Which URLs and addresses a request may reach. The scheme rule always holds; the address rule
 * (no loopback, private, link-local, … see ip.ts) is lifted by `allowPrivateNetwork`, and never
 * applies to the origins in `allowedOrigins` (the search provider the user configured).
 */
import { WebError } from '../../tools/web/ports';
import { blockedAddressReason, isIpLiteral } from './ip';

export interface AddressPolicy {
  allowPrivateNetwork: boolean;
  /** Origins (`scheme://host:port`) reachable whatever their address. */
  allowedOrigins: ReadonlySet<string>;
}

export const PRIVATE_NETWORK_HINT =
  'Only public internet addresses are fetched; the user can allow private networks (CLI --allow-private-network, or the VS Code setting).';

/** Parses a URL and checks its scheme and, for an IP literal host, its address. Throws WebError. */
export function checkUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebError('refused', `"${shorten(raw)}" is not a valid absolute URL; give a full http:// or https:// address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebError('refused', `Refused ${shorten(url.href)}: only http: and https: URLs can be fetched, not ${url.protocol}`);
  }
  if (url.hostname === '') throw new WebError('refused', `Refused ${shorten(url.href)}: the URL has no host.`);
  // The WHATWG parser has already turned 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 into 127.0.0.1.
  if (isIpLiteral(url.hostname)) {
    const reason = addressRefusal(url, url.hostname, policy);
    if (reason) throw new WebError('refused', reason);
  }
  return url;
}

/** A refusal message when `address` (what `url`'s host resolved or connected to) is not allowed. */
export function addressRefusal(url: URL, address: string, policy: AddressPolicy): string | undefined {
  if (policy.allowPrivateNetwork || policy.allowedOrigins.has(url.origin)) return undefined;
  const reason = blockedAddressReason(address);
  if (!reason) return undefined;
  const host = url.hostname;
  const where = isIpLiteral(host) ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`;
  return `Refused ${shorten(url.href)}: ${where}. ${PRIVATE_NETWORK_HINT}`;
}

export function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

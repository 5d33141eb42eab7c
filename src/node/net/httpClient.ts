/**
 * HTTP(S) client behind the web tools. Every request goes through the SSRF guard (policy.ts):
 * the URL is checked, redirects are followed by hand (each hop checked again, at most
 * `maxRedirects`), and the address is checked where the connection is made, in the socket's own
 * `lookup`, so DNS cannot answer one address to a check and another to the connection. The
 * remote address is checked once more on connect. Every response has a total time limit, an idle
 * limit and a byte cap (counted after decompression).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { WebError, type HttpPort, type HttpRequest, type HttpResponse } from '../../tools/web/ports';
import { addressRefusal, checkUrl, shorten, type AddressPolicy } from './policy';

/** Resolves a host name to its addresses (all of them). Injectable for tests. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface HttpClientOptions {
  /** Lift the address rule (loopback, private, link-local …). Schemes stay http/https only. */
  allowPrivateNetwork?: boolean;
  /** Origins always reachable whatever their address, e.g. the configured search provider. */
  allowedOrigins?: string[];
  /** Whole request, redirects included. Default 30 s. */
  timeoutMs?: number;
  /** Longest wait for the next bytes. Default 15 s. */
  idleTimeoutMs?: number;
  /** Body bytes kept (after decompression); the rest is not read. Default 10 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  resolve?: Resolver;
}

export const DEFAULT_LIMITS = { timeoutMs: 30_000, idleTimeoutMs: 15_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 } as const;
const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; ResearchCopilot/0.1; +research agent)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers kept when a redirect leaves the origin (credentials are not). */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'user-agent']);

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

export function createHttpClient(options: HttpClientOptions = {}): HttpPort {
  const policy: AddressPolicy = {
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    allowedOrigins: new Set((options.allowedOrigins ?? []).map((o) => new URL(o).origin)),
  };
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_LIMITS.idleTimeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxRedirects: options.maxRedirects ?? DEFAULT_LIMITS.maxRedirects,
  };
  const resolve = options.resolve ?? systemResolve;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const deadline = Date.now() + limits.timeoutMs;
      const maxBytes = Math.min(req.maxBytes ?? limits.maxBytes, limits.maxBytes);
      let url = checkUrl(req.url, policy);
      let method = req.method ?? 'GET';
      let body = req.body;
      let headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br', ...lower(req.headers) };
      const redirects: string[] = [];
      for (;;) {
        const hop = await requestOnce(url, { ...limits, method, headers, body, maxBytes, deadline, policy, resolve, signal: req.signal });
        if (!('location' in hop)) return { ...hop, redirects, maxBytes };
        if (redirects.length >= limits.maxRedirects) {
          throw new WebError(
            'network',
            `Too many redirects (more than ${limits.maxRedirects}) starting from ${shorten(req.url)}; last one pointed to ${shorten(hop.location)}.`,
          );
        }
        redirects.push(url.href);
        let next: URL;
        try {
          next = new URL(hop.location, url);
        } catch {
          throw new WebError('network', `${shorten(url.href)} redirected to an invalid URL: ${shorten(hop.location)}`);
        }
        const checked = (() => {
          try {
            return checkUrl(next.href, policy);
          } catch (e) {
            if (e instanceof WebError)
              throw new WebError('refused', `${shorten(url.href)} redirected to ${shorten(next.href)}, which is refused. ${e.message}`);
            throw e;
          }
        })();
        if (checked.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_SAFE.has(k)));
        if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = checked;
      }
    },
  };
}

interface HopOptions {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  maxBytes: number;
  deadline: number;
  idleTimeoutMs: number;
  timeoutMs: number;
  policy: AddressPolicy;
  resolve: Resolver;
  signal: AbortSignal | undefined;
}

type HopResult = Omit<HttpResponse, 'redirects' | 'maxBytes'> | { status: number; location: string };

/** Settles a hop once; later calls (a late error, the rest of the body) are ignored. */
type Finish = (error: unknown, value?: HopResult) => void;

/** One request, no redirect followed: the response, or where it redirects to. */
function requestOnce(url: URL, o: HopOptions): Promise<HopResult> {
  return new Promise<HopResult>((resolvePromise, rejectPromise) => {
    if (o.signal?.aborted) return rejectPromise(o.signal.reason);
    let done = false;
    const finish: Finish = (error, value) => {
      if (done) return;
      done = true;
      clearTimeout(total);
      o.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        rejectPromise(error);
      } else resolvePromise(value!);
    };
    const onAbort = () => finish(o.signal!.reason ?? new Error('aborted'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const total = setTimeout(() => finish(tooSlow(url, o.timeoutMs)), Math.max(1, o.deadline - Date.now()));

    const req = openRequest(url, o);
    req.setTimeout(o.idleTimeoutMs, () =>
      finish(new WebError('timeout', `${shorten(url.href)} sent nothing for ${seconds(o.idleTimeoutMs)}; the request was stopped.`)),
    );
    req.on('socket', (socket: Socket) => checkRemoteAddress(socket, url, o.policy, finish));
    req.on('error', (error) => finish(translateError(url, error)));
    req.on('response', (res) => receive(url, res, o.maxBytes, finish, () => done));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

function tooSlow(url: URL, timeoutMs: number): WebError {
  return new WebError(
    'timeout',
    `${shorten(url.href)} did not finish within ${seconds(timeoutMs)}; the response was too slow and was stopped.`,
  );
}

function openRequest(url: URL, o: HopOptions): http.ClientRequest {
  const transport = url.protocol === 'https:' ? https : http;
  return transport.request(url, {
    method: o.method,
    headers: o.body === undefined ? o.headers : { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) },
    agent: false,
    lookup: guardedLookup(url, o.policy, o.resolve),
  });
}

/** The address actually connected to is checked once more, after `lookup` checked every answer. */
function checkRemoteAddress(socket: Socket, url: URL, policy: AddressPolicy, finish: Finish): void {
  const check = () => {
    const remote = socket.remoteAddress;
    const refusal = remote ? addressRefusal(url, remote, policy) : undefined;
    if (refusal) finish(new WebError('refused', refusal));
  };
  if (socket.remoteAddress) check();
  else socket.once('connect', check);
}

/** A redirect settles at once; otherwise the (decompressed) body is read up to `maxBytes`. */
function receive(url: URL, res: http.IncomingMessage, maxBytes: number, finish: Finish, isDone: () => boolean): void {
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (REDIRECTS.has(status) && location) {
    res.resume();
    finish(undefined, { status, location });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = decoded(url, res, finish);
  stream.on('data', (chunk: Buffer) => {
    if (isDone()) return;
    const room = maxBytes - size;
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size += Math.max(0, room);
      finish(undefined, response(url, res, Buffer.concat(chunks), true));
      res.destroy(); // stop reading; the hop is already settled, so the abort that follows is ignored
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  stream.on('end', () => finish(undefined, response(url, res, Buffer.concat(chunks), false)));
  res.on('aborted', () =>
    finish(new WebError('network', `The connection to ${shorten(url.href)} closed before the response was complete.`)),
  );
  res.on('error', (e) => finish(translateError(url, e)));
}

/** The body as sent, or through the decompressor its content-encoding names. */
function decoded(url: URL, res: http.IncomingMessage, finish: Finish): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = decompressor(encoding);
  if (!decoder) return res;
  decoder.on('error', (e) =>
    finish(new WebError('network', `Could not decompress the ${encoding} response from ${shorten(url.href)}: ${e.message}`)),
  );
  return res.pipe(decoder);
}

/** The socket's name lookup: resolves, then refuses the connection when any answer is blocked. */
function guardedLookup(url: URL, policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        if (addresses.length === 0) {
          return callback(new WebError('network', `Could not resolve ${hostname}: no address found.`), '', 4);
        }
        for (const a of addresses) {
          const refusal = addressRefusal(url, a.address, policy);
          if (refusal) return callback(new WebError('refused', refusal), '', 4);
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

function decompressor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function response(url: URL, res: http.IncomingMessage, body: Buffer, truncated: boolean): Omit<HttpResponse, 'redirects' | 'maxBytes'> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const [type = '', ...params] = (headers['content-type'] ?? '').split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean);
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    url: url.href,
    headers,
    contentType: type.trim().toLowerCase(),
    ...(charset ? { charset: charset.toLowerCase() } : {}),
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    truncated,
  };
}

function translateError(url: URL, error: Error): Error {
  if (error instanceof WebError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const target = shorten(url.href);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new WebError('network', `Could not resolve the host ${url.hostname} (${code}); check the address or try another source.`);
    case 'ECONNREFUSED':
      return new WebError('network', `The server at ${url.host} refused the connection (${target}).`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new WebError('network', `The connection to ${url.host} was reset (${target}).`);
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new WebError('network', `Could not reach ${url.host} (${code}).`);
    default:
      if (/CERT|SSL|TLS/i.test(code) || /certificate/i.test(error.message)) {
        return new WebError('network', `TLS problem with ${url.host}: ${error.message}`);
      }
      return new WebError('network', `Request to ${target} failed: ${error.message}${code ? ` (${code})` : ''}`);
  }
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

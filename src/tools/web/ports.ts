/**
 * The small ports the web tools depend on. The Node side implements them (src/node/net for HTTP
 * with the SSRF guard and limits, src/node/extract for PDF text); tests can fake them.
 */
import { ToolError } from '../../agent/tool';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** A lower byte cap than the client's own for this request. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** The URL the body came from, after redirects. */
  url: string;
  /** Every URL redirected through, in order (empty when there was no redirect). */
  redirects: string[];
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The media type without parameters, lower case ("" when the server sent none). */
  contentType: string;
  /** The charset parameter of Content-Type, when given. */
  charset?: string;
  body: Uint8Array;
  /** True when the body was cut at the byte cap (the rest was not read). */
  truncated: boolean;
  /** The byte cap that applied. */
  maxBytes: number;
}

/** Performs HTTP requests; throws WebError for refusals, timeouts and network failures. */
export interface HttpPort {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface PdfText {
  /** Text of each page, in order. */
  pages: string[];
  title?: string;
  /** Pages in the file (may exceed pages.length when a page cap applied). */
  totalPages: number;
}

/** Extracts text from a PDF; throws WebError('unreadable', …) for a damaged or encrypted file. */
export interface PdfPort {
  extractText(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfText>;
}

export type WebErrorKind = 'refused' | 'timeout' | 'too_large' | 'network' | 'http' | 'unreadable';

/** An expected failure of a web request; its message is written for the model to read. */
export class WebError extends ToolError {
  constructor(
    readonly kind: WebErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'WebError';
  }
}

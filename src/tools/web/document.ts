/**
 * Fetches a URL and turns the response into a readable document: HTML as Markdown, PDFs as text,
 * plain text as is; other media types are described. HTTP errors become WebError('http', …). The HTML
 * reader (html.ts: linkedom, Readability, turndown) loads with the first page that needs it.
 */
import { formatSize } from '../workspace/format';
import { decodeText, looksLikeHtml, looksLikePdf } from './decode';
import { WebError, type HttpPort, type HttpResponse, type PdfPort } from './ports';
import { fenceUntrusted } from './untrusted';

export type DocumentKind = 'html' | 'pdf' | 'text' | 'other';

export interface WebDocument {
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  status: number;
  contentType: string;
  kind: DocumentKind;
  title: string;
  /** The readable text; for kind "other" a description of what was there. */
  text: string;
  /** Notes for the model, e.g. that the download was cut at the byte cap. */
  notes: string[];
  pdfPages?: number;
}

const ACCEPT = 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5';
const TEXT_TYPES =
  /^(text\/|application\/(json|ld\+json|xml|javascript|x-javascript|ecmascript|x-yaml|yaml|toml|x-sh|rss\+xml|atom\+xml)$|application\/[\w.+-]+\+(json|xml)$)/;

export async function loadDocument(url: string, http: HttpPort, pdf: PdfPort | undefined, signal: AbortSignal): Promise<WebDocument> {
  const res = await http.request({ url, signal, headers: { accept: ACCEPT } });
  if (res.status >= 400) throw new WebError('http', await httpErrorMessage(url, res));
  if (res.status < 200 || res.status >= 300) {
    throw new WebError(
      'http',
      `HTTP ${res.status} ${res.statusText} from ${res.url}: no document to read (a redirect without a Location header, or an unexpected status).`,
    );
  }
  const base = {
    requestedUrl: url,
    finalUrl: res.url,
    redirects: res.redirects,
    status: res.status,
    contentType: res.contentType || 'unknown',
  };
  const notes = res.truncated
    ? [`The response was larger than ${formatSize(res.maxBytes)}; only the first ${formatSize(res.maxBytes)} were read.`]
    : [];
  const kind = classify(res);

  if (kind === 'pdf') {
    if (!pdf) throw new WebError('unreadable', `${res.url} is a PDF, and no PDF reader is available in this setup.`);
    if (res.truncated) {
      throw new WebError(
        'too_large',
        `${res.url} is a PDF larger than ${formatSize(res.maxBytes)}; a cut PDF cannot be read. Look for an HTML version or a smaller file.`,
      );
    }
    const extracted = await pdf.extractText(res.body, signal);
    const pages = extracted.pages.map((text, i) => `[PDF page ${i + 1}]\n${text.trim()}`);
    if (extracted.totalPages > extracted.pages.length)
      notes.push(`Only the first ${extracted.pages.length} of ${extracted.totalPages} PDF pages were read.`);
    return {
      ...base,
      kind,
      title: extracted.title ?? lastSegment(res.url),
      text: pages.join('\n\n'),
      notes,
      pdfPages: extracted.totalPages,
    };
  }
  if (kind === 'html') {
    const { htmlToMarkdown } = await import('./html');
    const page = htmlToMarkdown(decodeText(res.body, res.charset, true), res.url);
    const text = page.byline ? `By: ${page.byline}\n\n${page.markdown}` : page.markdown;
    return { ...base, kind, title: page.title || lastSegment(res.url), text, notes };
  }
  if (kind === 'text') {
    return { ...base, kind, title: lastSegment(res.url), text: decodeText(res.body, res.charset, false), notes };
  }
  const size = res.headers['content-length']
    ? formatSize(Number(res.headers['content-length']))
    : res.truncated
      ? `more than ${formatSize(res.maxBytes)}`
      : formatSize(res.body.length);
  const description =
    `${res.url} is ${res.contentType || 'of an unknown type'} (${size}), not a document fetch_url can read as text. ` +
    'It reads HTML pages, plain text, JSON, XML and PDF files.';
  return { ...base, kind, title: lastSegment(res.url), text: description, notes: [] };
}

function classify(res: HttpResponse): DocumentKind {
  const type = res.contentType;
  if (type === 'application/pdf' || type === 'application/x-pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') {
    if (looksLikePdf(res.body)) return 'pdf';
    if (looksLikeHtml(res.body)) return 'html';
    return 'other';
  }
  if (TEXT_TYPES.test(type)) return 'text';
  return 'other';
}

async function httpErrorMessage(url: string, res: HttpResponse): Promise<string> {
  const hint =
    res.status === 404 || res.status === 410
      ? 'The page does not exist (any more); check the URL or search for it.'
      : res.status === 401 || res.status === 403
        ? 'The site refuses access (login, paywall or bot protection); try another source.'
        : res.status === 429
          ? 'The site is rate-limiting requests; try another source or later.'
          : res.status >= 500
            ? 'The server failed; it may work later, or try another source.'
            : 'The request was not accepted.';
  const where = res.url === url ? url : `${res.url} (from ${url})`;
  let said = '';
  try {
    const raw = decodeText(res.body.subarray(0, 64 * 1024), res.charset, res.contentType === 'text/html');
    const text = (res.contentType === 'text/html' ? (await import('./html')).htmlToMarkdown(raw, res.url).markdown : raw)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 500);
    if (text) said = `\nThe error page says:\n${fenceUntrusted(text, res.url).text}`;
  } catch {
    said = '';
  }
  return `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${where}. ${hint}${said}`;
}

function lastSegment(url: string): string {
  try {
    const u = new URL(url);
    const segment = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    return segment || u.hostname;
  } catch {
    return url;
  }
}

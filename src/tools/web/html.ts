/**
 * HTML to readable Markdown: parse with linkedom, drop what a reader never sees (scripts, styles,
 * hidden elements, where prompt-injection text likes to hide), pick the main content with
 * Readability, then write Markdown with turndown. Pure JavaScript: no network, no file system.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

export interface ReadablePage {
  title: string;
  markdown: string;
  /** Byline or site name when the page gives one. */
  byline?: string;
}

/** The few DOM members used here (the project compiles without the DOM lib). */
interface El {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  remove(): void;
  querySelectorAll(selector: string): Iterable<El>;
}
interface Doc extends El {
  title: string;
  body: El | null;
  documentElement: El;
}

const NEVER_SHOWN =
  'script, style, noscript, template, iframe, frame, object, embed, svg, canvas, link, meta:not([charset]), button, input, select, textarea, dialog';
const HIDDEN =
  '[hidden], [aria-hidden="true"], [style*="display:none"], [style*="display: none"], [style*="visibility:hidden"], ' +
  '[style*="visibility: hidden"], [style*="font-size:0"], [style*="font-size: 0"], [style*="opacity:0"], [style*="opacity: 0"]';
const CHROME =
  'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="search"], .sidebar, #sidebar, .menu, .nav';

export function htmlToMarkdown(html: string, baseUrl: string): ReadablePage {
  const { document } = parseHTML(html) as unknown as { document: Doc };
  const pageTitle = (document.title ?? '').trim();
  removeAll(document, NEVER_SHOWN);
  removeAll(document, HIDDEN);
  absolutize(document, baseUrl);

  const body = document.body ?? document.documentElement;
  const bodyText = normalizedLength(body.textContent);
  let content: El | undefined;
  let byline: string | undefined;
  let title = pageTitle;
  try {
    const article = new Readability<El>(document, { charThreshold: 200, serializer: (node) => node }).parse();
    // Readability sometimes keeps a small fragment of a long reference page; then the cleaned body is better.
    if (article?.content && normalizedLength(article.textContent ?? '') >= Math.min(500, bodyText * 0.3)) {
      content = article.content;
      title = (article.title ?? '').trim() || pageTitle;
      byline = (article.byline ?? article.siteName ?? '').trim() || undefined;
    }
  } catch {
    content = undefined; // a document Readability cannot handle still has a body
  }
  if (!content) {
    const fresh = (parseHTML(html) as unknown as { document: Doc }).document;
    removeAll(fresh, NEVER_SHOWN);
    removeAll(fresh, HIDDEN);
    removeAll(fresh, CHROME);
    absolutize(fresh, baseUrl);
    content = fresh.body ?? fresh.documentElement;
  }
  const markdown = tidy(turndown().turndown(content));
  return byline ? { title, markdown, byline } : { title, markdown };
}

function turndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_' });
  service.addRule('imageAsAlt', {
    filter: 'img',
    replacement: (_content, node) => {
      const alt = ((node as unknown as El).getAttribute('alt') ?? '').trim();
      return alt ? `[image: ${alt}]` : '';
    },
  });
  service.addRule('plainLinkWithoutTarget', {
    filter: (node) => node.nodeName === 'A' && !(node as unknown as El).getAttribute('href'),
    replacement: (content) => content,
  });
  return service;
}

function removeAll(root: El, selector: string): void {
  for (const el of [...root.querySelectorAll(selector)]) el.remove();
}

/** Links and image sources made absolute against the page's final URL; script links dropped. */
function absolutize(root: El, baseUrl: string): void {
  for (const [selector, attr] of [
    ['a[href]', 'href'],
    ['img[src]', 'src'],
  ] as const) {
    for (const el of root.querySelectorAll(selector)) {
      const value = el.getAttribute(attr) ?? '';
      try {
        const abs = new URL(value, baseUrl);
        if (attr === 'href' && abs.hash && sameDocument(abs, baseUrl))
          el.removeAttribute(attr); // "§" and heading self-links
        else if (abs.protocol === 'http:' || abs.protocol === 'https:' || abs.protocol === 'mailto:') el.setAttribute(attr, abs.href);
        else el.removeAttribute(attr);
      } catch {
        el.removeAttribute(attr);
      }
    }
  }
}

function sameDocument(url: URL, baseUrl: string): boolean {
  const base = new URL(baseUrl);
  base.hash = '';
  const bare = new URL(url.href);
  bare.hash = '';
  return bare.href === base.href;
}

function normalizedLength(text: string | null): number {
  return (text ?? '').replace(/\s+/g, ' ').trim().length;
}

function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * PDF text through unpdf (a serverless build of Mozilla's PDF.js: pure JavaScript, no worker, no
 * canvas needed for text). Loaded on first use so startup does not pay for it.
 */
import { WebError, type PdfPort, type PdfText } from '../../tools/web/ports';

export interface PdfReaderOptions {
  /** Pages read at most (the rest are counted, not read). Default 500. */
  maxPages?: number;
}

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

export function createPdfReader(options: PdfReaderOptions = {}): PdfPort {
  const maxPages = options.maxPages ?? 500;
  return {
    async extractText(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfText> {
      const { getDocumentProxy } = await import('unpdf');
      let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
      try {
        // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
        doc = await getDocumentProxy(bytes.slice(), { isEvalSupported: false, useSystemFonts: false, stopAtErrors: false });
      } catch (error) {
        const name = (error as Error)?.name ?? '';
        if (name === 'PasswordException')
          throw new WebError('unreadable', 'The PDF is encrypted with a password; its text cannot be read.');
        throw new WebError(
          'unreadable',
          `The PDF could not be read (${(error as Error)?.message ?? String(error)}); the file may be damaged or not a PDF.`,
        );
      }
      try {
        const total = doc.numPages;
        const pages: string[] = [];
        for (let n = 1; n <= Math.min(total, maxPages); n++) {
          if (signal?.aborted) throw signal.reason;
          const page = await doc.getPage(n);
          const content = await page.getTextContent();
          pages.push(tidy((content.items as TextItem[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join('')));
          page.cleanup();
        }
        const title = await metadataTitle(doc);
        return title ? { pages, totalPages: total, title } : { pages, totalPages: total };
      } finally {
        await doc.destroy();
      }
    },
  };
}

async function metadataTitle(doc: { getMetadata(): Promise<{ info: unknown }> }): Promise<string | undefined> {
  try {
    const { info } = await doc.getMetadata();
    const title = (info as { Title?: unknown } | undefined)?.Title;
    return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}

function tidy(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

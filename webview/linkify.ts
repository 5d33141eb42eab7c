/**
 * Finds http(s) URLs and workspace-looking file references (`src/a.ts`, `src/a.ts:12`,
 * `src/a.ts:12-20`, `README.md:3`) in plain text. Pure: the view turns the tokens into elements.
 */

export type TextToken =
  | { kind: 'text'; text: string }
  | { kind: 'url'; text: string; url: string }
  | { kind: 'file'; text: string; path: string; line: number | undefined };

/** What `openUrl` accepts (mirrors parsePanelMessage): an absolute http(s) URL, normalised. */
export function safeHttpUrl(raw: string): string | undefined {
  if (raw.length > 2048 || !/^https?:\/\/[^\s]+$/i.test(raw)) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (!u.hostname) return undefined;
    return u.href.length <= 4096 ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// URL first so a path inside a URL is never matched on its own. The path part: optional ./, ../ or /,
// directories, then a file name with an extension that starts with a letter (not "1.2.3").
const TOKEN =
  /(https?:\/\/[^\s<>"'`]+)|(?<![\w./@+-])((?:\.{1,2}\/|\/)?(?:[\w@+-][\w@+.-]*\/)*[\w@+-][\w@+-]*(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,9})(?::(\d{1,7})(?:[-:]\d{1,7})?)?(?![\w/])/g;

const TRAILING = /[.,;:!?'"]+$/;

/** A URL found in running text without the punctuation that ends the sentence around it. */
export function trimUrl(u: string): string {
  let s = u.replace(TRAILING, '');
  // Drop unbalanced closing brackets: "(see https://x.org/a)" ends before the ")".
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    while (s.endsWith(close) && count(s, open) < count(s, close)) s = s.slice(0, -1).replace(TRAILING, '');
  }
  return s;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}

export function tokenizeLinks(text: string): TextToken[] {
  const out: TextToken[] = [];
  let last = 0;
  const push = (t: string): void => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const start = m.index;
    if (m[1]) {
      const raw = trimUrl(m[1]);
      const url = safeHttpUrl(raw);
      TOKEN.lastIndex = start + raw.length;
      if (!url) continue;
      push(text.slice(last, start));
      out.push({ kind: 'url', text: raw, url });
      last = start + raw.length;
      continue;
    }
    const path = m[2];
    const line = m[3] ? Number(m[3]) : undefined;
    const hasDir = path.includes('/');
    if (!hasDir && line === undefined) continue; // "Node.js", "e.g." and bare names stay text
    if (/^www\./i.test(path)) continue;
    if (line !== undefined && line < 1) continue;
    push(text.slice(last, start));
    out.push({ kind: 'file', text: m[0], path, line });
    last = start + m[0].length;
  }
  push(text.slice(last));
  return out;
}

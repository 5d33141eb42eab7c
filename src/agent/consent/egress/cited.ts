/**
 * What the text index leaves out, because sending it is research, not a leak: URLs (so their scheme,
 * host and common path too), single names of 20+ characters without a random-looking part (package
 * names, paths, identifiers; a token with an id or a key in it stays),
 * diagnostic lines (error messages are what a search is for), and in prose (notes, Markdown, text,
 * TeX, BibTeX) what cites a work: link texts, quoted or emphasised titles, Title Case runs, reference
 * lines ("et al.", "(2017)", "doi:", "arXiv:") and whole reference sections. Each is replaced by one
 * BLANK, which no canonical argument contains, so no run is found across it. Secrets are found in
 * the whole text all the same (secrets.ts); this only narrows the 24-character rule.
 */
import { canon } from './canon';
import { randomTokens, tokens } from './entropy';

export const BLANK = '\u0000';

const URLS = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|data:)[^\s<>"'`)\]]+/gi;
const LONG_NAME = /\S{20,}/g;
const DIAGNOSTIC =
  /^.*(?:\b[A-Z]\w*(?:Error|Exception)\b|\b(?:error|warning|fatal|panic)(?:\[[\w-]+\])?:|\bERR_[A-Z0-9_]+\b|\bE[A-Z]{3,}\b|Traceback \(most recent call last\)|^(?:\s*\d+\|)?\s*at \S+ \(\S+:\d+:\d+\)|^(?:\s*\d+\|)?\s*File "[^"]+", line \d+).*$/gm;

const LINK_TEXT = /\[[^\]\n]{1,300}\]\(/g;
const QUOTED =
  /"[^"\n]{4,300}"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|\*{1,2}[^*\n]{4,300}\*{1,2}|(?<![\p{L}\p{N}])_[^_\n]{4,300}_(?![\p{L}\p{N}])|`[^`\n]{1,300}`/gu;
const SMALL_WORD = String.raw`(?:of|the|a|an|and|or|for|in|on|to|with|at|by|from|is|are|all|you|via|vs\.?|de|la|und|der)`;
const CAP_WORD = String.raw`(?:\p{Lu}[\p{L}\p{N}'’-]*|\d+)`;
const TITLE_CASE = new RegExp(String.raw`${CAP_WORD}(?:[:,]?[ \t]+(?:${SMALL_WORD}[ \t]+)*${CAP_WORD}){2,}`, 'gu');
const REFERENCE_LINE = /^.*(?:\bet al\b|\((?:19|20)\d\d[a-z]?\)|\bdoi:|\barXiv:|\bISBN\b|^(?:\s*\d+\|)?\s*\[\d+\]).*$/gim;
/** A Markdown heading, also as read_file shows it ("   12| ## References"). */
const HEADING = /^(?:\s*\d+\|)?\s*(#{1,6})\s+(.*)$/;
const REFERENCE_TITLE =
  /\b(?:references|bibliography|sources|citations|works cited|further reading|reading list|links|see also|related work)\b/i;

/** A line of search_text's output: "path:line: text". */
const SEARCH_LINE = /^([^\s:][^:\n]*):\d+: /m;
const PROSE = /(?:^|\.)(?:md|markdown|mdx|txt|text|rst|tex|bib|org|adoc|asciidoc|wiki|textile)$/i;

export interface Narrowed {
  /** The text with what is left out replaced by BLANK. */
  text: string;
  /** The URLs in the text. */
  urls: string[];
}

/**
 * `text` without what sending is research. `path` says whether it is prose; without one (run_code's
 * output, an MCP result) it is not, except lines of search_text's output ("notes/a.md:12: …"),
 * each judged by the file it names.
 */
export function leaveOut(text: string, path?: string): Narrowed {
  const urls: string[] = [];
  let out = text.replace(URLS, (u) => {
    urls.push(u);
    return BLANK;
  });
  out = out.replace(DIAGNOSTIC, BLANK);
  if (path !== undefined && isProse(path)) out = narrowProse(out, path);
  else if (path === undefined && SEARCH_LINE.test(out)) {
    out = out
      .split('\n')
      .map((line) => {
        const file = SEARCH_LINE.exec(line)?.[1];
        return file !== undefined && isProse(file) ? narrowProse(line, file) : line;
      })
      .join('\n');
  }
  out = out.replace(LONG_NAME, (t) => (canon(t).length >= 20 && randomTokens(t).length === 0 ? BLANK : t));
  return { text: out, urls };
}

function narrowProse(text: string, path: string): string {
  if (/\.bib$/i.test(path)) return BLANK;
  return blankReferenceSections(text)
    .replace(REFERENCE_LINE, BLANK)
    .replace(LINK_TEXT, BLANK)
    .replace(QUOTED, BLANK)
    .replace(TITLE_CASE, BLANK);
}

export function isProse(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return !name.includes('.') || PROSE.test(name);
}

/** Tokens of the URLs a text cites (ids, hashes, slugs): sending them again is not sending a secret. */
export function urlTokens(urls: readonly string[]): string[] {
  return urls.flatMap((u) => tokens(u).map((t) => t.text));
}

/** Blanks every line of a reference section, up to the next heading of the same or a higher level. */
function blankReferenceSections(text: string): string {
  if (!REFERENCE_TITLE.test(text)) return text;
  const lines = text.split('\n');
  let level = 0; // 0: not in a reference section; n: in one under a heading of level n
  for (let i = 0; i < lines.length; i++) {
    const heading = HEADING.exec(lines[i]);
    if (heading) {
      const n = heading[1].length;
      if (level && n <= level) level = 0;
      if (!level && REFERENCE_TITLE.test(heading[2])) {
        level = n;
        continue;
      }
    }
    if (level) lines[i] = BLANK;
  }
  return lines.join('\n');
}

/**
 * The answer's citations in the panel: a status mark after each citation in the rendered answer
 * (reason on hover and on keyboard focus, read out by screen readers), and a Sources block listing
 * each source with its status and the snippet the agent actually saw. Files open at the line through
 * the app's [data-path] handler. Text nodes and fixed attributes only.
 */
import { el, fileLink, icon, urlLink } from './dom';
import { safeHttpUrl } from './linkify';
import type { CheckedCitation, CitationStatus } from '../src/agent/citations/types';

const LOOK: Record<CitationStatus, { icon: string; label: string }> = {
  verified: { icon: 'pass', label: 'verified' },
  observed: { icon: 'eye', label: 'observed' },
  not_observed: { icon: 'warning', label: 'not observed' },
  missing: { icon: 'error', label: 'missing' },
};

export function citationMark(c: CheckedCitation): HTMLElement {
  const look = LOOK[c.status];
  const mark = el('span', `cite-mark cite-${c.status}`, icon(look.icon));
  mark.tabIndex = 0;
  mark.setAttribute('role', 'note');
  mark.setAttribute('aria-label', `Citation ${look.label}: ${c.reason}`);
  mark.title = `${look.label}: ${c.reason}`;
  mark.dataset.status = c.status;
  mark.append(el('span', 'cite-tip', `${look.label}: ${c.reason}`));
  return mark;
}

/** Puts a mark right after the first unmarked occurrence of each citation's text in the rendered answer. */
export function markCitations(root: HTMLElement, citations: readonly CheckedCitation[]): void {
  const used = new WeakMap<Text, number>(); // text node → offset already consumed
  for (const c of [...citations].sort((a, b) => a.index - b.index)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest('.cite-mark, pre')) continue;
      const from = used.get(node) ?? 0;
      const at = node.data.indexOf(c.raw, from);
      if (at < 0) continue;
      const after = node.splitText(at + c.raw.length);
      used.set(node, node.data.length);
      // Inside a link or inline code the mark goes after that element, not into it.
      const host = node.parentElement?.closest('a, code, .file-link');
      const mark = citationMark(c);
      if (host && root.contains(host)) host.after(mark);
      else after.before(mark);
      break;
    }
  }
}

export function sourcesBlock(citations: readonly CheckedCitation[]): HTMLElement | undefined {
  const unique = new Map<string, CheckedCitation>();
  for (const c of citations) {
    const key = `${c.kind}\0${c.ref}\0${c.lines ?? ''}`;
    if (!unique.has(key)) unique.set(key, c);
  }
  if (unique.size === 0) return undefined;
  const list = el('ul', 'sources-list');
  for (const c of unique.values()) list.append(sourceItem(c));
  const heading = el('h3', 'sources-title', 'Sources');
  heading.id = `sources-${Math.random().toString(36).slice(2, 8)}`;
  const section = el('section', 'sources', heading, list);
  section.setAttribute('aria-labelledby', heading.id);
  return section;
}

function sourceItem(c: CheckedCitation): HTMLElement {
  const look = LOOK[c.status];
  const label = c.kind === 'file' && c.lines ? `${c.ref}:${c.lines}` : c.ref;
  const line = c.lines ? Number(c.lines.split('-')[0]) : undefined;
  const exists = !(c.status === 'missing' && /^no such file|not inside the workspace|no longer exists/.test(c.reason));
  const url = c.kind === 'url' ? safeHttpUrl(c.ref) : undefined;
  const name = c.kind === 'file' && exists ? fileLink(label, c.ref, line) : url ? urlLink(url, label) : el('code', undefined, label);
  const badge = el('span', `source-status cite-${c.status}`, icon(look.icon), el('span', 'source-status-text', look.label));
  const item = el('li', `source source-${c.status}`, badge, ' ', name, el('span', 'source-reason', ` — ${c.reason}`));
  item.dataset.status = c.status;
  if (c.snippet) {
    const pre = el('pre', 'source-snippet');
    pre.textContent = c.snippet;
    if (c.snippetLine) pre.dataset.line = String(c.snippetLine);
    pre.setAttribute('aria-label', `What the agent saw${c.snippetLine ? ` from line ${c.snippetLine}` : ''}`);
    item.append(pre);
  }
  return item;
}

/** Builds DOM from the Markdown tree with createElement and text nodes only. */
import { el, appendLinkified, urlLink } from './dom';
import { parseMarkdown, type Block, type Inline } from './markdown';

/** Longer text is shown as plain text: the parser stays fast on anything a model or page sends. */
const MAX_MARKDOWN = 100_000;

export function renderMarkdown(src: string): HTMLElement {
  const root = el('div', 'md');
  if (src.length > MAX_MARKDOWN) {
    const pre = el('pre', 'plain');
    appendLinkified(pre, src);
    root.append(pre);
    return root;
  }
  for (const b of parseMarkdown(src)) root.append(block(b));
  return root;
}

function block(b: Block): Node {
  switch (b.t) {
    case 'heading': {
      // h1 is the panel's own; the answer's headings start one level lower.
      const tag = (['h2', 'h3', 'h4', 'h5', 'h6', 'h6'] as const)[b.level - 1];
      return inl(el(tag), b.c);
    }
    case 'para':
      return inl(el('p'), b.c);
    case 'code': {
      const pre = el('pre', 'code-block');
      const code = el('code');
      code.textContent = b.s;
      if (b.lang) pre.dataset.lang = b.lang.slice(0, 32);
      pre.append(code);
      return pre;
    }
    case 'quote': {
      const q = el('blockquote');
      for (const c of b.c) q.append(block(c));
      return q;
    }
    case 'list': {
      const list = b.ordered ? el('ol') : el('ul');
      if (b.ordered && b.start !== 1) (list as HTMLOListElement).start = b.start;
      for (const item of b.items) {
        const li = el('li');
        // A single paragraph item reads better without the paragraph margins.
        if (item.length === 1 && item[0].t === 'para') inl(li, item[0].c);
        else for (const c of item) li.append(block(c));
        list.append(li);
      }
      return list;
    }
    case 'table': {
      const wrap = el('div', 'table-wrap');
      const table = el('table');
      const tr = el('tr');
      b.head.forEach((c, k) => tr.append(cell(el('th'), c, b.align[k])));
      table.append(el('thead', undefined, tr));
      const body = el('tbody');
      for (const row of b.rows) {
        const r = el('tr');
        b.head.forEach((_, k) => r.append(cell(el('td'), row[k] ?? [], b.align[k])));
        body.append(r);
      }
      table.append(body);
      wrap.append(table);
      return wrap;
    }
    case 'hr':
      return el('hr');
  }
}

function cell(td: HTMLElement, c: Inline[], align: string | undefined): HTMLElement {
  if (align) td.style.textAlign = align;
  return inl(td, c);
}

/** Inline nodes into `parent`; inside a link (`linkify` false) text stays plain: no nested links. */
function inl(parent: HTMLElement, nodes: Inline[], linkify = true): HTMLElement {
  const text = (into: Node, s: string): void => {
    if (linkify) appendLinkified(into, s);
    else into.appendChild(document.createTextNode(s));
  };
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        text(parent, n.s);
        break;
      case 'code': {
        const code = el('code');
        text(code, n.s);
        parent.append(code);
        break;
      }
      case 'em':
      case 'strong':
      case 'del':
        parent.append(inl(el(n.t), n.c, linkify));
        break;
      case 'br':
        parent.append(el('br'));
        break;
      case 'link': {
        const a = inl(urlLink(n.href), n.c, false);
        parent.append(a);
        const shown = linkShown(n.href);
        if (shown && a.textContent !== n.href && a.textContent !== shown) parent.append(el('span', 'link-url', ` (${shown})`));
        break;
      }
    }
  }
  return parent;
}

/** The URL as shown beside a link whose text differs from it: host and path, shortened. */
function linkShown(href: string): string {
  try {
    const u = new URL(href);
    const s = u.host + (u.pathname === '/' ? '' : u.pathname);
    return s.length > 48 ? `${s.slice(0, 47)}…` : s;
  } catch {
    return '';
  }
}

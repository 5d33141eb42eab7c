/**
 * The only ways this app puts untrusted text into the page: text nodes and a fixed set of attributes.
 * No innerHTML, outerHTML, insertAdjacentHTML or document.write anywhere in webview/.
 */
import { tokenizeLinks } from './linkify';

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

export function icon(name: string, extra = ''): HTMLElement {
  const i = document.createElement('span');
  i.className = `codicon codicon-${name}${extra ? ` ${extra}` : ''}`;
  i.setAttribute('aria-hidden', 'true');
  return i;
}

/** An http(s) link that the app's click handler turns into `openUrl` (never navigates itself). */
export function urlLink(url: string, ...children: Child[]): HTMLAnchorElement {
  const a = el('a', 'ext-link', ...children);
  a.href = url; // callers pass only what safeHttpUrl returned
  a.dataset.url = url;
  a.title = url;
  a.rel = 'noopener noreferrer';
  return a;
}

/** A `path[:line]` reference: a focusable element that the app turns into `openFile`. */
export function fileLink(text: string, path: string, line: number | undefined): HTMLElement {
  const s = el('span', 'file-link', text);
  s.setAttribute('role', 'link');
  s.tabIndex = 0;
  s.dataset.path = path;
  if (line !== undefined) s.dataset.line = String(line);
  s.title = line !== undefined ? `Open ${path} at line ${line}` : `Open ${path}`;
  return s;
}

/** Plain text with URLs and file references made clickable, appended to `parent`. */
export function appendLinkified(parent: Node, text: string): void {
  for (const t of tokenizeLinks(text)) {
    if (t.kind === 'text') parent.appendChild(document.createTextNode(t.text));
    else if (t.kind === 'url') parent.appendChild(urlLink(t.url, t.text));
    else parent.appendChild(fileLink(t.text, t.path, t.line));
  }
}

export function plainBlock(text: string, className = 'plain'): HTMLElement {
  const pre = el('pre', className);
  appendLinkified(pre, text);
  return pre;
}

/** A VS Code toolkit button with a codicon before its label. */
export function vscButton(label: string, iconName: string, secondary: boolean): HTMLElement {
  const b = document.createElement('vscode-button');
  if (secondary) b.setAttribute('secondary', '');
  const i = icon(iconName);
  i.slot = 'content-before';
  b.append(i, label);
  return b;
}

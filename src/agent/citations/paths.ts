/**
 * How a reference written in an answer becomes a workspace-relative POSIX path: `./` and `\`
 * dropped, an absolute path under the workspace root made relative, anything that climbs out or
 * lives elsewhere marked outside. Lexical only, like src/tools/pathPolicy.ts (which the core may not
 * import); the FileSource port still confines what it reads.
 */

export interface NormalizedPath {
  path: string;
  outside: boolean;
}

export function normalizeCitedPath(raw: string, workspaceRoot?: string): NormalizedPath {
  let text = raw.replace(/\\/g, '/');
  try {
    if (/%[0-9a-fA-F]{2}/.test(text)) text = decodeURIComponent(text);
  } catch {
    // A lone % is just a character.
  }
  const root = workspaceRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
  const absolute = /^(?:[a-zA-Z]:)?\//.test(text);
  if (absolute) {
    if (!root) return { path: text, outside: true };
    const caseless = /^[a-zA-Z]:/.test(root);
    const under = caseless ? text.toLowerCase().startsWith(root.toLowerCase() + '/') : text.startsWith(root + '/');
    if (!under) return { path: text, outside: true };
    text = text.slice(root.length + 1);
  }
  const out: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return { path: text, outside: true };
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return { path: out.join('/'), outside: out.length === 0 };
}

/** A URL compared the way a reader would: no fragment, host lower-cased, no trailing slash, default ports dropped. */
export function urlKey(raw: string): string {
  try {
    const u = new URL(raw);
    u.hash = '';
    const s = u.toString();
    return s.endsWith('/') ? s.slice(0, -1) : s;
  } catch {
    return raw.replace(/#.*$/, '').replace(/\/$/, '');
  }
}

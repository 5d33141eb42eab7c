/** Splits a long text into pages of at most `pageChars`, preferring paragraph, then line, then word breaks. */

export function splitPages(text: string, pageChars: number): string[] {
  if (text.length <= pageChars) return [text];
  const pages: string[] = [];
  let rest = text;
  while (rest.length > pageChars) {
    const cut = breakPoint(rest, pageChars);
    pages.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.trim() !== '') pages.push(rest);
  return pages;
}

function breakPoint(text: string, max: number): number {
  const window = text.slice(0, max);
  const floor = Math.floor(max * 0.5); // never make a page less than half full
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= floor) return at + sep.length;
  }
  return max;
}

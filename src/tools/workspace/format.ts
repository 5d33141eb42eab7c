/** Small formatting helpers shared by the workspace tools (and the Node workspace's descriptions). */

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function countOf(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A path as shown to the model: "." for the workspace root. */
export function shownPath(rel: string): string {
  return rel === '' ? '.' : rel;
}

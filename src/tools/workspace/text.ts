/** Small text measures the workspace tools share. */
/** Lines in a text, not counting the empty string after a final newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

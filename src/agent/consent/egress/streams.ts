/**
 * Calls to one destination, followed as streams, so a secret sent in pieces is seen when enough of it
 * has gone: 20 characters and then 20 more, or one character per call. For each part of a request
 * that repeats from call to call (the path, a query parameter, the search query, …) and for the
 * destination as a whole, a stream holds what was new in each call: the value without what it shares
 * with the part's previous value at its start and end ("/x/k/y" after "/x/s/y" adds "k"). A call is
 * checked as the stream's tail followed by what the call adds. A call joins its streams whether or not
 * it was let through: skipping a refused piece must not make the next one look new. Texts are
 * canonical (canon.ts). Pieces sent in any order among other text are followed by SecretStore.cover.
 */

/** Canonical characters kept per stream: more than the longest form of a secret the guard matches in pieces. */
const TAIL = 160;

interface StreamState {
  last: string;
  tail: string;
}

export interface StreamText {
  /** The stream's tail followed by what this call adds. */
  text: string;
  /** Where what this call adds starts in `text`. */
  from: number;
}

export class Streams {
  private readonly state = new Map<string, StreamState>();

  /** Adds a call to `destination` with these parts (name, canonical value); returns the texts to check. */
  add(destination: string, parts: readonly [string, string][]): StreamText[] {
    const updates: [string, StreamState][] = [];
    const texts: StreamText[] = [];
    let whole = '';
    for (const [name, value] of parts) {
      const key = `${destination}\u0000${name}`;
      const prior = this.state.get(key);
      const added = prior ? novel(prior.last, value) : value;
      whole += added;
      // A value that adds nothing new to its part (the same again, a piece of the one before) was still sent.
      const sent = added || value;
      // A match this call completes crosses the junction: the tail and the start of what is new hold it.
      if (prior && sent) texts.push({ text: prior.tail + sent.slice(0, TAIL), from: prior.tail.length });
      updates.push([key, { last: value, tail: ((prior?.tail ?? '') + sent).slice(-TAIL) }]);
    }
    const allKey = `${destination}\u0000*`;
    const all = this.state.get(allKey);
    if (all && whole) texts.push({ text: all.tail + whole.slice(0, TAIL), from: all.tail.length });
    updates.push([allKey, { last: '', tail: ((all?.tail ?? '') + whole).slice(-TAIL) }]);
    for (const [key, state] of updates) this.state.set(key, state);
    return texts;
  }
}

/** What `value` adds to `before`: without the start and the end they share. */
export function novel(before: string, value: string): string {
  let start = 0;
  const max = Math.min(before.length, value.length);
  while (start < max && before.charCodeAt(start) === value.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === value.charCodeAt(value.length - 1 - end)) end++;
  return value.slice(start, value.length - end);
}

/**
 * Calls to one destination, followed as streams, so a secret sent in pieces is seen when enough of it
 * has gone: 20 characters and then 20 more, or one character per call. For each part of a request
 * that repeats from call to call (the path, a query parameter, the search query, …) and for the
 * destination as a whole, a stream holds what was new in each call: the value without what it shares
 * with the part's previous value at its start and end ("/x/k/y" after "/x/s/y" adds "k"). A call is
 * checked as the stream's tail followed by what the call adds; only calls that went out are added.
 * Texts are canonical (canon.ts).
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

export interface PendingStreams {
  texts: StreamText[];
  /** Adds the call to its streams (once it is allowed to go out). */
  commit(): void;
}

export class Streams {
  private readonly state = new Map<string, StreamState>();

  /** The texts to check for a call to `destination` with these parts (name, canonical value). */
  prepare(destination: string, parts: readonly [string, string][]): PendingStreams {
    const updates: [string, StreamState][] = [];
    const texts: StreamText[] = [];
    let whole = '';
    for (const [name, value] of parts) {
      const key = `${destination}\u0000${name}`;
      const prior = this.state.get(key);
      const added = prior ? novel(prior.last, value) : value;
      whole += added;
      if (prior && added) texts.push({ text: prior.tail + added, from: prior.tail.length });
      updates.push([key, { last: value, tail: ((prior?.tail ?? '') + added).slice(-TAIL) }]);
    }
    const allKey = `${destination}\u0000*`;
    const all = this.state.get(allKey);
    if (all && whole) texts.push({ text: all.tail + whole, from: all.tail.length });
    updates.push([allKey, { last: '', tail: ((all?.tail ?? '') + whole).slice(-TAIL) }]);
    return { texts, commit: () => updates.forEach(([key, state]) => this.state.set(key, state)) };
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

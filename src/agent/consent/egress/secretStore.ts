/**
 * The secrets a run has seen, each with where it was seen, and an index of all their forms
 * (forms.ts) to find them in what a call sends: every 8-gram of every canonical form is kept
 * (readIndex.ts with k = 8, window 1). A random-looking secret counts once 10 canonical characters
 * of one of its forms are sent together (so a piece of it, or the start of one sent a character at a
 * time, is enough); a word-like one ("Summer2024") only when a whole form is. Secrets whose canonical
 * form is shorter than 8 characters are compared as written, case-folded.
 */
import { canon } from './canon';
import { looksRandom } from './entropy';
import { formsOf, type FormName } from './forms';
import { ReadIndex } from './readIndex';

/** Canonical characters of a random-looking secret's form that count as sending it. */
export const PIECE = 10;
const K = 8;
/** Secrets kept per run; past this, new ones are not indexed (a run that reads that many is reading data files). */
const MAX_SECRETS = 2_000;

export interface SeenSecret {
  value: string;
  /** "config/.env:1 (read_file, turn 5)". */
  where: string;
  random: boolean;
}

interface FormLabel {
  secret: SeenSecret;
  form: FormName;
}

export interface SecretHit {
  secret: SeenSecret;
  form: FormName;
  /** Canonical characters of the form found, and the form's length. */
  length: number;
  of: number;
  start: number;
  end: number;
}

export class SecretStore {
  private readonly byValue = new Map<string, SeenSecret>();
  private readonly index = new ReadIndex<FormLabel>({ k: K, minRun: K });
  private readonly short: SeenSecret[] = [];

  constructor(private readonly questionCanon: string) {}

  get size(): number {
    return this.byValue.size;
  }

  values(): IterableIterator<string> {
    return this.byValue.keys();
  }

  first(): SeenSecret | undefined {
    return this.byValue.values().next().value;
  }

  /** Remembers a secret (the first place it was seen wins); one the user typed in the question is not one. */
  add(value: string, where: string): void {
    if (this.byValue.has(value) || this.byValue.size >= MAX_SECRETS) return;
    const plain = canon(value);
    if (plain.length >= K && this.questionCanon.includes(plain)) return;
    const secret: SeenSecret = { value, where, random: looksRandom(value) || looksRandom(plain) };
    this.byValue.set(value, secret);
    if (plain.length < K) {
      this.short.push(secret);
      return;
    }
    for (const f of formsOf(value)) if (f.text.length >= K) this.index.add(f.text, { secret, form: f.name });
  }

  /** The forms of secrets in a canonical text, longest first per place. */
  find(text: string): SecretHit[] {
    const runs = this.index.find(
      text,
      (source, length) => length >= (source.label.secret.random ? Math.min(PIECE, source.text.length) : source.text.length),
    );
    return runs.map((r) => ({
      secret: r.source.label.secret,
      form: r.source.label.form,
      length: r.end - r.start,
      of: r.source.text.length,
      start: r.start,
      end: r.end,
    }));
  }

  /** Short secrets found in a text as it is (case-folded), with where. */
  findShort(text: string): { secret: SeenSecret; at: number }[] {
    if (this.short.length === 0) return [];
    const folded = text.toLowerCase();
    const out: { secret: SeenSecret; at: number }[] = [];
    for (const secret of this.short) {
      const at = folded.indexOf(secret.value.toLowerCase());
      if (at >= 0) out.push({ secret, at });
    }
    return out;
  }
}

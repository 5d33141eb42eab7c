/**
 * The secrets a run has seen, each with where it was seen, and an index of all their forms
 * (forms.ts) to find them in what a call sends: every 8-gram of every canonical form is kept
 * (readIndex.ts with k = 8, window 1). A random-looking secret counts once 10 canonical characters
 * of one of its forms are sent together (so a piece of it, or the start of one sent a character at a
 * time, is enough); a word-like one ("Summer2024") only when a whole form is. Secrets whose canonical
 * form is shorter than 8 characters are compared as written, case-folded. And per destination, which
 * characters of each random-looking secret's forms have gone there in pieces of 3 or more, in any
 * order and among any other text (`cover`).
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
/** Forms followed for pieces sent to a destination (the first secrets' ones), and the shortest piece looked for. */
const MAX_COVERED_FORMS = 500;
const MIN_PIECE = 3;

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

interface CoveredForm extends FormLabel {
  text: string;
}

export class SecretStore {
  private readonly byValue = new Map<string, SeenSecret>();
  private readonly index = new ReadIndex<FormLabel>({ k: K, minRun: K });
  private readonly short: SeenSecret[] = [];
  /** The forms of random-looking secrets (by their 3-grams), and per destination which of their characters it has been sent. */
  private coverable = 0;
  private readonly grams = new Map<string, [CoveredForm, number][]>();
  private readonly covered = new Map<string, Map<CoveredForm, Uint8Array>>();

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
    for (const f of formsOf(value)) {
      if (f.text.length < K) continue;
      this.index.add(f.text, { secret, form: f.name });
      if (secret.random && this.coverable < MAX_COVERED_FORMS) this.addCoverable({ secret, form: f.name, text: f.text });
    }
  }

  /**
   * Pieces (canonical, 3+ characters) sent to `destination`, in any order, among any other text: marks
   * where each occurs in a random-looking secret's forms, and returns the forms of which PIECE
   * characters in a row have now gone there.
   */
  cover(destination: string, pieces: readonly string[]): SecretHit[] {
    if (this.coverable === 0) return [];
    let marks = this.covered.get(destination);
    if (!marks) this.covered.set(destination, (marks = new Map()));
    const grown = new Set<CoveredForm>();
    for (const piece of new Set(pieces)) {
      if (piece.length < MIN_PIECE) continue;
      for (const [form, at] of this.grams.get(piece.slice(0, MIN_PIECE)) ?? []) {
        if (!form.text.startsWith(piece, at)) continue;
        let mark = marks.get(form);
        if (!mark) marks.set(form, (mark = new Uint8Array(form.text.length)));
        mark.fill(1, at, at + piece.length);
        grown.add(form);
      }
    }
    const hits: SecretHit[] = [];
    for (const form of grown) {
      const run = longestRun(marks.get(form)!);
      if (run && run[1] - run[0] >= Math.min(PIECE, form.text.length)) {
        hits.push({ secret: form.secret, form: form.form, length: run[1] - run[0], of: form.text.length, start: run[0], end: run[1] });
      }
    }
    return hits;
  }

  private addCoverable(form: CoveredForm): void {
    this.coverable++;
    for (let at = 0; at + MIN_PIECE <= form.text.length; at++) {
      const gram = form.text.slice(at, at + MIN_PIECE);
      const list = this.grams.get(gram);
      if (list) list.push([form, at]);
      else this.grams.set(gram, [[form, at]]);
    }
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

/** The longest run of 1s: [start, end). */
function longestRun(mark: Uint8Array): [number, number] | undefined {
  let best: [number, number] | undefined;
  let start = -1;
  for (let i = 0; i <= mark.length; i++) {
    if (i < mark.length && mark[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (!best || i - start > best[1] - best[0]) best = [start, i];
      start = -1;
    }
  }
  return best;
}

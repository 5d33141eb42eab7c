/**
 * The egress guard: remembers what a run has seen of the workspace and finds it in what a call is
 * about to send out. Evidence, strongest first:
 * - a secret the run has seen (secrets.ts: in every workspace file a tool touched, whole, and in every
 *   result of a workspace tool or run_code), in any of its forms (forms.ts), once 10 canonical
 *   characters of a random-looking one go out in one call or over calls to one destination (streams.ts);
 * - after a secret was seen, any random-looking string (entropy.ts) that is not in the question, not in
 *   a URL the workspace cites and not in what the web returned: it may be a secret encoded in a way the
 *   forms do not cover (this is the rule that holds whatever the encoding);
 * - a run of 24+ canonical characters of any result of a workspace tool or run_code (readIndex.ts),
 *   leaving out URLs, long names, error messages and cited titles (cited.ts).
 * Everything is compared in canonical form (canon.ts) in every form the call arrives in (outgoing.ts).
 * Text the user typed in the question never counts: it is theirs to send.
 */
import type { EgressMatch } from '../../approvals';
import { canon, canonMapped, type Canon } from './canon';
import { BLANK, leaveOut, urlTokens } from './cited';
import { randomTokens } from './entropy';
import { fingerprint, maskValue } from './fingerprint';
import { FileLedger } from './ledger';
import { outgoing, type CallTarget, type SentField } from './outgoing';
import { ReadIndex } from './readIndex';
import { SecretStore, type SecretHit } from './secretStore';
import { findSecrets } from './secrets';
import { Streams } from './streams';

/** Characters of context shown on each side of a match. */
const CONTEXT = 40;
/** Matches reported per call (the first ones; one is enough to ask). */
const MAX_MATCHES = 8;
/** Values longer than this are not split into pieces for the destination's coverage (streams.ts). */
const MAX_PIECES_VALUE = 2_048;
/** Tokens remembered from the web and cited URLs (beyond this, older ones still count; new ones are not added). */
const MAX_PUBLIC = 200_000;

export class EgressGuard {
  readonly index = new ReadIndex();
  readonly secrets: SecretStore;
  readonly files = new FileLedger();
  private readonly streams = new Streams();
  private readonly questionCanon: string;
  /** Random-looking tokens that are not a leak to send: from the question, cited URLs and web results. */
  private readonly publicTokens = new Set<string>();
  private readonly pending: (() => void)[] = [];

  constructor(question: string) {
    this.questionCanon = canon(question);
    this.secrets = new SecretStore(this.questionCanon);
    this.addPublic(randomTokens(question).map((t) => t.text));
  }

  /**
   * Filling the guard from what came before this run (a session's earlier turns) waits for the first
   * check or mask: a follow-up that sends nothing out does not index what its session read.
   */
  later(fill: () => void): void {
    this.pending.push(fill);
  }

  private ready(): void {
    for (let fill = this.pending.shift(); fill; fill = this.pending.shift()) fill();
  }

  /** A result a tool returned (what the model read): indexed, and its secrets remembered. */
  record(tool: string, args: Record<string, unknown> | undefined, content: string, turn: number): void {
    const path = typeof args?.path === 'string' ? args.path : undefined;
    const what = path ?? firstString(args);
    const label = `${tool}${what ? ` ${what.slice(0, 120)}` : ''} (turn ${turn})`;
    this.index.add(canon(leaveOut(content, path).text, BLANK), label);
    for (const s of findSecrets(content, path)) this.secrets.add(s.value, label);
  }

  /** The whole content of a workspace file a tool touched (read, searched, edited): its secrets, by line. */
  sawFile(path: string, text: string, tool: string, turn: number | undefined): void {
    for (const s of findSecrets(text, path)) {
      const line = lineAt(text, s.at);
      this.secrets.add(s.value, `${path}:${line} (${tool}${turn !== undefined ? `, turn ${turn}` : ''})`);
    }
    // The links of a file the run wrote itself are not the workspace's: the model may have put anything there.
    if (!this.files.wrote(path)) this.addPublic(urlTokens(leaveOut(text, path).urls));
  }

  /** What an open-world tool returned (a web page, search results): its random-looking tokens are the web's. */
  sawPublic(content: string): void {
    this.addPublic(randomTokens(content).map((t) => t.text));
  }

  /** `value` (arguments, text) with every secret seen, and once one was, every random-looking token, shown as a fingerprint. */
  mask<T>(value: T): T {
    this.ready();
    return maskValue(value, this.secrets.values(), this.secrets.size > 0) as T;
  }

  /**
   * What of the workspace a call would send; the call joins its destination's streams. A tool that says it stays
   * on this machine (an MCP tool declaring `openWorldHint: false`) is checked for secrets only: it may
   * be handed workspace text (a file server writing a file), and its word is not trusted for secrets.
   */
  check(target: CallTarget, args: Record<string, unknown>): EgressMatch[] {
    this.ready();
    const out = outgoing(target, args);
    const matches: EgressMatch[] = [];
    const canons = new Map<string, string>();
    const canonOf = (s: string) => canons.get(s) ?? canons.set(s, canon(s)).get(s)!;
    for (const f of out.fields) {
      for (const form of f.forms) {
        const text = canonOf(form);
        const secretSpans = this.secrets.size > 0 ? this.secretMatches(f.field, form, text, matches) : [];
        if (target.openWorld) this.textMatches(f.field, form, text, secretSpans, matches);
      }
    }
    const parts = out.fields.flatMap((f) => f.parts.map(([name, value]): [string, string] => [`${f.field}|${name}`, canonOf(value)]));
    const streamed = this.streams.add(out.destination, parts);
    if (this.secrets.size > 0) {
      // Pieces dribbled out come in small calls; a long value is checked whole above (and by the random-string rule).
      const small = out.fields.flatMap((f) => f.parts.filter(([, value]) => value.length <= MAX_PIECES_VALUE));
      const pieces = new Set(small.flatMap(([, value]) => value.split(/[^\p{L}\p{N}]+/u)));
      const covered = this.secrets.cover(
        out.destination,
        [...pieces].map((p) => canon(p)),
      ); // always: refused pieces count too
      // A secret this call completes with earlier ones, when it does not carry one of its own.
      if (!matches.some((m) => m.secret)) {
        for (const s of streamed) this.streamMatches(this.secrets.find(s.text), s.from, out.destination, matches);
        this.streamMatches(covered, undefined, out.destination, matches);
      }
      if (!matches.some((m) => m.secret)) this.randomMatches(out.fields, matches);
    }
    return dedupe(matches).slice(0, MAX_MATCHES);
  }

  /** Secrets in one form of a field (`text` is its canonical form); returns where they are in `form`. */
  private secretMatches(field: string, form: string, text: string, out: EgressMatch[]): [number, number][] {
    const spans: [number, number][] = [];
    const hits = this.secrets.find(text);
    const c = hits.length > 0 ? canonMapped(form) : undefined;
    for (const hit of hits) {
      const [start, end] = rawSpan(c!, hit.start, hit.end);
      spans.push([start, end]);
      out.push(this.match(field, form, start, end, hit.secret.where, fingerprint(hit.secret.value), true, describe(hit)));
    }
    for (const { secret, at } of this.secrets.findShort(form)) {
      spans.push([at, at + secret.value.length]);
      out.push(this.match(field, form, at, at + secret.value.length, secret.where, fingerprint(secret.value), true));
    }
    return spans;
  }

  /**
   * Runs of 24+ canonical characters of what the run read, in one form of a field; not where a secret
   * was found in it (shown as text, the run would show the secret).
   */
  private textMatches(field: string, form: string, text: string, secretSpans: [number, number][], out: EgressMatch[]): void {
    const runs = this.index.find(text).filter((run) => !this.questionCanon.includes(text.slice(run.start, run.end)));
    const c = runs.length > 0 ? canonMapped(form) : undefined;
    for (const run of runs) {
      const [start, end] = rawSpan(c!, run.start, run.end);
      if (secretSpans.some(([a, b]) => a < end && start < b)) continue;
      out.push(this.match(field, form, start, end, run.source.label, this.mask(form.slice(start, end)), false));
    }
  }

  /**
   * A secret whose pieces went out in earlier calls to the same destination, completed by this one:
   * found in a stream (what this call adds starts at `from`) or by the pieces sent there.
   */
  private streamMatches(hits: SecretHit[], from: number | undefined, destination: string, out: EgressMatch[]): void {
    for (const hit of hits) {
      if (from !== undefined && hit.end <= from) continue; // all of it went out before: not this call's doing
      if (from !== undefined && hit.start >= from) continue; // all of it in this call: found as a field already
      const form = `${describe(hit) ?? 'as written'}, split over calls to ${destination}`;
      out.push({
        field: '(several calls)',
        before: '',
        text: fingerprint(hit.secret.value),
        after: '',
        source: hit.secret.where,
        secret: true,
        form,
      });
    }
  }

  /** After a secret was seen: random-looking strings that did not come from the question, a cited link or the web. */
  private randomMatches(fields: readonly SentField[], out: EgressMatch[]): void {
    const seen = this.secrets.first();
    for (const f of fields) {
      for (const form of f.forms) {
        for (const t of randomTokens(form)) {
          if (this.publicTokens.has(t.text) || this.questionCanon.includes(canon(t.text))) continue;
          const form_ = `a random-looking string, after this run read a secret (${seen?.where ?? 'the workspace'})`;
          out.push(this.match(f.field, form, t.start, t.end, seen?.where ?? 'the workspace', fingerprint(t.text), false, form_));
        }
      }
    }
  }

  private match(
    field: string,
    text: string,
    start: number,
    end: number,
    source: string,
    shown: string,
    secret: boolean,
    form?: string,
  ): EgressMatch {
    const before = this.mask(text.slice(Math.max(0, start - CONTEXT), start));
    const after = this.mask(text.slice(end, end + CONTEXT));
    return {
      field: this.mask(field),
      before: (start > CONTEXT ? '…' : '') + before,
      text: shown,
      after: after + (end + CONTEXT < text.length ? '…' : ''),
      source,
      secret,
      ...(form ? { form } : {}),
    };
  }

  private addPublic(tokens: readonly string[]): void {
    for (const t of tokens) if (this.publicTokens.size < MAX_PUBLIC) this.publicTokens.add(t);
  }
}

function describe(hit: SecretHit): string | undefined {
  const part = hit.length < hit.of ? `${hit.length} of its ${hit.of} characters` : undefined;
  const form = hit.form === 'as written' ? undefined : hit.form;
  return [form, part].filter(Boolean).join(', ') || undefined;
}

/** The span of the original text that canonical characters [start, end) came from. */
function rawSpan(c: Canon, start: number, end: number): [number, number] {
  const from = c.at[start] ?? 0;
  const last = c.at[end - 1] ?? from;
  return [from, last + 1];
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstString(args: Record<string, unknown> | undefined): string | undefined {
  for (const v of Object.values(args ?? {})) if (typeof v === 'string' && v.trim()) return v;
  return undefined;
}

function dedupe(matches: EgressMatch[]): EgressMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.field}\u0000${m.text}\u0000${m.source}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

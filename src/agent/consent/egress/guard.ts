/**
 * The egress guard: remembers what a run read from the workspace (results of tools marked
 * `readsWorkspace`) and finds that data in the arguments of a call about to leave the machine.
 * Two kinds of evidence: a run of 24+ characters of any text read (ReadIndex), and any secret-looking
 * token seen in one (secrets.ts). Text the user typed in the question never counts: it is theirs to
 * send. Arguments are checked as written and URL-decoded, so `%20` or `+` does not hide a run.
 */
import type { EgressMatch } from '../../approvals';
import { MIN_RUN, ReadIndex } from './readIndex';
import { findSecrets } from './secrets';

/** Characters of context shown on each side of a match. */
const CONTEXT = 40;
/** Matches reported per call (the first ones; one is enough to ask). */
const MAX_MATCHES = 8;

export class EgressGuard {
  readonly index = new ReadIndex();
  /** Secret → where it was first read. */
  private readonly secrets = new Map<string, string>();

  constructor(private readonly question: string) {}

  /** Records a result of a workspace-reading tool. */
  record(tool: string, args: Record<string, unknown> | undefined, content: string, turn: number): void {
    const path = typeof args?.path === 'string' ? args.path : undefined;
    const what = path ?? firstString(args);
    const label = `${tool}${what ? ` ${what.slice(0, 120)}` : ''} (turn ${turn})`;
    this.index.add(content, label);
    for (const secret of findSecrets(content, path)) {
      if (!this.secrets.has(secret) && !this.question.includes(secret)) this.secrets.set(secret, label);
    }
  }

  /** Workspace data in `args`, or an empty list. */
  check(args: Record<string, unknown>): EgressMatch[] {
    const out: EgressMatch[] = [];
    for (const [field, value] of strings(args, '')) {
      for (const text of variants(value)) {
        this.findIn(field, text, out);
        if (out.length >= MAX_MATCHES) return out.slice(0, MAX_MATCHES);
      }
    }
    return dedupe(out);
  }

  private findIn(field: string, text: string, out: EgressMatch[]): void {
    for (const run of this.index.find(text)) {
      const piece = text.slice(run.start, run.end);
      if (this.question.includes(piece)) continue;
      out.push(match(field, text, run.start, run.end, run.source.label, false));
    }
    if (this.secrets.size === 0) return;
    for (const [secret, label] of this.secrets) {
      const at = text.indexOf(secret);
      if (at >= 0) out.push(match(field, text, at, at + secret.length, label, true));
    }
  }
}

function match(field: string, text: string, start: number, end: number, source: string, secret: boolean): EgressMatch {
  const before = text.slice(Math.max(0, start - CONTEXT), start);
  const after = text.slice(end, end + CONTEXT);
  return {
    field,
    before: (start > CONTEXT ? '…' : '') + before,
    text: text.slice(start, end),
    after: after + (end + CONTEXT < text.length ? '…' : ''),
    source,
    secret,
  };
}

/** Every string inside `value` with its path ("url", "items[2].text"); keys count too. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path || '(value)', value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (k.length >= MIN_RUN) yield [p, k];
      yield* strings(v, p);
    }
  }
}

/** The string as written, and URL-decoded when that changes it ("+" as a space, as in query strings). */
function variants(s: string): string[] {
  if (!/[%+]/.test(s)) return [s];
  const decoded = s.replace(/\+/g, ' ').replace(/(%[0-9a-f]{2})+/gi, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch {
      return seq;
    }
  });
  return decoded === s ? [s] : [s, decoded];
}

function firstString(args: Record<string, unknown> | undefined): string | undefined {
  for (const v of Object.values(args ?? {})) if (typeof v === 'string' && v.trim()) return v;
  return undefined;
}

function dedupe(matches: EgressMatch[]): EgressMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.field}\u0000${m.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

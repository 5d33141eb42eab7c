/**
 * The one flag parser of the CLI. Each command declares its flags once, as rows of a table (name, kind,
 * value name, help, default, and the field of the command's arguments a row fills); the same table
 * parses the command line and prints the command's usage, so the two cannot drift. A new flag is one
 * row (and its field in the command's argument type); a new command is one spec and one row in
 * main.ts's COMMANDS.
 */

/** A command line the user must fix: exit status 2 with the message. */
export class UsageError extends Error {}

/** What follows a flag: a value, nothing (a switch), or a value that may be given more than once. */
export type FlagKind = 'value' | 'switch' | 'list';

export interface ReadContext {
  /** The flag's name, for messages. */
  flag: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Another flag's values, for flags read together (a budget and its prices). */
  given(name: string): readonly string[];
}

/** One flag of a command; `A` is the command's argument type, `K` the field the flag fills. */
export interface Flag<A, K extends keyof A = keyof A> {
  name: `--${string}`;
  kind: FlagKind;
  /** The value's name in the usage (`--max-turns N`); switches have none. */
  value?: string;
  /** One sentence or two; the usage wraps it. */
  help: string;
  /** Shown as "(default …)" after the help. */
  default?: string | number;
  /** The field this flag fills, read by `read`; flags without one are left to the command's own code. */
  key?: K;
  /** Every value given (a switch gives ''), in order, to the field's value; throws UsageError for a bad one. */
  read?: (given: readonly string[], c: ReadContext) => A[K] | undefined;
}

/** A row of a command's flag table: the flag as the usage shows it, and how it fills the command's arguments. */
export interface FlagRow<A> {
  name: `--${string}`;
  kind: FlagKind;
  value?: string;
  help: string;
  default?: string | number;
  /** Puts the flag's value, read from what was given, into the command's arguments. */
  fill(into: Partial<A>, given: readonly string[], c: ReadContext): void;
}

/** Declares a flag filling field `K` of `A` (so the reader's type is checked against that field). */
export function flag<A>() {
  return <K extends keyof A>({ key, read, ...shown }: Flag<A, K>): FlagRow<A> => ({
    ...shown,
    fill(into, given, c) {
      if (key === undefined || !read) return;
      const value = read(given, c);
      if (value !== undefined) into[key] = value;
    },
  });
}

export interface CommandSpec<A> {
  /** The words after `research-copilot` (`eval merge`). */
  name: string;
  /** What follows the name in the usage line. */
  synopsis: string;
  about: string;
  flags: readonly FlagRow<A>[];
  /** Flags of another command this one does not take, and why (shown when one is given). */
  refused?: { names: readonly string[]; reason: string };
  /** Printed after the flags. */
  notes?: string;
  /** Said above the flags instead of "Options:". */
  optionsHeading?: string;
}

export interface ParsedLine<A> {
  /** The fields the flags' readers filled. */
  fields: Partial<A>;
  /** Every flag's values as given (a switch gives ''). */
  given: ReadonlyMap<string, readonly string[]>;
  positional: string[];
}

/** Sorts the command line by the spec's flags: `--name=value` and `--name value` alike; `--` ends the flags. */
export function parseLine<A>(spec: CommandSpec<A>, argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ParsedLine<A> {
  const byName = new Map(spec.flags.map((f) => [f.name as string, f]));
  const given = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const f = byName.get(name);
    if (f) {
      const value = f.kind === 'switch' ? '' : eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      given.set(name, [...(given.get(name) ?? []), value]);
    } else if (spec.refused?.names.includes(name)) {
      throw new UsageError(`${name} does not apply to ${spec.name} (${spec.refused.reason})`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      throw new UsageError(`unknown option ${arg}${spec.name === 'ask' ? '' : ` for ${spec.name}`}`);
    } else positional.push(arg);
  }
  const fields: Partial<A> = {};
  const of = (name: string): readonly string[] => given.get(name) ?? [];
  for (const f of spec.flags) f.fill(fields, of(f.name), { flag: f.name, env, cwd, given: of });
  return { fields, given, positional };
}

const COLUMN = 29;
const WIDTH = 104;

/** The command's usage: its line, what it does, its flags (each with its value name, help and default), its notes. */
export function usageOf<A>(spec: CommandSpec<A>): string {
  const lines = [`Usage: research-copilot ${spec.name} ${spec.synopsis}`, '', spec.about, '', spec.optionsHeading ?? 'Options:'];
  for (const f of spec.flags) {
    const left = `  ${f.name}${f.value ? ` ${f.value}` : ''}`;
    const help = f.default !== undefined ? `${f.help} (default ${f.default})` : f.help;
    const wrapped = wrap(help, WIDTH - COLUMN);
    lines.push(left.length < COLUMN ? left.padEnd(COLUMN) + wrapped[0] : `${left}\n${' '.repeat(COLUMN)}${wrapped[0]}`);
    for (const more of wrapped.slice(1)) lines.push(' '.repeat(COLUMN) + more);
  }
  if (spec.notes) lines.push('', spec.notes);
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}

/** Readers for the common kinds of value. */
export const read = {
  /** The last value given, as text. */
  text: (given: readonly string[]): string | undefined => given.at(-1),
  /** Whether the switch was given. */
  present: (given: readonly string[]): boolean => given.length > 0,
  /** Every value given. */
  all: (given: readonly string[]): string[] => [...given],
  /** A whole number of at least `min`. */
  int:
    (min: number) =>
    (given: readonly string[], c: ReadContext): number | undefined => {
      const raw = given.at(-1);
      if (raw === undefined) return undefined;
      if (!/^-?\d+$/.test(raw)) throw new UsageError(`${c.flag} must be a whole number, got "${raw}"`);
      const n = Number(raw);
      if (n < min) throw new UsageError(`${c.flag} must be at least ${min}, got ${n}`);
      return n;
    },
  /** A non-negative number. */
  number: (given: readonly string[], c: ReadContext): number | undefined => {
    const raw = given.at(-1);
    if (raw === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError(`${c.flag} must be a non-negative number, got "${raw}"`);
    return Number(raw);
  },
  /** One of a fixed list. */
  oneOf:
    <T extends string>(allowed: readonly T[]) =>
    (given: readonly string[], c: ReadContext): T | undefined => {
      const value = given.at(-1);
      if (value === undefined) return undefined;
      const found = allowed.find((a) => a === value);
      if (found === undefined) throw new UsageError(`${c.flag} must be one of ${allowed.join(', ')}`);
      return found;
    },
};

/** An http(s) URL, or a UsageError naming the flag. */
export function httpUrl(flag: string, url: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new UsageError(`${flag} must be an http(s) URL, got "${url}"`);
  return url;
}

/**
 * Secret-looking tokens in text the run read: well-known key formats, private keys, values assigned
 * to names that say KEY / TOKEN / SECRET / PASS(WORD) / AUTH (in code, YAML, JSON or INI), every value
 * of a `.env` file, and bare random-looking tokens of 16+ characters (entropy.ts) outside URLs.
 * Each comes with where it starts, so the guard can name the line.
 */
import { looksRandom, randomTokens } from './entropy';

/** Formats of real keys (prefixes documented by each vendor). */
const TOKEN_FORMATS = new RegExp(
  [
    String.raw`sk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic
    String.raw`[sr]k_(?:live|test)_[0-9A-Za-z]{16,}`, // Stripe
    String.raw`gh[pousr]_[A-Za-z0-9]{30,}`, // GitHub tokens
    String.raw`github_pat_[A-Za-z0-9_]{30,}`,
    String.raw`glpat-[A-Za-z0-9_-]{20,}`, // GitLab
    String.raw`xox[abprs]-[A-Za-z0-9-]{10,}`, // Slack
    String.raw`(?:AKIA|ASIA)[0-9A-Z]{16}`, // AWS access key ids
    String.raw`AIza[0-9A-Za-z_-]{35}`, // Google API keys
    String.raw`hf_[A-Za-z0-9]{30,}`, // Hugging Face
    String.raw`npm_[A-Za-z0-9]{36}`, // npm
    String.raw`eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`, // JWTs
  ].join('|'),
  'g',
);

/** NAME = value where the name says it is a secret (case-insensitive: apiKey, DB_PASSWORD, db_pass, client_secret). */
const NAMED_SECRET =
  /([A-Za-z_][A-Za-z0-9_.-]*(?:key|token|secret|pass|pwd|credential|auth(?!or))[A-Za-z0-9_]*)["']?\s*[:=]\s*["']?([^\s"'`,;]{8,})/gi;

/** A line of a .env file, as read_file shows it ("   3| NAME=value") or as it is. */
const ENV_LINE = /^(?:\s*\d+\|\s?)?\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*["']?([^\s"'#]+)/gm;

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z0-9 ]*PRIVATE KEY-----/g;

/** URLs (and data: URIs), whose random-looking parts are ids and hashes, not bare secrets. */
const URL_SPAN = /\b(?:[a-z][a-z0-9+.-]*:\/\/|data:)[^\s<>"'`]+/gi;

const MIN_SECRET = 8;
const MIN_BARE = 16;
/** A text with more bare tokens than this is data (a lockfile, minified code, a dump), not a place secrets sit alone. */
const MAX_BARE = 20;

export interface FoundSecret {
  value: string;
  /** Where it starts in the text. */
  at: number;
}

/** Secret-looking tokens in `text`; `path` (when known) marks a .env file, whose every value counts. */
export function findSecrets(text: string, path?: string): FoundSecret[] {
  const found = new Map<string, number>();
  const add = (value: string, at: number) => {
    if (!found.has(value)) found.set(value, at);
  };
  for (const m of text.matchAll(TOKEN_FORMATS)) add(m[0], m.index);
  for (const m of text.matchAll(NAMED_SECRET)) if (looksSecret(m[2])) add(m[2], m.index + m[0].length - m[2].length);
  for (const m of text.matchAll(PRIVATE_KEY)) {
    // Each line of the key body, without read_file's line numbers.
    let at = m.index + m[0].indexOf(m[1]);
    for (const line of m[1].split('\n')) {
      const body = line.replace(/^\s*\d+\|\s?/, '').trim();
      if (body.length >= 16) add(body, at + line.indexOf(body));
      at += line.length + 1;
    }
  }
  if (path && isEnvFile(path)) for (const m of text.matchAll(ENV_LINE)) if (looksSecret(m[1])) add(m[1], m.index + m[0].lastIndexOf(m[1]));
  for (const [value, at] of bareTokens(text)) add(value, at);
  return [...found].map(([value, at]) => ({ value, at }));
}

/** Random-looking tokens of 16+ characters standing on their own, outside URLs; none in a text full of them. */
function bareTokens(text: string): [string, number][] {
  const withoutUrls = text.replace(URL_SPAN, (u) => ' '.repeat(u.length));
  const out: [string, number][] = [];
  for (const m of withoutUrls.matchAll(/[A-Za-z0-9+/=_-]{16,}/g)) {
    for (const token of randomTokens(m[0], MIN_BARE)) {
      if (token.end - token.start !== token.text.length) continue; // a joined token ("a1b2-c3d4-…") is not a value that stands alone
      out.push([token.text, m.index + token.start]);
      if (out.length > MAX_BARE) return [];
    }
  }
  return out;
}

export function isEnvFile(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return /^\.env(\..+)?$/.test(name) || name.endsWith('.env');
}

/**
 * Long enough, and not a plain word, number, name or piece of code: "localhost", "production", "8080",
 * "webhookSecret" and "process.env[" are not secrets; "s3cr3t-Pa55" and "9f8e7d6c5b4a" are.
 */
function looksSecret(value: string): boolean {
  if (value.length < MIN_SECRET) return false;
  if (/^[a-z]+$/.test(value) || /^[A-Z]+$/.test(value) || /^\d+$/.test(value)) return false;
  if (/^(true|false|null|undefined|none)$/i.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(\.[\w$]+)+[;)]*$/.test(value)) return false; // code: process.env.API_KEY, config.token
  if (/^[a-z][a-z0-9+.-]*:\/\/[^:@/]+(?::\d+)?\/?$/i.test(value)) return false; // a URL without credentials
  if (/[()[\]{}<>]/.test(value)) return false; // code: getToken(), process.env[...], Object.keys(x)
  if (/^[A-Za-z_$]+$/.test(value) && !looksRandom(value)) return false; // a name: webhookSecret, azureADTokenProvider
  return /\d/.test(value) || /[A-Z]/.test(value) || /[^A-Za-z]/.test(value);
}

/**
 * Secret-looking tokens in text the run read: well-known key formats, private keys, values assigned
 * to names that say KEY / TOKEN / SECRET / PASSWORD, and every value of a `.env` file. Shorter than
 * the guard's 24-character runs, so they are remembered one by one and looked for as they are.
 */

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

/** NAME = value where the name says it is a secret (case-insensitive: apiKey, DB_PASSWORD, client_secret). */
const NAMED_SECRET =
  /([A-Za-z_][A-Za-z0-9_.-]*(?:key|token|secret|passw(?:or)?d|pwd|credential|auth)[A-Za-z0-9_]*)["']?\s*[:=]\s*["']?([^\s"'`,;]{8,})/gi;

/** A line of a .env file, as read_file shows it ("   3| NAME=value") or as it is. */
const ENV_LINE = /^(?:\s*\d+\|\s?)?\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*["']?([^\s"'#]+)/gm;

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z0-9 ]*PRIVATE KEY-----/g;

const MIN_SECRET = 8;

/** Secret-looking tokens in `text`; `path` (when known) marks a .env file, whose every value counts. */
export function findSecrets(text: string, path?: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(TOKEN_FORMATS)) found.add(m[0]);
  for (const m of text.matchAll(NAMED_SECRET)) if (looksRandom(m[2])) found.add(m[2]);
  for (const m of text.matchAll(PRIVATE_KEY)) {
    // Each line of the key body, without read_file's line numbers.
    for (const line of m[1].split('\n')) {
      const body = line.replace(/^\s*\d+\|\s?/, '').trim();
      if (body.length >= 16) found.add(body);
    }
  }
  if (path && isEnvFile(path)) for (const m of text.matchAll(ENV_LINE)) if (looksRandom(m[1])) found.add(m[1]);
  return [...found];
}

export function isEnvFile(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return /^\.env(\..+)?$/.test(name) || name.endsWith('.env');
}

/**
 * Long enough, and not a plain word or number: "localhost", "production" and "8080" are settings,
 * not secrets; "s3cr3t-Pa55" and "9f8e7d6c5b4a" are.
 */
function looksRandom(value: string): boolean {
  if (value.length < MIN_SECRET) return false;
  if (/^[a-z]+$/.test(value) || /^[A-Z]+$/.test(value) || /^\d+$/.test(value)) return false;
  if (/^(true|false|null|undefined|none)$/i.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(\.[\w$]+)+[;)]*$/.test(value)) return false; // code: process.env.API_KEY, config.token
  if (/^[a-z][a-z0-9+.-]*:\/\/[^:@/]+(?::\d+)?\/?$/i.test(value)) return false; // a URL without credentials
  return /\d/.test(value) || /[A-Z]/.test(value) || /[^A-Za-z]/.test(value);
}

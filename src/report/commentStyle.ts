/** The line-comment style findings take when inserted into a code file (Markdown and prose take none). */
const PROSE = new Set(['markdown', 'plaintext', 'mdx', 'restructuredtext', 'latex', 'asciidoc', 'quarto']);
const HASH = new Set([
  'python',
  'shellscript',
  'ruby',
  'perl',
  'r',
  'yaml',
  'toml',
  'makefile',
  'dockerfile',
  'powershell',
  'elixir',
  'julia',
  'coffeescript',
  'properties',
  'nix',
]);
const DASH = new Set(['sql', 'lua', 'haskell', 'ada', 'elm']);
const SEMI = new Set(['clojure', 'lisp', 'scheme', 'ini']);
const PERCENT = new Set(['matlab', 'erlang', 'tex']);

/** The line-comment prefix for a VS Code language id; undefined for prose (Markdown, plain text). */
export function commentPrefix(languageId: string): string | undefined {
  if (PROSE.has(languageId)) return undefined;
  if (HASH.has(languageId)) return '#';
  if (DASH.has(languageId)) return '--';
  if (SEMI.has(languageId)) return ';';
  if (PERCENT.has(languageId)) return '%';
  if (languageId === 'vb') return "'";
  return '//';
}

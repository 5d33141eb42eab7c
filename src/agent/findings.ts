/**
 * The findings of a run, ready to insert into a document: the answer plus its sources (workspace
 * files the agent read, pages it fetched, and references the answer itself cites), as Markdown or as
 * a comment block for a code file.
 */
import type { AgentEvent } from './events';

export interface Source {
  kind: 'file' | 'url';
  /** Workspace-relative path or URL. */
  ref: string;
  /** e.g. "12-40" for a file range. */
  lines?: string;
}

const URL_RE = /\bhttps?:\/\/[^\s<>()"'`\]]+[^\s<>()"'`\].,;:!?]/g;
const PATH_LINE_RE = /(?:^|[\s`(\[])((?:[\w.-]+\/)*[\w.-]+\.[A-Za-z0-9]{1,8}):(\d+)(?:-(\d+))?/g;

export function collectSources(events: readonly AgentEvent[], answer: string): Source[] {
  const seen = new Map<string, Source>();
  const add = (s: Source) => {
    const key = `${s.kind}:${s.ref}:${s.lines ?? ''}`;
    if (!seen.has(key)) seen.set(key, s);
  };
  const args = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (e.type === 'tool_call' && e.args && typeof e.args === 'object') args.set(e.call.id, e.args as Record<string, unknown>);
    if (e.type !== 'tool_result' || e.isError) continue;
    const a = args.get(e.callId) ?? {};
    if (e.name === 'read_file' && typeof a.path === 'string') {
      const range = typeof e.details?.range === 'string' ? e.details.range : lineRange(a.start_line, a.end_line);
      add({ kind: 'file', ref: a.path, ...(range ? { lines: range } : {}) });
    } else if (e.name === 'fetch_url' && typeof a.url === 'string') {
      add({ kind: 'url', ref: typeof e.details?.finalUrl === 'string' ? e.details.finalUrl : a.url });
    }
  }
  for (const m of answer.matchAll(PATH_LINE_RE)) add({ kind: 'file', ref: m[1], lines: m[3] ? `${m[2]}-${m[3]}` : m[2] });
  for (const m of answer.matchAll(URL_RE)) add({ kind: 'url', ref: m[0] });
  return [...seen.values()];
}

function lineRange(start: unknown, end: unknown): string | undefined {
  if (typeof start !== 'number') return undefined;
  return typeof end === 'number' ? `${start}-${end}` : `${start}-`;
}

export function sourceLabel(s: Source): string {
  return s.kind === 'file' && s.lines ? `${s.ref}:${s.lines}` : s.ref;
}

export interface FindingsStyle {
  /** 'markdown', or a line-comment prefix such as "//" or "#" for code files. */
  comment?: string;
}

export function formatFindings(question: string, answer: string, sources: readonly Source[], style: FindingsStyle = {}): string {
  const lines: string[] = [];
  if (!style.comment) {
    lines.push(answer.trim(), '');
    if (sources.length) {
      lines.push('**Sources**', '');
      for (const s of sources) lines.push(s.kind === 'url' ? `- <${s.ref}>` : `- \`${sourceLabel(s)}\``);
      lines.push('');
    }
    return lines.join('\n');
  }
  const p = style.comment;
  lines.push(`${p} Research: ${oneLine(question)}`);
  for (const l of answer.trim().split('\n')) lines.push(l ? `${p} ${l}` : p);
  if (sources.length) {
    lines.push(`${p}`, `${p} Sources:`);
    for (const s of sources) lines.push(`${p} - ${sourceLabel(s)}`);
  }
  return lines.join('\n') + '\n';
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? flat.slice(0, 120) + '…' : flat;
}

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

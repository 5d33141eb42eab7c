/**
 * Findings to insert into a document: the answer, then a Sources section that keeps only what
 * supports it. Each cited source with its status (unverified ones marked, never dropped); files as
 * relative Markdown links with a #L anchor, which VS Code's Markdown preview opens at the line; a
 * short excerpt of what the agent saw; files read but not cited listed apart, collapsed. The
 * comment-block form for code files carries the same information.
 */
import { citationLabel, STATUS_LABEL } from '../agent/citations/report';
import type { RunSources } from './sources';
import type { CheckedCitation } from '../agent/citations/types';

export interface GroundedStyle {
  /** A line-comment prefix ("//", "#") for code files; Markdown when absent. */
  comment?: string;
  /** Workspace-relative POSIX folder of the document the findings go into ("" = the root); links are made relative to it. */
  fromDir?: string;
}

const EXCERPT_LINES = 3;

export function statusText(c: Pick<CheckedCitation, 'status'>): string {
  return c.status === 'verified' || c.status === 'observed' ? STATUS_LABEL[c.status] : `${STATUS_LABEL[c.status]}, unverified`;
}

export function formatGroundedFindings(question: string, answer: string, sources: RunSources, style: GroundedStyle = {}): string {
  return style.comment ? commentForm(question, answer, sources, style.comment) : markdownForm(answer, sources, style.fromDir ?? '');
}

function markdownForm(answer: string, sources: RunSources, fromDir: string): string {
  return [answer.trim(), '', sourcesMarkdown(sources, fromDir, '**Sources**')].join('\n');
}

/** The Sources section alone (a report puts it under its own heading). */
export function sourcesMarkdown(sources: RunSources, fromDir: string, heading: string): string {
  const out: string[] = [];
  if (sources.cited.length) {
    out.push(heading, '');
    for (const c of sources.cited) {
      out.push(`- ${sourceLink(c, fromDir)} — *${statusText(c)}*: ${escapeInline(c.reason)}`);
      const excerpt = excerptOf(c);
      if (excerpt) out.push(...fenced(excerpt).map((l) => `  ${l}`));
    }
    out.push('');
  }
  if (sources.consulted.length) {
    out.push(`<details><summary>Also consulted (read, not cited): ${sources.consulted.length}</summary>`, '');
    for (const s of sources.consulted)
      out.push(`- ${s.kind === 'url' ? `<${s.ref}>` : `[${escapeText(s.ref)}](${relativeLink(fromDir, s.ref)})`}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

function commentForm(question: string, answer: string, sources: RunSources, p: string): string {
  const out = [`${p} Research: ${oneLine(question)}`];
  for (const l of answer.trim().split('\n')) out.push(l ? `${p} ${l}` : p);
  if (sources.cited.length) {
    out.push(p, `${p} Sources:`);
    for (const c of sources.cited) {
      out.push(`${p} - [${statusText(c)}] ${citationLabel(c)}: ${c.reason}`);
      const excerpt = excerptOf(c);
      if (excerpt) for (const l of excerpt.split('\n')) out.push(`${p}     ${l}`);
    }
  }
  if (sources.consulted.length) out.push(p, `${p} Also consulted (read, not cited): ${sources.consulted.map((s) => s.ref).join(', ')}`);
  return out.join('\n') + '\n';
}

function sourceLink(c: CheckedCitation, fromDir: string): string {
  if (c.kind === 'url') return `<${c.ref}>`;
  const label = escapeText(citationLabel(c));
  // A file that does not exist gets no link: it would open nothing.
  if (c.status === 'missing' && /^no such file|not inside the workspace|no longer exists/.test(c.reason)) return `\`${citationLabel(c)}\``;
  const line = c.lines ? `#L${c.lines.split('-')[0]}` : '';
  return `[${label}](${relativeLink(fromDir, c.ref)}${line})`;
}

/** A link from a document in `fromDir` to workspace file `to`, both workspace-relative POSIX; each segment percent-encoded. */
export function relativeLink(fromDir: string, to: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const target = to.split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < target.length - 1 && from[i] === target[i]) i++;
  const parts = [...from.slice(i).map(() => '..'), ...target.slice(i)];
  return parts.map((s) => (s === '..' ? s : encodeURIComponent(s))).join('/');
}

function excerptOf(c: CheckedCitation): string | undefined {
  if (!c.snippet) return undefined;
  const lines = c.snippet.split('\n').slice(0, EXCERPT_LINES);
  return lines.map((l) => (l.length > 160 ? l.slice(0, 160) + '…' : l)).join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...text.split('\n'), fence];
}

function escapeText(s: string): string {
  return s.replace(/([\\[\]*_`<>])/g, '\\$1');
}

function escapeInline(s: string): string {
  return s.replace(/([\\*_`<>[\]])/g, '\\$1');
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? flat.slice(0, 120) + '…' : flat;
}

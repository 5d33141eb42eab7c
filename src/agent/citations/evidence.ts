/**
 * What the agent actually saw in a run, folded from its events as they happen: for each workspace
 * file the lines shown by read_file (and search_text matches), for each URL the text fetch_url
 * returned (under the URL asked for and the final URL after redirects), and the URLs that only
 * appeared as web_search results. What a research_subtask child saw counts: it read it for this run. Built incrementally so the check at the end costs only lookups.
 */
import type { AgentEvent, ToolResultEvent } from '../events';
import { normalizeCitedPath, urlKey } from './paths';

/** What the run showed of one file. read_file results are parsed only when asked for: most files are never cited. */
export class FileSeen {
  private readonly shown = new Map<number, string>();
  private pending: string[] = [];
  /** Which tool showed which lines (0-0 when it showed none). */
  readonly via: Array<{ tool: string; start: number; end: number }> = [];
  /** True when the file was opened (even when it had no lines to show: empty or binary). */
  opened = false;

  /** Line number → the text shown (as the tool showed it). */
  get lines(): Map<number, string> {
    for (const content of this.pending) {
      for (const line of content.split('\n')) {
        const m = READ_LINE.exec(line);
        if (m) this.shown.set(Number(m[1]), m[2]);
      }
    }
    this.pending = [];
    return this.shown;
  }

  addRead(content: string, range: string | undefined): void {
    this.opened = true;
    this.pending.push(content);
    const m = range ? /^(\d+)-(\d+)$/.exec(range) : null;
    this.via.push({ tool: 'read_file', start: m ? Number(m[1]) : 0, end: m ? Number(m[2]) : 0 });
  }

  addMatch(line: number, text: string): void {
    if (!this.shown.has(line)) this.shown.set(line, text);
    this.via.push({ tool: 'search_text', start: line, end: line });
  }
}

export interface PageSeen {
  url: string;
  finalUrl: string;
  /** The page text the agent read, every part fetched, whitespace removed (for quotes). */
  compact: string;
  /** The start of what it read, for a Sources list. */
  excerpt: string;
  title?: string;
  parts: Set<number>;
}

export interface FailedFetch {
  url: string;
  error: string;
}

const READ_LINE = /^ *(\d+)\| ?(.*)$/;
const SEARCH_LINE = /^(.+?):(\d+): (.*)$/;
const FENCE_START = /^<<<UNTRUSTED_WEB_CONTENT id=\w+ source=.*>>>$/m;
const FENCE_END = /^<<<END_UNTRUSTED_WEB_CONTENT id=\w+>>>$/m;

export function compactText(text: string): string {
  return text.replace(/\s+/g, '');
}

export class Evidence {
  readonly files = new Map<string, FileSeen>();
  readonly pages = new Map<string, PageSeen>();
  readonly failedFetches = new Map<string, FailedFetch>();
  /** URL key → the query whose results listed it. */
  readonly searchResults = new Map<string, string>();
  private readonly args = new Map<string, Record<string, unknown>>();

  constructor(private readonly workspaceRoot?: string) {}

  static from(events: Iterable<AgentEvent>, workspaceRoot?: string): Evidence {
    const evidence = new Evidence(workspaceRoot);
    for (const e of events) evidence.observe(e);
    return evidence;
  }

  /**
   * `scope` keeps call ids apart: a subagent's events (subtask_event, nested for deeper children) count as
   * seen by the run that asked for them, and their ids may repeat the parent's.
   */
  observe(event: AgentEvent, scope = ''): void {
    if (event.type === 'subtask_event') {
      if (event.event && typeof event.event === 'object') this.observe(event.event, `${scope}${event.childRunId}/`);
      return;
    }
    if (event.type === 'tool_call') {
      if (event.args && typeof event.args === 'object') this.args.set(scope + event.call.id, event.args as Record<string, unknown>);
      return;
    }
    if (event.type !== 'tool_result') return;
    const args = this.args.get(scope + event.callId) ?? {};
    this.args.delete(scope + event.callId);
    switch (event.name) {
      case 'read_file':
        if (!event.isError) this.readFile(event, args);
        break;
      case 'search_text':
        if (!event.isError) this.searchText(event);
        break;
      case 'fetch_url':
        this.fetchUrl(event, args);
        break;
      case 'web_search':
        if (!event.isError) this.webSearch(event, args);
        break;
      default:
        break;
    }
  }

  private file(rawPath: string): FileSeen | undefined {
    const { path, outside } = normalizeCitedPath(rawPath, this.workspaceRoot);
    if (outside) return undefined;
    let seen = this.files.get(path);
    if (!seen) this.files.set(path, (seen = new FileSeen()));
    return seen;
  }

  private readFile(event: ToolResultEvent, args: Record<string, unknown>): void {
    const path = typeof event.details?.path === 'string' ? event.details.path : typeof args.path === 'string' ? args.path : undefined;
    if (path === undefined) return;
    const seen = this.file(path);
    if (!seen) return;
    seen.addRead(event.content, typeof event.details?.range === 'string' ? event.details.range : undefined);
  }

  private searchText(event: ToolResultEvent): void {
    for (const line of event.content.split('\n')) {
      if (line.startsWith('[')) continue;
      const m = SEARCH_LINE.exec(line);
      if (!m) continue;
      const seen = this.file(m[1]);
      if (!seen) continue;
      seen.addMatch(Number(m[2]), m[3]);
    }
  }

  private fetchUrl(event: ToolResultEvent, args: Record<string, unknown>): void {
    const d = event.details ?? {};
    const url = typeof d.url === 'string' ? d.url : typeof args.url === 'string' ? args.url.trim() : undefined;
    if (url === undefined) return;
    if (event.isError || typeof d.finalUrl !== 'string') {
      if (!this.pages.has(urlKey(url))) this.failedFetches.set(urlKey(url), { url, error: firstLine(event.content) });
      return;
    }
    const finalUrl = d.finalUrl;
    const body = pageBody(event.content);
    const page = this.pages.get(urlKey(url)) ?? this.pages.get(urlKey(finalUrl));
    const part = typeof d.page === 'number' ? d.page : 1;
    const title = /^Title: (.*)$/m.exec(event.content)?.[1];
    const entry: PageSeen = page ?? {
      url,
      finalUrl,
      compact: '',
      excerpt: body.slice(0, 400),
      parts: new Set(),
      ...(title ? { title } : {}),
    };
    if (!entry.parts.has(part)) {
      entry.parts.add(part);
      entry.compact += compactText(body);
    }
    this.pages.set(urlKey(url), entry);
    this.pages.set(urlKey(finalUrl), entry);
    this.failedFetches.delete(urlKey(url));
  }

  private webSearch(event: ToolResultEvent, args: Record<string, unknown>): void {
    const urls = event.details?.urls;
    if (!Array.isArray(urls)) return;
    const query = typeof args.query === 'string' ? args.query : '';
    for (const u of urls) if (typeof u === 'string' && !this.searchResults.has(urlKey(u))) this.searchResults.set(urlKey(u), query);
  }
}

/** The page text between the untrusted-content fence (the whole content when there is none). */
function pageBody(content: string): string {
  const start = FENCE_START.exec(content);
  if (!start) return content;
  const from = start.index + start[0].length + 1;
  const end = FENCE_END.exec(content.slice(from));
  return end ? content.slice(from, from + end.index) : content.slice(from);
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 160 ? line.slice(0, 160) + '…' : line;
}

/** "read_file 1-40" or "search_text line 12": the first tool call that showed `line`. */
export function shownBy(seen: FileSeen, line: number): string {
  const v = seen.via.find((x) => x.start <= line && line <= x.end) ?? seen.via[0];
  if (!v) return 'a tool';
  if (v.tool === 'search_text') return `search_text line ${v.start}`;
  return v.start ? `${v.tool} ${v.start === v.end ? v.start : `${v.start}-${v.end}`}` : v.tool;
}

/**
 * The findings check, shared by `research-copilot check-findings` and the editor's diagnostics: a
 * document's citations, each resolved to a workspace file and decided (decide.ts). In a git repository
 * a citation that was already in the document at its last commit is followed through the diff since
 * that commit; one written since, or any without history, is checked by its excerpt or its range.
 *
 * It remembers the last check of each document, so a check after some files changed (`changed`) reads
 * and diffs only those files and decides only the citations into them.
 */
import { decide, type Known } from './decide';
import { formerLines, parseUnifiedDiff } from './gitDiff';
import { diffLines } from './lineDiff';
import { FileLines } from './locate';
import { scanCitations } from './scan';
import type { CitationCheck, DocCitation, DocumentCheck, DocumentHistory, FileDiff, FindingsPort, LineRange } from './types';

export interface FindingsDocument {
  /** Workspace-relative POSIX path; undefined for a document outside the workspace (no history, links from the root). */
  path?: string;
  text: string;
}

interface DocState {
  text: string;
  citations: DocCitation[];
  commit: string | undefined;
  /** Citations that were in the document at its last commit, with the lines they cited then. */
  old: Map<DocCitation, LineRange | undefined>;
  /** What was read of each path (undefined: no such file), and which paths were diffed (a diff holds only the changed ones). */
  files: Map<string, FileLines | undefined>;
  diffed: Set<string>;
  diffs: Map<string, FileDiff>;
  /** Each diffed file's lines at the commit: a later change is compared with them here, without git. */
  former: Map<string, string[]>;
  checks: CitationCheck[];
}

export class FindingsChecker {
  private readonly states = new Map<string, DocState>();
  private readonly oldScans = new Map<string, DocCitation[]>();

  constructor(
    private readonly port: FindingsPort,
    private readonly options: { workspaceRoot?: string } = {},
  ) {}

  /**
   * Checks a document. Without `changed`, every cited file is read again. With `changed` (workspace
   * paths; may be empty), what the last check of this document read is trusted except those paths: a
   * document with the same text decides only the citations into them, an edited one reads nothing new
   * but what its new citations point at.
   */
  async check(doc: FindingsDocument, changed?: readonly string[]): Promise<DocumentCheck> {
    const key = doc.path ?? '';
    const history = doc.path === undefined ? undefined : await this.port.lastCommit(doc.path).catch(() => undefined);
    const prev = this.states.get(key);
    const reuse = prev && changed && prev.commit === history?.commit ? prev : undefined;
    const state = reuse && reuse.text === doc.text ? reuse : this.fresh(doc, history, reuse);
    for (const p of changed ?? []) {
      state.files.delete(p);
      state.diffed.delete(p);
      state.diffs.delete(p);
    }
    const stale = state === prev ? touching(state, changed ?? []) : new Set(state.citations);
    await this.readFiles(state, [...stale]);
    if (state.commit) await this.readDiffs(state, [...stale]);
    const byCitation = new Map(state.checks.map((c) => [c.citation, c]));
    state.checks = [];
    for (const c of state.citations) {
      const check = stale.has(c) ? this.decideOne(state, c) : byCitation.get(c);
      if (check) state.checks.push(check);
    }
    this.states.set(key, state);
    return { checks: state.checks, ...(state.commit ? { commit: state.commit } : {}) };
  }

  /** The workspace paths the last check of a document cited (every path each citation may mean). */
  citedPaths(document: string | undefined): string[] {
    const state = this.states.get(document ?? '');
    return state ? [...new Set(state.citations.flatMap((c) => c.paths))] : [];
  }

  forget(document: string | undefined): void {
    this.states.delete(document ?? '');
  }

  /** A new state for the document's text; what `reuse` read (same commit) carries over. */
  private fresh(doc: FindingsDocument, history: DocumentHistory | undefined, reuse: DocState | undefined): DocState {
    const citations = scanCitations(doc.text, this.scanOptions(doc.path));
    // A document as committed (the usual case) is not scanned twice: its citations then are these.
    const then = history && (history.text === doc.text ? citations : this.scanOld(doc, history.commit, history.text));
    const old = then ? pairWithOld(citations, then) : new Map<DocCitation, LineRange | undefined>();
    return {
      text: doc.text,
      citations,
      commit: history?.commit,
      old,
      files: new Map(reuse?.files),
      diffed: new Set(reuse?.diffed),
      diffs: new Map(reuse?.diffs),
      former: new Map(reuse?.former),
      checks: [],
    };
  }

  private scanOld(doc: FindingsDocument, commit: string, text: string): DocCitation[] {
    const key = `${commit}\0${doc.path}`;
    let found = this.oldScans.get(key);
    if (!found) {
      found = scanCitations(text, this.scanOptions(doc.path));
      if (this.oldScans.size > 64) this.oldScans.clear();
      this.oldScans.set(key, found);
    }
    return found;
  }

  private scanOptions(document: string | undefined) {
    return {
      ...(document !== undefined ? { document } : {}),
      ...(this.options.workspaceRoot ? { workspaceRoot: this.options.workspaceRoot } : {}),
    };
  }

  /** Reads what the citations may mean: each one's first path, then the next for those whose first does not exist. */
  private async readFiles(state: DocState, citations: readonly DocCitation[]): Promise<void> {
    const rounds = citations.reduce((n, c) => Math.max(n, c.paths.length), 0);
    for (let round = 0; round < rounds; round++) {
      const wanted = new Set<string>();
      for (const c of citations) {
        if (round >= c.paths.length || c.paths.slice(0, round).some((p) => state.files.get(p))) continue;
        if (!state.files.has(c.paths[round])) wanted.add(c.paths[round]);
      }
      await Promise.all(
        [...wanted].map(async (p) => {
          const text = await this.port.readFile(p).catch(() => undefined);
          state.files.set(p, text === undefined ? undefined : new FileLines(text));
        }),
      );
    }
  }

  /**
   * The diff since the commit of the files that stale citations made then point at (every path it may
   * mean, for a file gone): compared here with the committed lines when they are known, else from git.
   */
  private async readDiffs(state: DocState, stale: readonly DocCitation[]): Promise<void> {
    const pathsOf = (c: DocCitation) => {
      const found = c.paths.find((p) => state.files.get(p));
      return found ? [found] : c.paths;
    };
    const wanted = [...new Set(stale.filter((c) => state.old.has(c)).flatMap(pathsOf))].filter((p) => !state.diffed.has(p));
    const viaGit: string[] = [];
    for (const p of wanted) {
      const before = state.former.get(p);
      const now = state.files.get(p);
      const hunks = before && diffLines(before, now?.lines ?? []);
      if (!hunks) viaGit.push(p);
      else {
        state.diffs.set(p, { path: p, deleted: !now, created: false, binary: false, hunks });
        state.diffed.add(p);
      }
    }
    if (viaGit.length === 0) return;
    const text = await this.port.diffSince(state.commit!, viaGit).catch(() => undefined);
    if (text === undefined) {
      state.old.clear(); // no diff, no following: the excerpts decide
      return;
    }
    const parsed = parseUnifiedDiff(text);
    for (const p of viaGit) {
      const diff = parsed.get(p);
      state.diffed.add(p);
      if (diff) state.diffs.set(p, diff);
      else state.diffs.delete(p);
      if (!diff?.binary && !diff?.created) state.former.set(p, formerLines(state.files.get(p)?.lines ?? [], diff?.hunks ?? []));
    }
  }

  private decideOne(state: DocState, c: DocCitation): CitationCheck | undefined {
    const ref = c.paths.find((p) => state.files.get(p)) ?? c.paths.find((p) => state.diffs.get(p)?.deleted) ?? c.paths[0];
    const file = state.files.get(ref);
    const diff = state.diffs.get(ref);
    if (c.weak && !file && !diff?.deleted) return undefined; // "example.com:443" in code: not a file of this workspace
    const known: Known = { ref, file };
    if (state.commit && state.old.has(c)) known.history = { commit: state.commit, lines: state.old.get(c), diff };
    return decide(c, known);
  }
}

/** The citations of the state that may point into any of these paths. */
function touching(state: DocState, changed: readonly string[]): Set<DocCitation> {
  const set = new Set(changed);
  return new Set(state.citations.filter((c) => c.paths.some((p) => set.has(p))));
}

/**
 * Which citation at the last commit each citation now is. Per target file: when the document cites it
 * as many times as then, in order (a fix that rewrote the lines keeps its place); otherwise only a
 * citation written exactly as then (same lines) is the same one.
 */
export function pairWithOld(now: readonly DocCitation[], old: readonly DocCitation[]): Map<DocCitation, LineRange | undefined> {
  const pairs = new Map<DocCitation, LineRange | undefined>();
  const group = (list: readonly DocCitation[]) => {
    const m = new Map<string, DocCitation[]>();
    for (const c of list) {
      const same = m.get(c.paths[0]);
      if (same) same.push(c);
      else m.set(c.paths[0], [c]);
    }
    return m;
  };
  const before = group(old);
  for (const [target, cites] of group(now)) {
    const then = before.get(target) ?? [];
    if (then.length === cites.length) {
      cites.forEach((c, i) => pairs.set(c, then[i].lines));
      continue;
    }
    const left = then.map((c) => rangeKey(c.lines));
    for (const c of cites) {
      const i = left.indexOf(rangeKey(c.lines));
      if (i < 0) continue;
      left.splice(i, 1);
      pairs.set(c, c.lines);
    }
  }
  return pairs;
}

function rangeKey(r: LineRange | undefined): string {
  return r ? `${r.start}-${r.end}` : '';
}

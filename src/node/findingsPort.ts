/**
 * The findings check's port over the machine: workspace files, and the document's history from `git`
 * (run in the workspace folder, no network). A repository's own configuration cannot make these commands
 * run programs: no external diff, no textconv, no fsmonitor, no signature checks, no optional locks (the
 * user's index is never rewritten). Without git, or with `git: false` (an untrusted workspace), there is
 * no history and the excerpts decide.
 * Files are read as workspaceText.ts reads them: confined, whole, at once.
 */
import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { DocumentHistory, FindingsPort } from '../agent/findings/types';
import { readWorkspaceText } from './workspaceText';

export interface NodeFindingsPortOptions {
  /** Use git for the history (default true). */
  git?: boolean;
  /** The git binary (default `git` on PATH). */
  gitPath?: string;
}

/** Paths per `git diff` command line, well under any system's argument limit. */
const PATHS_PER_DIFF = 1000;
const GIT_CONFIG = [
  '-c',
  'core.quotePath=false',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'diff.noprefix=false',
];
const COMMIT = /^[0-9a-f]{40,64}$/;

export class NodeFindingsPort implements FindingsPort {
  private readonly realRoot: string;
  private readonly git: boolean;
  private readonly gitPath: string;
  /** A document's text at a commit never changes: asked once. */
  private readonly shown = new Map<string, Promise<string | undefined>>();
  /** Each document's last commit, with the state of the git folder then. */
  private readonly lastCommits = new Map<string, { stamp: string; commit: string | undefined }>();

  constructor(
    readonly root: string,
    options: NodeFindingsPortOptions = {},
  ) {
    this.realRoot = realpathSync(root);
    this.git = options.git ?? true;
    this.gitPath = options.gitPath ?? 'git';
  }

  async readFile(path: string): Promise<string | undefined> {
    return readWorkspaceText(this.realRoot, path);
  }

  async lastCommit(document: string): Promise<DocumentHistory | undefined> {
    if (!this.git) return undefined;
    const commit = await this.commitOf(document);
    if (!commit) return undefined;
    const key = `${commit}\0${document}`;
    let text = this.shown.get(key);
    if (!text) {
      text = this.run(['show', `${commit}:./${document}`]).catch(() => undefined);
      if (this.shown.size > 256) this.shown.clear();
      this.shown.set(key, text);
    }
    const shown = await text;
    return shown === undefined ? undefined : { commit, text: shown };
  }

  async diffSince(commit: string, paths: readonly string[]): Promise<string | undefined> {
    if (!this.git || !COMMIT.test(commit)) return undefined;
    const args = ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--relative'];
    args.push('--src-prefix=a/', '--dst-prefix=b/', commit, '--');
    const parts: string[] = [];
    for (let i = 0; i < paths.length; i += PATHS_PER_DIFF) parts.push(await this.run([...args, ...paths.slice(i, i + PATHS_PER_DIFF)]));
    return parts.join('');
  }

  /**
   * `git log -1` for the document, asked again only when the git folder shows a change (its HEAD, the
   * HEAD reflog or the index rewritten): a commit, checkout, reset or merge touches one of them.
   */
  private async commitOf(document: string): Promise<string | undefined> {
    const dir = gitDirOf(this.realRoot);
    const stamp = dir === undefined ? undefined : gitStamp(dir);
    const known = this.lastCommits.get(document);
    if (stamp && known?.stamp === stamp) return known.commit;
    const out = await this.run(['log', '-1', '--format=%H', '--', document]).catch(() => undefined);
    const commit = out?.trim();
    const found = commit && COMMIT.test(commit) ? commit : undefined;
    if (stamp) this.lastCommits.set(document, { stamp, commit: found });
    return found;
  }

  private run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        this.gitPath,
        ['--literal-pathspecs', '-C', this.root, ...GIT_CONFIG, ...args],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          timeout: 30_000,
          windowsHide: true,
          env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
        },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });
  }
}

/**
 * The git folder of the repository holding `dir`: the nearest `.git` folder above it, or the folder a
 * `.git` file names (a worktree, a submodule). Undefined outside a repository (then git itself decides).
 */
function gitDirOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    try {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const named = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (named) return isAbsolute(named) ? named : join(d, named);
    } catch {
      // no .git here
    }
    if (dirname(d) === d) return undefined;
  }
}

/** The size and time of the files a commit, checkout, reset or merge rewrites; undefined when they cannot be read. */
function gitStamp(dir: string): string | undefined {
  const parts: string[] = [];
  for (const name of ['HEAD', join('logs', 'HEAD'), 'index']) {
    try {
      const st = statSync(join(dir, name), { bigint: true });
      parts.push(`${st.size}:${st.mtimeNs}:${st.ino}`);
    } catch {
      if (name === 'HEAD') return undefined;
      parts.push('-');
    }
  }
  return parts.join('|');
}

/** The workspace-relative POSIX path of a file under the folder `root`; undefined outside it. */
export function workspacePath(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

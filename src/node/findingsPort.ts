/**
 * The findings check's port over the machine: workspace files read through the confined NodeWorkspace,
 * and the document's history from `git` (run in the workspace folder, no network). A repository's own
 * configuration cannot make these commands run programs: no external diff, no textconv, no fsmonitor,
 * no signature checks, no optional locks (the user's index is never rewritten). Without git, or with
 * `git: false` (an untrusted workspace), there is no history and the excerpts decide.
 */
import { execFile } from 'node:child_process';
import { isAbsolute, relative, sep } from 'node:path';
import type { DocumentHistory, FindingsPort } from '../agent/findings/types';
import type { FileSource } from '../agent/citations/types';
import { citationFiles } from '../tools/citationFiles';
import { NodeWorkspace } from './nodeWorkspace';

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

export class NodeFindingsPort implements FindingsPort {
  private readonly files: FileSource;
  private readonly git: boolean;
  private readonly gitPath: string;
  /** A document's text at a commit never changes: asked once. */
  private readonly shown = new Map<string, Promise<string | undefined>>();

  constructor(
    readonly root: string,
    options: NodeFindingsPortOptions = {},
  ) {
    this.files = citationFiles(new NodeWorkspace(root, { ripgrep: false }));
    this.git = options.git ?? true;
    this.gitPath = options.gitPath ?? 'git';
  }

  readFile(path: string): Promise<string | undefined> {
    return this.files(path);
  }

  async lastCommit(document: string): Promise<DocumentHistory | undefined> {
    if (!this.git) return undefined;
    const out = await this.run(['log', '-1', '--format=%H', '--', document]).catch(() => undefined);
    const commit = out?.trim();
    if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
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
    if (!this.git || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
    const args = ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--relative'];
    args.push('--src-prefix=a/', '--dst-prefix=b/', commit, '--');
    const parts: string[] = [];
    for (let i = 0; i < paths.length; i += PATHS_PER_DIFF) parts.push(await this.run([...args, ...paths.slice(i, i + PATHS_PER_DIFF)]));
    return parts.join('');
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

/** The workspace-relative POSIX path of a file under the folder `root`; undefined outside it. */
export function workspacePath(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

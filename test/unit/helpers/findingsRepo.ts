/** A real workspace folder for the findings check: files on disk, optionally a git repository with commits. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FindingsChecker } from '../../../src/agent/findings/checker';
import type { FindingsPort } from '../../../src/agent/findings/types';
import { NodeFindingsPort } from '../../../src/node/findingsPort';

export interface FindingsRepo {
  root: string;
  write(rel: string, text: string): void;
  read(rel: string): string;
  remove(rel: string): void;
  /** Commits everything (a git repository only). */
  commit(message?: string): void;
  port: FindingsPort;
  checker(): FindingsChecker;
  /** [citation as written, status, nowLines] for each citation of the document, checked now. */
  statuses(doc: string): Promise<Array<[string, string, string]>>;
  close(): void;
}

export function findingsRepo(files: Record<string, string>, options: { git: boolean }): FindingsRepo {
  const root = mkdtempSync(join(tmpdir(), 'rc-findings-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const repo: FindingsRepo = {
    root,
    write: (rel, text) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    },
    read: (rel) => readFileSync(join(root, rel), 'utf8'),
    remove: (rel) => unlinkSync(join(root, rel)),
    commit: (message = 'commit') => {
      git('add', '-A');
      git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '--no-gpg-sign', '-m', message);
    },
    port: new NodeFindingsPort(root, { git: options.git }),
    checker: () => new FindingsChecker(repo.port, { workspaceRoot: root }),
    statuses: async (doc) => {
      const r = await repo.checker().check({ path: doc, text: repo.read(doc) });
      return r.checks.map((c) => [c.citation.raw, c.status, c.nowLines ? `${c.nowLines.start}-${c.nowLines.end}` : '']);
    },
    close: () => rmSync(root, { recursive: true, force: true }),
  };
  if (options.git) git('init', '-q', '-b', 'main');
  for (const [rel, text] of Object.entries(files)) repo.write(rel, text);
  return repo;
}

/** Runs `body` with a fresh repository, removed afterwards. */
export async function withRepo(
  files: Record<string, string>,
  options: { git: boolean },
  body: (r: FindingsRepo) => Promise<void>,
): Promise<void> {
  const r = findingsRepo(files, options);
  try {
    await body(r);
  } finally {
    r.close();
  }
}

export const GREET = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n';
export const LIST = 'const one = 1;\nconst two = 2;\nconst three = 3;\nconst four = 4;\nconst five = 5;\n';

/** A document as Insert Findings writes it into docs/notes.md: the answer, then the Sources list with an excerpt. */
export const NOTES = [
  '# Notes',
  '',
  'The greeting is built in `src/greet.ts:2`; the list starts at `src/list.txt:1-2`.',
  '',
  '**Sources**',
  '',
  '- [src/greet.ts:2](../src/greet.ts#L2) — *verified*: quote found at line 2, which was shown',
  '  ```',
  '    return `Hello, ${name}!`;',
  '  ```',
  '- [src/list.txt:1-2](../src/list.txt#L1) — *verified*: lines 1-2 shown by read_file 1-5',
  '  ```',
  '  const one = 1;',
  '  const two = 2;',
  '  ```',
  '',
].join('\n');

/**
 * `research-copilot check-findings [--workspace DIR] [--fix] [--json] FILE...`: the citations in Markdown
 * documents checked against the workspace now (src/agent/findings), as a CI check: exit 0 when every
 * citation is current, 1 when any is not, 2 on a usage error. `--fix` rewrites moved citations in place.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FindingsChecker } from '../agent/findings/checker';
import { applyEdits, fixEdits } from '../agent/findings/fix';
import { citationJson, describeCheck, summarizeChecks, type FindingsJsonFile } from '../agent/findings/report';
import type { CitationCheck } from '../agent/findings/types';
import { NodeFindingsPort, workspacePath } from '../node/findingsPort';
import { EXIT, fail } from './exit';
import { flag, parseLine, read, usageOf, UsageError, type CommandSpec } from './flags';

export interface CheckFindingsArgs {
  command: 'check-findings';
  workspace?: string;
  fix: boolean;
  json: boolean;
  files: string[];
}

const f = flag<CheckFindingsArgs>();

export const CHECK_FINDINGS: CommandSpec<CheckFindingsArgs> = {
  name: 'check-findings',
  synopsis: '[--workspace DIR] [--fix] [--json] FILE...',
  about: [
    'Checks every workspace citation in the Markdown files given (inline code path:line, links with #L',
    'anchors, the Sources entries Insert Findings and Export write) against the workspace now: current,',
    "moved, changed or missing. In a git repository a citation's lines are followed through the changes",
    'since the document was last committed; otherwise its excerpt decides.',
  ].join('\n'),
  flags: [
    f({
      name: '--workspace',
      kind: 'value',
      value: 'DIR',
      help: 'the workspace folder',
      default: 'current directory',
      key: 'workspace',
      read: read.text,
    }),
    f({
      name: '--fix',
      kind: 'switch',
      help: 'rewrite moved citations in place (label, #L anchor, Sources entry); nothing else in the file changes',
      key: 'fix',
      read: read.present,
    }),
    f({ name: '--json', kind: 'switch', help: 'print {"files":[{"file","citations":[…]}]}', key: 'json', read: read.present }),
  ],
  notes: 'Exit status: 0 every citation current (after --fix); 1 any moved, changed or missing; 2 usage error.',
};

export function parseCheckFindingsArgs(rest: readonly string[]): CheckFindingsArgs {
  const { fields, positional } = parseLine(CHECK_FINDINGS, rest, {}, '');
  if (positional.length === 0) throw new UsageError(`check-findings takes one or more Markdown files\n${usageOf(CHECK_FINDINGS)}`);
  return { fix: false, json: false, ...fields, command: 'check-findings', files: positional };
}

interface Checked {
  file: string;
  checks: CitationCheck[];
  /** How many moved citations --fix rewrote. */
  fixed: number;
}

export async function checkFindingsCommand(args: CheckFindingsArgs, cwd = process.cwd()): Promise<number> {
  const root = resolve(cwd, args.workspace ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) return fail(EXIT.usage, `--workspace ${args.workspace ?? root} is not a folder`);
  for (const file of args.files) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) return fail(EXIT.usage, `${file}: no such file`);
    if (!statSync(path).isFile()) return fail(EXIT.usage, `${file}: not a file`);
  }
  const checker = new FindingsChecker(new NodeFindingsPort(root), { workspaceRoot: root });
  const results: Checked[] = [];
  for (const file of args.files) results.push(await checkOne(checker, root, resolve(cwd, file), file, args.fix));
  if (args.json) {
    const files: FindingsJsonFile[] = results.map((r) => ({ file: r.file, citations: r.checks.map(citationJson) }));
    process.stdout.write(JSON.stringify({ files }, null, 2) + '\n');
  } else for (const r of results) process.stdout.write(report(r));
  const open = results.some((r) => r.checks.some((c) => c.status !== 'current' && !(c.status === 'moved' && r.fixed > 0)));
  return open ? 1 : EXIT.ok;
}

async function checkOne(checker: FindingsChecker, root: string, path: string, file: string, fix: boolean): Promise<Checked> {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const doc = workspacePath(root, path);
  const { checks } = await checker.check({ ...(doc !== undefined ? { path: doc } : {}), text });
  const edits = fix ? fixEdits(checks) : [];
  if (edits.length === 0) return { file, checks, fixed: 0 };
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    process.stderr.write(`research-copilot: ${file} is not valid UTF-8; it was not rewritten\n`);
    return { file, checks, fixed: 0 };
  }
  writeFileSync(path, applyEdits(text, edits));
  const fixed = checks.filter((c) => c.status === 'moved').length;
  process.stderr.write(`research-copilot: ${file}: ${fixed} moved citation${fixed === 1 ? '' : 's'} rewritten\n`);
  return { file, checks, fixed };
}

/** One line per citation that is not current (`FILE:LINE: …`), then the file's summary. */
function report(r: Checked): string {
  const lines = r.checks
    .filter((c) => c.status !== 'current')
    .map((c) => `${r.file}:${c.citation.line}: ${describeCheck(c)}${c.status === 'moved' && r.fixed ? ' (fixed)' : ''}`);
  return [...lines, `${r.file}: ${summarizeChecks(r.checks)}`, ''].join('\n');
}

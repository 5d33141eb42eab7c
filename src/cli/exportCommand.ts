/** `research-copilot export TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]`. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../agent/citations/types';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { exportRun, type ExportFormat } from '../node/export/exportRun';
import { readTrajectory } from '../node/trajectoryFile';
import { citationFiles } from '../tools/citationFiles';
import { flag, parseLine, read, usageOf, UsageError, type CommandSpec } from './flags';

export interface ExportArgs {
  command: 'export';
  trajectory: string;
  format: ExportFormat;
  out?: string;
  workspace?: string;
}

const x = flag<ExportArgs>();
const FORMATS: readonly ExportFormat[] = ['md', 'html'];

export const EXPORT: CommandSpec<ExportArgs> = {
  name: 'export',
  synopsis: 'TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]',
  about: [
    'Writes a recorded run as a Markdown report (question, answer, sources with their status, one line',
    'per tool call) or as one self-contained HTML file of the whole trajectory that opens offline.',
    "Standard output without --out. Citations are checked against DIR (default: the run's workspace).",
  ].join('\n'),
  flags: [
    x({
      name: '--format',
      kind: 'value',
      value: 'md|html',
      help: 'a Markdown report or one HTML file',
      key: 'format',
      read: (given) => FORMATS.find((f) => f === given.at(-1)),
    }),
    x({ name: '--out', kind: 'value', value: 'FILE', help: 'where to write it', default: 'standard output', key: 'out', read: read.text }),
    x({
      name: '--workspace',
      kind: 'value',
      value: 'DIR',
      help: 'the folder citations are checked against',
      default: "the run's workspace",
      key: 'workspace',
      read: read.text,
    }),
  ],
};

export function parseExportArgs(rest: readonly string[]): ExportArgs {
  const { fields, positional } = parseLine(EXPORT, rest, {}, '');
  if (positional.length !== 1) throw new UsageError(`export takes one trajectory file\n${usageOf(EXPORT)}`);
  if (!fields.format) throw new UsageError('--format must be md or html');
  return { ...fields, command: 'export', trajectory: positional[0], format: fields.format };
}

export async function exportCommand(args: ExportArgs): Promise<{ code: number; message?: string }> {
  if (!existsSync(args.trajectory)) return { code: 2, message: `${args.trajectory}: no such file` };
  let events;
  try {
    events = readTrajectory(args.trajectory);
  } catch (e) {
    return { code: 2, message: `${args.trajectory}: ${(e as Error).message}` };
  }
  const start = events.find((e) => e.type === 'run_start');
  const folder = args.workspace ?? (start?.type === 'run_start' ? start.workspace : undefined);
  const root = folder && existsSync(folder) && statSync(folder).isDirectory() ? resolve(folder) : undefined;
  if (args.workspace && !root) return { code: 2, message: `--workspace ${args.workspace} is not a folder` };
  const files: FileSource = root ? citationFiles(new NodeWorkspace(root)) : async () => undefined;
  const out = args.out ? resolve(args.out) : undefined;
  const rel = root && out ? relative(root, dirname(out)) : '';
  const fromDir = rel && !rel.startsWith('..') ? rel.split(sep).join('/') : '';
  let text: string;
  try {
    text = await exportRun(events, args.format, { files, ...(root ? { workspaceRoot: root } : {}), fromDir });
  } catch (e) {
    return { code: 2, message: (e as Error).message };
  }
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return { code: 0 };
}

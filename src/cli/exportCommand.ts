/** `research-copilot export TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]`. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../agent/citations/types';
import { NodeWorkspace } from '../node/nodeWorkspace';
import { exportRun, type ExportFormat } from '../node/export/exportRun';
import { readTrajectory } from '../node/trajectoryFile';
import { citationFiles } from '../tools/citationFiles';
import { UsageError } from './args';

export interface ExportArgs {
  command: 'export';
  trajectory: string;
  format: ExportFormat;
  out?: string;
  workspace?: string;
}

export const EXPORT_USAGE = `Usage: research-copilot export TRAJECTORY.jsonl --format md|html [--out FILE] [--workspace DIR]

Writes a recorded run as a Markdown report (question, answer, sources with their status, one line
per tool call) or as one self-contained HTML file of the whole trajectory that opens offline.
Standard output without --out. Citations are checked against DIR (default: the run's workspace).`;

export function parseExportArgs(rest: readonly string[]): ExportArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (['--format', '--out', '--workspace'].includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg} for export`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(`export takes one trajectory file\n${EXPORT_USAGE}`);
  const format = values.get('--format');
  if (format !== 'md' && format !== 'html') throw new UsageError('--format must be md or html');
  return {
    command: 'export',
    trajectory: positional[0],
    format,
    ...(values.has('--out') ? { out: values.get('--out')! } : {}),
    ...(values.has('--workspace') ? { workspace: values.get('--workspace')! } : {}),
  };
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

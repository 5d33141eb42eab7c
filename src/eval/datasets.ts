/**
 * Evaluation datasets: JSONL, one task a line, in one of three shapes told apart by their keys.
 * - GAIA's metadata.jsonl: task_id, Question, "Final answer", file_name (an attachment beside the file)
 * - BrowseComp-style: problem, answer (id optional)
 * - plain: id, question, answer, optional workspace (a folder, relative to the dataset file)
 * Anything else is refused with the line and the keys it has; nothing is guessed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';

export type DatasetFormat = 'gaia' | 'browsecomp' | 'plain';

export interface EvalTask {
  id: string;
  question: string;
  /** The gold answer. */
  answer: string;
  /** GAIA: the attachment to copy into the task's fresh workspace (absolute path). */
  attachment?: string;
  /** Plain form: a folder the task reads in place (never written: eval runs deny every write). */
  workspace?: string;
}

export interface Dataset {
  path: string;
  name: string;
  format: DatasetFormat;
  tasks: EvalTask[];
  /** sha256 of the file: a results folder belongs to one dataset. */
  sha256: string;
}

export class DatasetError extends Error {}

type Row = Record<string, unknown>;

export function loadDataset(file: string): Dataset {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new DatasetError(`${file}: no such file`);
  const text = readFileSync(path, 'utf8');
  const rows = parseLines(text, file);
  if (rows.length === 0) throw new DatasetError(`${file}: no tasks (expected JSONL, one JSON object a line)`);
  const format = detect(rows[0].row, rows[0].line, file);
  const tasks = rows.map(({ row, line }) => toTask(row, format, line, file, dirname(path)));
  const seen = new Set<string>();
  for (const t of tasks) {
    if (seen.has(t.id)) throw new DatasetError(`${file}: task id "${t.id}" appears twice`);
    seen.add(t.id);
  }
  return { path, name: basename(path), format, tasks, sha256: createHash('sha256').update(text).digest('hex') };
}

function parseLines(text: string, file: string): { row: Row; line: number }[] {
  const rows: { row: Row; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new DatasetError(`${file}:${i + 1}: not JSON (${(e as Error).message}); a dataset is JSONL, one task a line`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DatasetError(`${file}:${i + 1}: not a JSON object`);
    rows.push({ row: value as Row, line: i + 1 });
  });
  return rows;
}

function detect(row: Row, line: number, file: string): DatasetFormat {
  if ('Question' in row && 'Final answer' in row) return 'gaia';
  if ('problem' in row && 'answer' in row) return 'browsecomp';
  if ('question' in row && 'answer' in row) return 'plain';
  throw new DatasetError(
    `${file}:${line}: unknown dataset format (keys: ${Object.keys(row).join(', ') || 'none'}). Expected GAIA metadata.jsonl ` +
      `(task_id, Question, "Final answer", file_name), BrowseComp-style (problem, answer) or plain (id, question, answer, workspace?)`,
  );
}

function text(row: Row, key: string, line: number, file: string, optional = false): string | undefined {
  const v = row[key];
  if (v === undefined || v === null || v === '') {
    if (optional) return undefined;
    throw new DatasetError(`${file}:${line}: "${key}" is missing`);
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new DatasetError(`${file}:${line}: "${key}" must be a string`);
  return v;
}

function toTask(row: Row, format: DatasetFormat, line: number, file: string, base: string): EvalTask {
  const t = (key: string, optional = false) => text(row, key, line, file, optional);
  switch (format) {
    case 'gaia': {
      const task: EvalTask = { id: checkId(t('task_id')!, line, file), question: t('Question')!, answer: t('Final answer')! };
      const name = t('file_name', true);
      if (name) task.attachment = inside(base, name, line, file, 'file');
      return task;
    }
    case 'browsecomp':
      return { id: checkId(t('id', true) ?? `line-${line}`, line, file), question: t('problem')!, answer: t('answer')! };
    case 'plain': {
      const task: EvalTask = { id: checkId(t('id')!, line, file), question: t('question')!, answer: t('answer')! };
      const ws = t('workspace', true);
      if (ws) task.workspace = inside(base, ws, line, file, 'folder', true);
      return task;
    }
  }
}

/** Ids become file names: keep them to a safe alphabet. */
function checkId(id: string, line: number, file: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(id) || id.startsWith('.'))
    throw new DatasetError(`${file}:${line}: task id "${id.slice(0, 60)}" must be 1-100 of A-Z a-z 0-9 . _ - (not starting with .)`);
  return id;
}

/** An attachment must sit beside the dataset (GAIA's layout); a workspace may be anywhere the user points. */
function inside(base: string, rel: string, line: number, file: string, kind: 'file' | 'folder', anywhere = false): string {
  const path = isAbsolute(rel) ? rel : resolve(base, rel);
  if (!anywhere && !path.startsWith(base + '/'))
    throw new DatasetError(`${file}:${line}: ${kind} "${rel}" is outside the dataset's folder`);
  if (!existsSync(path)) throw new DatasetError(`${file}:${line}: ${kind} "${rel}" not found (looked at ${path})`);
  const isDir = statSync(path).isDirectory();
  if (isDir !== (kind === 'folder')) throw new DatasetError(`${file}:${line}: "${rel}" is not a ${kind}`);
  return path;
}

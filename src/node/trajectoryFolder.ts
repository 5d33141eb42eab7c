/**
 * Runs on disk: one JSONL trajectory per research session (a run and the follow-ups asked after it)
 * under the extension's global storage.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../agent/events';
import { readTrajectory } from './trajectoryFile';

export interface StoredTrajectory {
  runId: string;
  path: string;
  /** The session's first question. */
  question: string;
  startedAt: number;
  /** Questions asked in the session: the first and each follow-up. */
  turns: number;
  /** When the file was last written (the session last used). */
  lastUsed: number;
}

/** How a follow-up's first line starts on disk (the writer puts `type` first): counted, not parsed. */
const TURN_MARK = Buffer.from('\n{"type":"session_turn"');

const RUN_ID = /^[A-Za-z0-9-]{8,64}$/;

export class TrajectoryFolder {
  /** Turns counted per file, kept while the file's size and time stay the same. */
  private readonly counted = new Map<string, { size: number; mtimeMs: number; turns: number }>();

  constructor(readonly folder: string) {}

  pathFor(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
    return join(this.folder, `${runId}.jsonl`);
  }

  read(runId: string): AgentEvent[] {
    return readTrajectory(this.pathFor(runId));
  }

  /** Most recently used first; reads each file's first line, and counts its turns once per change. */
  list(): StoredTrajectory[] {
    let names: string[];
    try {
      names = readdirSync(this.folder).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return [];
    }
    const runs: StoredTrajectory[] = [];
    for (const name of names) {
      const path = join(this.folder, name);
      try {
        const first = JSON.parse(firstLine(path)) as AgentEvent;
        if (first.type !== 'run_start') continue;
        const stat = statSync(path);
        runs.push({
          runId: first.runId,
          path,
          question: first.question,
          startedAt: first.t ?? stat.mtimeMs,
          turns: this.turnsOf(path, stat.size, stat.mtimeMs),
          lastUsed: stat.mtimeMs,
        });
      } catch {
        // not a trajectory
      }
    }
    return runs.sort((a, b) => b.lastUsed - a.lastUsed);
  }

  private turnsOf(path: string, size: number, mtimeMs: number): number {
    const known = this.counted.get(path);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.turns;
    const turns = 1 + countMarks(path, TURN_MARK);
    this.counted.set(path, { size, mtimeMs, turns });
    return turns;
  }
}

/** Occurrences of `mark` in a file, read a megabyte at a time. */
function countMarks(path: string, mark: Buffer): number {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let count = 0;
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = Buffer.concat([carry, chunk.subarray(0, n)]);
      for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + mark.length)) count++;
      carry = Buffer.from(text.subarray(Math.max(0, text.length - mark.length + 1)));
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  let text: string;
  try {
    text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/** Runs on disk: one JSONL trajectory per run under the extension's global storage. */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../agent/events';
import { readTrajectory } from './trajectoryFile';

export interface StoredTrajectory {
  runId: string;
  path: string;
  question: string;
  startedAt: number;
}

const RUN_ID = /^[A-Za-z0-9-]{8,64}$/;

export class TrajectoryFolder {
  constructor(readonly folder: string) {}

  pathFor(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
    return join(this.folder, `${runId}.jsonl`);
  }

  read(runId: string): AgentEvent[] {
    return readTrajectory(this.pathFor(runId));
  }

  /** Newest first; reads only each file's first line. */
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
        runs.push({ runId: first.runId, path, question: first.question, startedAt: first.t ?? statSync(path).mtimeMs });
      } catch {
        // not a trajectory
      }
    }
    return runs.sort((a, b) => b.startedAt - a.startedAt);
  }
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

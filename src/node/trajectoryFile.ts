/**
 * The trajectory on disk: one JSON event per line, appended with a synchronous write as each event
 * happens, so a crash loses nothing already done. Secrets are redacted before anything is written.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentEvent } from '../agent/events';
import type { Redactor } from '../agent/consent/redact';

export class TrajectoryWriter {
  private fd: number | undefined;
  /** First write error, if any; later events are dropped rather than ending the run. */
  error: Error | undefined;

  constructor(
    readonly path: string,
    private readonly redact: Redactor,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
    // Appending after a torn last line (a crash mid-write) must start on a line of its own.
    if (fstatSync(this.fd).size > 0 && !endsWithNewline(path)) writeSync(this.fd, '\n');
  }

  write = (event: AgentEvent): void => {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, this.redact(JSON.stringify(event)) + '\n');
    } catch (e) {
      this.error ??= e as Error;
    }
  };

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Reads a trajectory. Lines are written whole, so a line that does not parse is what a crash
 * mid-write leaves (at the end, or before a resumed run's lines): it is skipped. A file with no
 * event at all is an error.
 */
export function readTrajectory(path: string): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as AgentEvent;
      if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
    } catch {
      // a torn line
    }
  }
  if (events.length === 0) throw new Error(`${path} holds no trajectory events`);
  return events;
}

function endsWithNewline(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(1);
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

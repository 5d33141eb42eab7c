/**
 * A research_subtask's child run as a run of its own, for its own panel: its events are unwrapped
 * from the parent's (subtask_event), so a finished or running child opens from the parent's
 * trajectory without a file of its own. No `vscode` import.
 */
import type { AgentEvent } from '../agent/events';
import { RunSession } from './runSession';

export function childEvents(parent: readonly AgentEvent[], childRunId: string): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (const e of parent) if (e.type === 'subtask_event' && e.childRunId === childRunId && e.event) out.push(e.event);
  return out;
}

/** The child's session (a snapshot of its events now), or undefined when the parent has no such child. */
export function childSession(parent: RunSession, childRunId: string): RunSession | undefined {
  const events = childEvents(parent.events, childRunId);
  if (events.length === 0) return undefined;
  return RunSession.fromEvents(childRunId, parent.trajectoryPath, events, () => childEvents(parent.events, childRunId));
}

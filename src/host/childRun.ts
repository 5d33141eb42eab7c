/**
 * A research_subtask's child run as a run of its own, for its own panel: its events are unwrapped
 * from the parent's (subtask_event), so a finished or running child opens from the parent's
 * trajectory without a file of its own. A child still running is followed live: its panel gets each
 * new event of that child as the parent's session receives it. Stop in a running child's panel stops
 * the run it belongs to (the parent and every child, as the parent's own Stop does): a child runs on its
 * parent's signal and has none of its own. No `vscode` import.
 */
import type { AgentEvent } from '../agent/events';
import { RunSession } from './runSession';

export function childEvents(parent: readonly AgentEvent[], childRunId: string): AgentEvent[] {
  const out: AgentEvent[] = [];
  for (const e of parent) if (e.type === 'subtask_event' && e.childRunId === childRunId && e.event) out.push(e.event);
  return out;
}

/** The child's session, or undefined when the parent has no such child. */
export function childSession(parent: RunSession, childRunId: string): RunSession | undefined {
  const events = childEvents(parent.events, childRunId);
  if (events.length === 0) return undefined;
  const ended = events.some((e) => e.type === 'run_end');
  if (ended || parent.status !== 'running')
    return RunSession.fromEvents(childRunId, parent.trajectoryPath, events, () => childEvents(parent.events, childRunId));
  const start = events.find((e) => e.type === 'run_start');
  const child = new RunSession(childRunId, start?.type === 'run_start' ? start.question : '(subagent)', parent.trajectoryPath, 'running');
  for (const e of events) child.push(e);
  // The child's session has a controller like any run's, but the agent listens only to the parent's.
  const stopTree = () => parent.controller.abort();
  child.controller.signal.addEventListener('abort', stopTree, { once: true });
  const off = parent.subscribe((m) => {
    if (m.type === 'events') {
      for (const e of m.events) if (e.type === 'subtask_event' && e.childRunId === childRunId && e.event) child.push(e.event);
    } else if (m.type === 'status' && m.status !== 'running' && child.status === 'running') {
      child.setStatus('stopped'); // the parent ended first (stopped, or failed) without this child's end
    }
    if (child.status !== 'running') {
      off();
      child.controller.signal.removeEventListener('abort', stopTree);
    }
  });
  return child;
}

/**
 * What a resumed parent knows of its children: for each research_subtask call (by turn and call id)
 * the child's run id, the child's own events (unwrapped from subtask_event) and whether its end was
 * recorded, so the call resumes the same child instead of starting it again.
 */
import type { AgentEvent } from '../events';

export interface PriorChild {
  childRunId: string;
  events: AgentEvent[];
  /** subtask_end was written: its usage is already in the parent's figures. */
  ended: boolean;
}

export const childKey = (turn: number, callId: string): string => `${turn}:${callId}`;

/** Only children whose parent call has no result yet remain: the calls a resumed parent runs again. */
export function priorChildren(events: readonly AgentEvent[] | undefined): Map<string, PriorChild> {
  const byKey = new Map<string, PriorChild>();
  const byRun = new Map<string, PriorChild>();
  for (const e of events ?? []) {
    if (e.type === 'subtask_start') {
      const child: PriorChild = { childRunId: e.childRunId, events: [], ended: false };
      byKey.set(childKey(e.turn, e.callId), child);
      byRun.set(e.childRunId, child);
    } else if (e.type === 'subtask_event' && e.event && typeof e.event === 'object') {
      byRun.get(e.childRunId)?.events.push(e.event);
    } else if (e.type === 'subtask_end') {
      const child = byRun.get(e.childRunId);
      if (child) child.ended = true;
    } else if (e.type === 'tool_result') {
      // The parent has this call's result: it is never run again, so its child is never resumed.
      byKey.delete(childKey(e.turn, e.callId));
    } else if (e.type === 'attempt_start') {
      // Turn numbers and call ids start again in a new attempt; an earlier attempt's children are not its own.
      byKey.clear();
    }
  }
  return byKey;
}

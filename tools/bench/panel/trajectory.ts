/** The runs the benchmark shows, and how their size is counted. */
import type { AgentEvent, AgentEventBody, ToolResultEvent } from '../../../src/agent/events';
import { compactForSnapshot, type HostMessage } from '../../../src/shared/panelProtocol';
import { Gen, makeTrajectory } from '../../../test/webview/fixtures';
import { STEP_OBS } from './options';

/**
 * A run of `steps` tool steps: thinking text (reasoning every third turn), a call with arguments, an
 * observation of 0.3–6 KB (most collapse), and every 25th a long one of 20–60 KB (a fetched page);
 * a retry and context trims now and then (makeTrajectory of the tests).
 */
export function trajectory(steps: number, seed = 7): AgentEvent[] {
  const events = makeTrajectory({ steps, seed, finished: false, ...STEP_OBS });
  const g = new Gen(seed + 1000);
  let k = 0;
  for (const e of events) {
    if (e.type === 'tool_result' && !e.isError && ++k % 25 === 0) (e as ToolResultEvent).content = g.observation(g.int(20_000, 60_000));
  }
  return events;
}

export function snapshotOf(events: AgentEvent[]): HostMessage {
  return { type: 'snapshot', runId: 'run-0001', status: 'running', events: compactForSnapshot(events), approvals: [] };
}

export const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

/** What a step says: thinking text and reasoning, the call's arguments, the observation (UTF-8 bytes). */
export function contentBytes(bodies: AgentEventBody[]): number {
  let n = 0;
  for (const b of bodies) {
    if (b.type === 'assistant_message') n += Buffer.byteLength(b.text) + Buffer.byteLength(b.reasoning ?? '');
    else if (b.type === 'tool_call') n += Buffer.byteLength(b.call.arguments);
    else if (b.type === 'tool_result') n += Buffer.byteLength(b.content);
  }
  return n;
}

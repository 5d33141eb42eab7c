/**
 * Bytes per step through the real host code: a session holding `at` steps, a ResearchPanel that has
 * sent its snapshot, then steps pushed as a run pushes them, each group in its own 16 ms batch window:
 * turn_start; (streamed: the text in 20 deltas, one per window, the first with turn_start: a model
 * streaming at a steady pace;)
 * assistant_message + tool_call; after the tool ran, tool_result.
 */
import type { AgentEvent } from '../../../src/agent/events';
import { Gen, stepBodies, withSeq } from '../../../test/webview/fixtures';
import { openHostPanel, type HostPanel } from '../panel-host';
import { APPEND_AT, BYTES_STEPS, QUESTION, STEP_OBS } from './options';
import { bytes, contentBytes, snapshotOf, trajectory } from './trajectory';

export interface BytesRow {
  at: number;
  streamed: boolean;
  messages: number;
  sent: number;
  content: number;
  resend: number;
}

export interface SnapshotSize {
  steps: number;
  bytes: number;
}

/** What the host posted for one step. */
interface StepBytes {
  sent: number;
  messages: number;
  content: number;
  /** The same messages, each carrying the whole state instead. */
  resend: number;
}

export async function benchBytes(log: (s: string) => void): Promise<{ rows: BytesRow[]; snapshots: SnapshotSize[] }> {
  const rows: BytesRow[] = [];
  const snapshots: SnapshotSize[] = [];
  for (const at of APPEND_AT) {
    const history = trajectory(at);
    const host = openHostPanel('run-0001', QUESTION, history);
    const first = host.log.messages[0];
    if (first?.type !== 'snapshot') throw new Error('the host panel did not send a snapshot on ready');
    snapshots.push({ steps: at, bytes: bytes(first) });
    const cursor = { seq: history.at(-1)!.seq + 1 };
    for (const streamed of [false, true]) {
      const row = await scenario(host, at, streamed, cursor);
      rows.push(row);
      log(
        `bytes at ${at}${streamed ? ' (streamed)' : ''}: ${row.sent.toFixed(0)} B in ${row.messages.toFixed(1)} messages for ${row.content.toFixed(0)} B of content; re-send ${(row.resend / 1024).toFixed(0)} KiB`,
      );
    }
    host.dispose();
  }
  return { rows, snapshots };
}

/** BYTES_STEPS steps at one length, streamed or not: the averages. */
async function scenario(host: HostPanel, at: number, streamed: boolean, cursor: { seq: number }): Promise<BytesRow> {
  const g = new Gen(777); // the same steps at every length: only the history before them differs
  const steps: StepBytes[] = [];
  for (let k = 0; k < BYTES_STEPS; k++) {
    // Turn numbers ≡ the same mod 3 at every length, so the generator draws the same steps.
    const turn = 3 * Math.floor(at / 3) + 3 + k + (streamed ? 3 * BYTES_STEPS : 0);
    const bodies = stepBodies(g, turn, { ...STEP_OBS, deltas: streamed ? 20 : 0 });
    const events = withSeq(bodies, cursor.seq);
    cursor.seq += events.length;
    steps.push({ ...(await pushStep(host, events, streamed)), content: contentBytes(bodies) });
  }
  const mean = (key: keyof StepBytes) => steps.reduce((a, s) => a + s[key], 0) / steps.length;
  return { at, streamed, messages: mean('messages'), sent: mean('sent'), content: mean('content'), resend: mean('resend') };
}

/** Pushes one step's events into the session in batch windows, as a run emits them; counts what was posted. */
async function pushStep(host: HostPanel, events: AgentEvent[], streamed: boolean): Promise<Omit<StepBytes, 'content'>> {
  await host.flushed();
  host.log.messages.length = 0;
  const windows: AgentEvent[][] = streamed
    ? [[events[0], events[1]], ...events.slice(2, 21).map((e) => [e]), events.slice(21, 23), events.slice(23)]
    : [events.slice(0, 1), events.slice(1, 3), events.slice(3)];
  for (const w of windows) {
    for (const e of w) host.session.push(e);
    await host.flushed();
  }
  // Re-send-everything: each message posted for this step would carry the whole state instead.
  let resend = 0;
  let upTo = host.session.events.length - events.length;
  for (const m of host.log.messages) {
    if (m.type === 'events') upTo += m.events.length;
    resend += bytes(snapshotOf(host.session.events.slice(0, upTo)));
  }
  return { sent: host.log.messages.reduce((s, m) => s + bytes(m), 0), messages: host.log.messages.length, resend };
}

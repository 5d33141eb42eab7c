/**
 * Research sessions: a run is turn 1, and each follow-up is a run of its own, started through the one
 * run factory (the same tools, limits, approvals and budget), from a bounded record of the turns before
 * it (record.ts) instead of their hundreds of tool results. Its events append to the session's one
 * stream, so one trajectory holds the session: a session_turn first, a session_folded when old turns
 * were folded for the record, then the run's own events numbered on from the session's. The run sees
 * what the session saw (runFactory's `followUp`): a line read in an earlier turn counts as seen by the
 * citation check, and as read by the egress guard. The panel, @research and the CLI all come here.
 */
import { randomUUID } from 'node:crypto';
import type { AgentEvent, AgentEventBody, EventListener, SessionRecordFigures } from '../events';
import { DEFAULTS, runSettingsFrom } from '../defaults';
import type { Usage } from '../usage';
import { ModelError } from '../modelClient';
import { runEndOf, type RunFigures } from '../figures';
import { startRun, type RunRequest, type RunningAgent } from '../run/runFactory';
import { fitRecord, planRecord, SUMMARY_SHARE, type RecordInput, type SessionRecord } from './record';
import { foldTurns, type FoldContext } from './fold';
import { followUpTask } from './prompt';
import { latestFold, nextSeqOf, sessionIdOf, sessionTurns, type FoldState, type SessionTurn } from './turns';

export { sessionTurns, sessionProblem, sessionIdOf, type SessionTurn } from './turns';

/** A follow-up: the run factory's request, plus the session it continues. */
export interface FollowUpRequest extends Omit<RunRequest, 'followUp' | 'resume' | 'runId'> {
  /** Every event of the session so far (its trajectory). */
  session: readonly AgentEvent[];
  /** Tokens the record may take (default DEFAULTS.session.recordBudget). */
  recordBudget?: number;
}

/** What one turn of a session starts from. */
interface TurnPlan {
  turn: number;
  question: string;
  budget: number;
  /** The session's events before this turn, and its turns. */
  earlier: readonly AgentEvent[];
  turns: readonly SessionTurn[];
  /** This turn's own events so far (a resumed turn), its session events left out. */
  slice: AgentEvent[];
  /** The latest summary of old turns: an earlier turn's, or the one this turn recorded. */
  fold: FoldState | undefined;
  /** This turn already folded (it is resumed): its record is made from that fold, and what it cost counts. */
  folded: Usage | undefined;
}

/** Asks `r.question` as the session's next turn. */
export function askFollowUp(r: FollowUpRequest): RunningAgent {
  const { session, recordBudget, ...run } = r;
  const turns = sessionTurns(session);
  const plan: TurnPlan = {
    turn: turns.length + 1,
    question: r.question,
    budget: Math.max(1, Math.floor(recordBudget ?? DEFAULTS.session.recordBudget)),
    earlier: session,
    turns,
    slice: [],
    fold: latestFold(turns),
    folded: undefined,
  };
  const stream = new TurnStream(r.sinks, nextSeqOf(session), r.now ?? Date.now);
  stream.emit({ type: 'session_turn', turn: plan.turn, question: plan.question, recordBudget: plan.budget });
  return runTurn(run, plan, stream);
}

/**
 * Finishes the session's last turn where it was cut off (a crash, Stop, the budget): no tool call that
 * has its result runs again. A session of one turn (any trajectory from before sessions) resumes as a run.
 */
export function resumeSession(r: Omit<FollowUpRequest, 'question'>): RunningAgent {
  const { session, recordBudget: _ignored, ...run } = r;
  const turns = sessionTurns(session);
  const last = turns.at(-1);
  if (!last || last.turn === 1) return startRun({ ...run, question: last?.question ?? '', runId: sessionIdOf(session), resume: session });
  const before = turns.slice(0, -1);
  const own = session.slice(last.from, last.to);
  const plan: TurnPlan = {
    turn: last.turn,
    question: last.question,
    budget: last.recordBudget ?? DEFAULTS.session.recordBudget,
    earlier: session.slice(0, last.from),
    turns: before,
    slice: own.filter((e) => e.type !== 'session_turn' && e.type !== 'session_folded'),
    fold: last.fold ? { through: last.fold.through, summary: last.fold.summary } : latestFold(before),
    folded: last.fold?.usage,
  };
  return runTurn(run, plan, new TurnStream(r.sinks, nextSeqOf(session), r.now ?? Date.now));
}

/** The request a turn's run is made from (its question is the record plus what was asked). */
type TurnRequest = Omit<RunRequest, 'followUp' | 'resume' | 'runId' | 'question'>;

function runTurn(r: TurnRequest, plan: TurnPlan, stream: TurnStream): RunningAgent {
  const controller = new AbortController();
  if (r.signal?.aborted) controller.abort();
  else r.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const runId = sessionIdOf(plan.earlier) ?? randomUUID();
  const settings = runSettingsFrom(r.settings);
  const started = (r.now ?? Date.now)();
  let spent: Usage | undefined = plan.folded;
  let running = false;
  const result = (async (): Promise<RunFigures> => {
    const ctx: FoldContext = { model: r.model, protocol: r.protocol, settings, signal: controller.signal };
    const record = await recordFor(plan, ctx, stream, r.workspace ?? workspaceOf(plan.earlier), (u) => (spent = u));
    running = true;
    return startRun({
      ...r,
      question: followUpTask(record.text, plan.question),
      runId,
      sinks: [stream.forward(plan.question, { turn: plan.turn, ...record.figures })],
      signal: controller.signal,
      resume: plan.slice.length ? plan.slice : undefined,
      followUp: { asked: plan.question, earlier: plan.earlier },
      spending: { ...r.spending, spent },
    }).result;
  })().catch(async (e: unknown): Promise<RunFigures> => {
    // Only what comes before the run can fail here (the run's own result never rejects): its tools are still ours.
    if (!running) await r.tools.dispose().catch(() => undefined);
    const cancelled = controller.signal.aborted || (e instanceof ModelError && e.kind === 'cancelled');
    const figures: RunFigures = {
      runId,
      stopReason: cancelled ? 'cancelled' : 'model_error',
      turns: 0,
      toolCalls: 0,
      usage: spent ?? { promptTokens: 0, completionTokens: 0, estimated: true },
      elapsedMs: (r.now ?? Date.now)() - started,
      ...(cancelled ? {} : { error: `internal error: ${e instanceof Error ? e.message : String(e)}` }),
    };
    stream.emit(runEndOf(figures));
    return figures;
  });
  return { runId, limits: settings, result, stop: () => controller.abort() };
}

/** The turn's record: folding the oldest turns first (one model call, recorded) when they outgrew the budget. */
async function recordFor(
  plan: TurnPlan,
  ctx: FoldContext,
  stream: TurnStream,
  workspaceRoot: string | undefined,
  onSpent: (usage: Usage) => void,
): Promise<SessionRecord> {
  const input: RecordInput = { events: plan.earlier, turns: plan.turns, fold: plan.fold, budget: plan.budget, workspaceRoot };
  if (plan.folded) return fitRecord(input);
  const first = planRecord(input);
  if ('record' in first) return first.record;
  const through = plan.fold?.through ?? 0;
  const folded = plan.turns.filter((t) => t.turn > through && t.turn <= first.foldThrough);
  const maxTokens = Math.max(64, Math.floor(plan.budget * SUMMARY_SHARE));
  const fold = await foldTurns(ctx, { text: first.material, previous: plan.fold?.summary, turns: folded }, maxTokens);
  onSpent(fold.usage);
  stream.emit({
    type: 'session_folded',
    turn: plan.turn,
    through: first.foldThrough,
    summary: fold.summary,
    usage: fold.usage,
    ...(fold.mechanical ? { mechanical: true } : {}),
  });
  return fitRecord({ ...input, fold: { through: first.foldThrough, summary: fold.summary } });
}

function workspaceOf(events: readonly AgentEvent[]): string | undefined {
  const start = events.find((e) => e.type === 'run_start');
  return start?.type === 'run_start' ? start.workspace : undefined;
}

/** A turn's events into the session's stream, numbered on from the session's last. */
class TurnStream {
  private seq: number;

  constructor(
    private readonly sinks: readonly EventListener[],
    next: number,
    private readonly now: () => number,
  ) {
    this.seq = next;
  }

  /** The session layer's own events (session_turn, session_folded, an end before the run began). */
  emit(body: AgentEventBody): void {
    this.send({ ...body, seq: this.seq, t: this.now() } as AgentEvent);
  }

  /** The run's events; its run_start says what was asked (not the record) and which turn this is. */
  forward(question: string, figures: SessionRecordFigures): EventListener {
    return (e) => this.send(e.type === 'run_start' ? { ...e, question, session: figures, seq: this.seq } : { ...e, seq: this.seq });
  }

  private send(event: AgentEvent): void {
    this.seq++;
    for (const sink of this.sinks) {
      try {
        sink(event);
      } catch {
        // One sink's failure must not starve the others or end the run.
      }
    }
  }
}

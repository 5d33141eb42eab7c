/**
 * Attempts: a layer around the loop for runs that may restart. When an attempt ends without an answer
 * it is confident in (the turn cap, the context limit, no answer, or the model saying it could not
 * finish), one turn without tools writes a structured summary, and the next attempt starts from a
 * fresh context holding only the question and every earlier summary. Only the last attempt may end
 * with the loop's blind last answer. All attempts go into the one event stream (so one trajectory):
 * the layer renumbers the loop's events, keeps one run_start and writes the one run_end.
 */
import type { AgentEvent, AgentEventBody, AttemptSummaryEvent } from '../events';
import { runAgent } from '../loop/loop';
import { ModelError } from '../modelClient';
import { limitsFrom } from '../defaults';
import { addUsage } from '../usage';
import { Consent } from '../consent/consent';
import type { RunContext } from '../runContext';
import { runEndOf, type RunFigures } from '../figures';
import { attemptInstructions, attemptTask, gaveUp, outcomeOf } from './attemptPrompt';
import { writeSummary } from './attemptSummary';
import { readPriorAttempts, type Tally } from './priorAttempts';
import { DEFAULT_AUTO_START_MS, acceptedEdit, type SummaryReview } from './summaryReview';

export { attemptsFor } from './priorAttempts';

/** What the attempts layer is given beyond the run's context. */
export interface AttemptsTask {
  question: string;
  /** The attempts the run may make. */
  of: number;
  /** Events of an earlier run to continue from. */
  resume: readonly AgentEvent[] | undefined;
  /** Who may edit a summary before the next attempt starts from it (the panel). */
  review: SummaryReview | undefined;
  /** The consent rules to share (a follow-up's, which knows what earlier turns read); made here when absent. */
  consent?: Consent;
}

export function runAttempts(ctx: RunContext, task: AttemptsTask): Promise<RunFigures> {
  return new Attempts(ctx, task).execute();
}

type Outcome = { done: RunFigures } | { again: AttemptSummaryEvent['reason']; result: RunFigures; events: AgentEvent[] };

class Attempts {
  private seq = 0;
  private readonly started: number;
  private runStartSent = false;
  private tally: Tally = { turns: 0, toolCalls: 0, usage: { promptTokens: 0, completionTokens: 0, estimated: false } };
  private summaries: AttemptSummaryEvent[] = [];
  /** One set of consent rules for every attempt: a "for this run" grant and what was read outlast an attempt. */
  private readonly consent: Consent;

  constructor(
    private readonly ctx: RunContext,
    private readonly task: AttemptsTask,
  ) {
    this.started = ctx.now();
    // Its own emit is never used: each attempt's loop records approvals in its own stream.
    this.consent = task.consent ?? new Consent(ctx.approve, ctx.consent, task.question, () => undefined);
  }

  /** Every event leaves through here, renumbered: the loop counts from 0 in each attempt. */
  private emit(body: AgentEventBody, t = this.ctx.now()): void {
    try {
      this.ctx.emit({ ...body, seq: this.seq++, t } as AgentEvent);
    } catch {
      // A listener's failure must not end the run.
    }
  }

  async execute(): Promise<RunFigures> {
    const prior = readPriorAttempts(this.task.resume ?? []);
    if (prior.finished) return prior.finished;
    this.seq = prior.nextSeq;
    this.tally = prior.tally;
    this.summaries = prior.summaries;
    let attempt = prior.attempt + (prior.summarized ? 1 : 0);
    let slice = prior.summarized ? [] : prior.slice;
    const of = Math.max(this.task.of, attempt);
    for (; ; attempt++) {
      const outcome = await this.attempt(attempt, of, slice);
      slice = [];
      if ('done' in outcome) return outcome.done;
      const summarized = await this.summarize(attempt, outcome);
      if (summarized) return summarized;
    }
  }

  private async attempt(attempt: number, of: number, slice: AgentEvent[]): Promise<Outcome> {
    const last = attempt >= of;
    const task = attemptTask(this.task.question, this.summaries);
    const events = [...slice];
    let answer: AgentEvent | undefined;
    const onEvent = (e: AgentEvent): void => {
      if (e.type === 'run_start') this.onRunStart(e, attempt, of, slice.length === 0);
      else if (e.type === 'final_answer')
        answer = e; // held until the layer knows the answer stands
      else if (e.type !== 'run_end') {
        events.push(e);
        this.emit(e, e.t);
      }
    };
    const extra = last ? undefined : attemptInstructions(attempt, of);
    // The run's Spending is shared: earlier attempts' tokens count, and a budget raised at a pause holds for later attempts.
    const instructions = extra ? [this.ctx.instructions, extra].filter(Boolean).join('\n\n') : this.ctx.instructions;
    const result = await runAgent(
      { ...this.ctx, emit: onEvent, instructions },
      {
        question: task,
        finalTurn: last,
        sharedConsent: this.consent,
        resume: slice.length ? [this.syntheticStart(task), ...slice] : undefined,
      },
    );
    const again = last ? undefined : retryReason(result);
    if (!again) {
      if (answer && result.answer !== undefined) this.emit(answer, answer.t);
      return { done: this.finish(result, attempt) };
    }
    return { again, result, events };
  }

  /** The run's one run_start (the first the loop sends in this life), then the attempt's start. */
  private onRunStart(e: Extract<AgentEvent, { type: 'run_start' }>, attempt: number, of: number, fresh: boolean): void {
    if (!this.runStartSent) {
      this.runStartSent = true;
      const resumed = (this.task.resume?.length ?? 0) > 0;
      this.emit({ ...e, question: this.task.question, attempts: of, ...(resumed ? { resumed: true } : {}) }, e.t);
    }
    if (fresh) this.emit({ type: 'attempt_start', attempt, of });
  }

  /** Writes the attempt's summary; returns the run's result only when that failed (cancelled, endpoint down). */
  private async summarize(attempt: number, o: Extract<Outcome, { again: unknown }>): Promise<RunFigures | undefined> {
    const review = this.task.review;
    try {
      const { summary, usage } = await writeSummary(this.ctx, {
        task: attemptTask(this.task.question, this.summaries),
        events: o.events,
        reason: o.again,
      });
      const autoStartMs = review ? (review.autoStartMs ?? DEFAULT_AUTO_START_MS) : 0;
      const event: AttemptSummaryEvent = {
        type: 'attempt_summary',
        attempt,
        outcome: outcomeOf(summary),
        reason: o.again,
        summary,
        turns: o.result.turns + 1,
        toolCalls: o.result.toolCalls,
        usage: addUsage(o.result.usage, usage),
        ...(autoStartMs > 0 ? { review: { autoStartMs } } : {}),
      };
      this.emit(event);
      this.summaries.push(await this.reviewed(event, autoStartMs));
      this.tally = {
        turns: this.tally.turns + event.turns,
        toolCalls: this.tally.toolCalls + event.toolCalls,
        usage: addUsage(this.tally.usage, event.usage),
      };
      return undefined;
    } catch (e) {
      const cancelled = this.ctx.signal.aborted || (e instanceof ModelError && e.kind === 'cancelled');
      const error = cancelled ? undefined : `the summary of attempt ${attempt} failed: ${(e as Error).message}`;
      const { answer: _none, ...rest } = o.result;
      return this.finish({ ...rest, stopReason: cancelled ? 'cancelled' : 'model_error', ...(error ? { error } : {}) }, attempt);
    }
  }

  /** The summary the next attempt starts from: the model's, or the user's edit of it (recorded, so resume uses it too). */
  private async reviewed(event: AttemptSummaryEvent, autoStartMs: number): Promise<AttemptSummaryEvent> {
    const review = this.task.review;
    if (!review || autoStartMs <= 0) return event;
    const edited = await review.review(
      { attempt: event.attempt, next: event.attempt + 1, summary: event.summary, autoStartMs },
      this.ctx.signal,
    );
    if (this.ctx.signal.aborted) throw new ModelError('cancelled', 'stopped while the summary was open for editing');
    const text = acceptedEdit(event.summary, edited);
    if (text === undefined) return event;
    this.emit({ type: 'attempt_summary_edited', attempt: event.attempt, summary: text });
    return { ...event, summary: text };
  }

  /** The run's one run_end: every attempt's figures added up, and which attempt gave the result. */
  private finish(result: RunFigures, attempt: number): RunFigures {
    const total: RunFigures = {
      ...result,
      turns: this.tally.turns + result.turns,
      toolCalls: this.tally.toolCalls + result.toolCalls,
      usage: addUsage(this.tally.usage, result.usage),
      elapsedMs: this.ctx.now() - this.started,
      attempt,
    };
    this.emit(runEndOf(total));
    return total;
  }

  /** resume.ts wants a run_start; the current attempt's events carry none of their own. */
  private syntheticStart(task: string): AgentEvent {
    return {
      type: 'run_start',
      runId: this.ctx.runId,
      question: task,
      model: this.ctx.model.model,
      protocol: this.ctx.protocol,
      settings: limitsFrom(this.ctx.settings),
      tools: this.ctx.tools.map((t) => t.name),
      seq: -1,
      t: 0,
    };
  }
}

/** Why another attempt is due, or undefined when this one's result stands. */
function retryReason(r: RunFigures): AttemptSummaryEvent['reason'] | undefined {
  if (r.stopReason === 'max_turns' || r.stopReason === 'context_limit') return r.answer === undefined ? r.stopReason : undefined;
  if (r.stopReason === 'no_answer') return 'no_answer';
  if (r.stopReason === 'answered' && r.answer !== undefined && gaveUp(r.answer)) return 'gave_up';
  return undefined;
}

/**
 * Attempts: a layer around the loop for runs that may restart. When an attempt ends without an answer
 * it is confident in (the turn cap, the context limit, no answer, or the model saying it could not
 * finish), one turn without tools writes a structured summary, and the next attempt starts from a
 * fresh context holding only the question and every earlier summary. Only the last attempt may end
 * with the loop's blind last answer. All attempts go into the one event stream (so one trajectory):
 * the layer renumbers the loop's events, keeps one run_start and writes the one run_end.
 */
import type { AgentEvent, AgentEventBody, AttemptSummaryEvent } from '../events';
import { runAgent, type AgentOptions, type RunResult } from '../loop/loop';
import { ModelError } from '../modelClient';
import { DEFAULTS, limitsFrom } from '../defaults';
import { DEFAULT_RETRY } from '../model/retry';
import { addUsage } from '../usage';
import { Consent } from '../consent/consent';
import type { BudgetHandler } from '../usage';
import { RunMeter } from './runMeter';
import { attemptInstructions, attemptTask, gaveUp, outcomeOf } from './attemptPrompt';
import { writeSummary } from './attemptSummary';
import { readPriorAttempts, type Tally } from './priorAttempts';
import { DEFAULT_AUTO_START_MS, acceptedEdit, type SummaryReview } from './summaryReview';

export { attemptsFor } from './priorAttempts';

export function runAttempts(options: AgentOptions, attempts: number, review?: SummaryReview): Promise<RunResult> {
  return new Attempts(options, attempts, review).execute();
}

type Outcome = { done: RunResult } | { again: AttemptSummaryEvent['reason']; result: RunResult; events: AgentEvent[] };

class Attempts {
  private seq = 0;
  private readonly now: () => number;
  private readonly started: number;
  private readonly signal: AbortSignal;
  private runStartSent = false;
  private tally: Tally = { turns: 0, toolCalls: 0, usage: { promptTokens: 0, completionTokens: 0, estimated: false } };
  private summaries: AttemptSummaryEvent[] = [];
  /** The run's budget as last set: a Continue with a new budget at a pause carries into the next attempt. */
  private readonly budgetNow: RunMeter;
  private readonly onBudget: BudgetHandler | undefined;
  /** One set of consent rules for every attempt: a "for this run" grant and what was read outlast an attempt. */
  private readonly consent: Consent;

  constructor(
    private readonly o: AgentOptions,
    private readonly of: number,
    private readonly review?: SummaryReview,
  ) {
    this.now = o.now ?? Date.now;
    this.started = this.now();
    this.budgetNow = new RunMeter(o.budget);
    this.onBudget = o.onBudget ? this.budgetNow.tracking(o.onBudget) : undefined;
    this.signal = o.signal ?? new AbortController().signal;
    // Its own emit is never used: each attempt's loop records approvals in its own stream.
    this.consent = new Consent(o.approve, o.consent ?? {}, o.question, () => undefined, o.inheritConsent);
  }

  /** Every event leaves through here, renumbered: the loop counts from 0 in each attempt. */
  private emit(body: AgentEventBody, t = this.now()): void {
    try {
      this.o.onEvent({ ...body, seq: this.seq++, t } as AgentEvent);
    } catch {
      // A listener's failure must not end the run.
    }
  }

  async execute(): Promise<RunResult> {
    const prior = readPriorAttempts(this.o.resume ?? []);
    if (prior.finished) return prior.finished;
    this.seq = prior.nextSeq;
    this.tally = prior.tally;
    this.summaries = prior.summaries;
    let attempt = prior.attempt + (prior.summarized ? 1 : 0);
    let slice = prior.summarized ? [] : prior.slice;
    const of = Math.max(this.of, attempt);
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
    const task = attemptTask(this.o.question, this.summaries);
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
    const result = await runAgent({
      ...this.o,
      // One budget for the whole run: earlier attempts' tokens count, and a budget raised at a pause holds for later attempts.
      spentBefore: this.tally.usage,
      ...(this.budgetNow.budget ? { budget: this.budgetNow.budget } : {}),
      ...(this.onBudget ? { onBudget: this.onBudget } : {}),
      question: task,
      onEvent,
      finalTurn: last,
      inheritConsent: this.consent,
      ...(extra ? { instructions: [this.o.instructions, extra].filter(Boolean).join('\n\n') } : {}),
      resume: slice.length ? [this.syntheticStart(task), ...slice] : undefined,
    });
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
      const resumed = (this.o.resume?.length ?? 0) > 0;
      this.emit({ ...e, question: this.o.question, attempts: of, ...(resumed ? { resumed: true } : {}) }, e.t);
    }
    if (fresh) this.emit({ type: 'attempt_start', attempt, of });
  }

  /** Writes the attempt's summary; returns the run's result only when that failed (cancelled, endpoint down). */
  private async summarize(attempt: number, o: Extract<Outcome, { again: unknown }>): Promise<RunResult | undefined> {
    const limits = limitsFrom(this.o);
    try {
      const { summary, usage } = await writeSummary({
        model: this.o.model,
        protocol: this.o.protocol,
        task: attemptTask(this.o.question, this.summaries),
        events: o.events,
        reason: o.again,
        keepToolResults: limits.keepToolResults,
        contextWindow: limits.contextWindow,
        maxOutputTokens: this.o.maxOutputTokens ?? DEFAULTS.maxOutputTokens,
        retry: { ...DEFAULT_RETRY, ...this.o.retry },
        signal: this.signal,
        ...(this.o.temperature !== undefined ? { temperature: this.o.temperature } : {}),
      });
      const autoStartMs = this.review ? (this.review.autoStartMs ?? DEFAULT_AUTO_START_MS) : 0;
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
      const cancelled = this.signal.aborted || (e instanceof ModelError && e.kind === 'cancelled');
      const error = cancelled ? undefined : `the summary of attempt ${attempt} failed: ${(e as Error).message}`;
      const { answer: _none, ...rest } = o.result;
      return this.finish({ ...rest, stopReason: cancelled ? 'cancelled' : 'model_error', ...(error ? { error } : {}) }, attempt);
    }
  }

  /** The summary the next attempt starts from: the model's, or the user's edit of it (recorded, so resume uses it too). */
  private async reviewed(event: AttemptSummaryEvent, autoStartMs: number): Promise<AttemptSummaryEvent> {
    if (!this.review || autoStartMs <= 0) return event;
    const edited = await this.review.review(
      { attempt: event.attempt, next: event.attempt + 1, summary: event.summary, autoStartMs },
      this.signal,
    );
    if (this.signal.aborted) throw new ModelError('cancelled', 'stopped while the summary was open for editing');
    const text = acceptedEdit(event.summary, edited);
    if (text === undefined) return event;
    this.emit({ type: 'attempt_summary_edited', attempt: event.attempt, summary: text });
    return { ...event, summary: text };
  }

  /** The run's one run_end: every attempt's figures added up, and which attempt gave the result. */
  private finish(result: RunResult, attempt: number): RunResult {
    const total: RunResult = {
      ...result,
      turns: this.tally.turns + result.turns,
      toolCalls: this.tally.toolCalls + result.toolCalls,
      usage: addUsage(this.tally.usage, result.usage),
      elapsedMs: this.now() - this.started,
      attempt,
    };
    this.emit({
      type: 'run_end',
      stopReason: total.stopReason,
      answered: total.answer !== undefined,
      turns: total.turns,
      toolCalls: total.toolCalls,
      usage: total.usage,
      elapsedMs: total.elapsedMs,
      attempt,
      ...(total.error ? { error: total.error } : {}),
    });
    return total;
  }

  /** resume.ts wants a run_start; the current attempt's events carry none of their own. */
  private syntheticStart(task: string): AgentEvent {
    return {
      type: 'run_start',
      runId: this.o.runId ?? 'run',
      question: task,
      model: this.o.model.model,
      protocol: this.o.protocol,
      settings: limitsFrom(this.o),
      tools: this.o.tools.map((t) => t.name),
      seq: -1,
      t: 0,
    };
  }
}

/** Why another attempt is due, or undefined when this one's result stands. */
function retryReason(r: RunResult): AttemptSummaryEvent['reason'] | undefined {
  if (r.stopReason === 'max_turns' || r.stopReason === 'context_limit') return r.answer === undefined ? r.stopReason : undefined;
  if (r.stopReason === 'no_answer') return 'no_answer';
  if (r.stopReason === 'answered' && r.answer !== undefined && gaveUp(r.answer)) return 'gave_up';
  return undefined;
}

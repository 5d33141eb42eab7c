/**
 * The agent loop: Thought → tool call → Observation, for as long as the task needs and the budget
 * allows. One run emits one stream of events (see events.ts); nothing here touches a file or the
 * editor. `resumeFrom` continues a run from its own events.
 */
import { randomUUID } from 'node:crypto';
import type { AgentEventBody, StopReason } from '../events';
import type { Usage } from '../usage';
import type { ToolCallRecord } from '../messages';
import type { ModelTurn } from '../modelClient';
import { ModelError } from '../modelClient';
import { History, placeholderFor } from './context';
import { DEFAULT_RETRY, retryDelay, sleep, type RetryPolicy } from '../model/retry';
import { ToolRunner, type ToolOutcome } from './toolRunner';
import { addUsage } from '../usage';
import { concurrentGroup, concurrentTools } from './concurrentCalls';
import { EMPTY_REPLY_NUDGE, baseSystemPrompt, finalTurnInstruction } from './prompt';
import { protocolFor } from '../model/protocols';
import type { ParsedTurn, ToolProtocol } from '../model/protocols/types';
import { rebuildRun } from './resume';
import { DEFAULTS, limitsFrom } from '../defaults';
import { Consent } from '../consent/consent';
import { CallIds } from './callIds';
import { TurnGuard, type TurnRequestExtra } from './turnGuard';
import { BudgetGate } from './budgetGate';
import type { AgentOptions, RunResult } from './runOptions';

export type { AgentOptions, RunResult } from './runOptions';

const MAX_EMPTY_REPLIES = 3;

export async function runAgent(options: AgentOptions): Promise<RunResult> {
  return new Run(options).execute();
}

class Run {
  private readonly protocol: ToolProtocol;
  private readonly runner: ToolRunner;
  private readonly consent: Consent;
  private readonly history: History;
  private readonly signal: AbortSignal;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly settings;
  private readonly started: number;
  private readonly concurrent: ReadonlySet<string>;
  private runId: string;
  private seq = 0;
  private turn = 0;
  private toolCalls = 0;
  private usage: Usage = { promptTokens: 0, completionTokens: 0, estimated: false };
  private emptyReplies = 0;
  private readonly ids = new CallIds();
  private readonly guard: TurnGuard;
  private readonly budget: BudgetGate;

  constructor(private readonly o: AgentOptions) {
    this.protocol = protocolFor(o.protocol);
    this.signal = o.signal ?? new AbortController().signal;
    this.now = o.now ?? Date.now;
    this.started = this.now();
    this.retry = { ...DEFAULT_RETRY, ...o.retry };
    this.settings = limitsFrom(o);
    this.history = new History(this.settings.keepToolResults);
    this.consent = new Consent(o.approve, o.consent ?? {}, o.question, (body) => this.emit(body), o.inheritConsent);
    this.runner = new ToolRunner({
      tools: o.tools,
      consent: this.consent,
      maxResultChars: this.settings.maxToolResultChars,
      timeoutMs: o.toolTimeoutMs ?? DEFAULTS.toolTimeoutMs,
      emit: (body) => this.emit(body),
    });
    this.concurrent = concurrentTools(o.tools);
    this.runId = o.runId ?? randomUUID();
    this.guard = new TurnGuard({
      protocol: this.protocol,
      ids: this.ids,
      concurrent: this.concurrent,
      signal: this.signal,
      emit: (body) => this.emit(body),
      contextWindow: this.settings.contextWindow,
      maxOutputTokens: o.maxOutputTokens ?? DEFAULTS.maxOutputTokens,
      promptTokens: () => this.history.estimatePromptTokens(),
      onSpent: (u) => this.addUsage({ ...u, estimated: false }),
    });
    this.budget = new BudgetGate(o.budget, o.prices, o.onBudget, (body) => this.emit(body));
  }

  private emit(body: AgentEventBody): void {
    // A child run's tokens count as the parent's (subtasks.ts).
    if (body.type === 'subtask_end') this.usage = addUsage(this.usage, body.usage);
    const event = { ...body, seq: this.seq++, t: this.now() };
    this.o.citations?.observe(event);
    try {
      this.o.onEvent(event);
    } catch {
      // A listener's failure (a closed panel, a full disk) must not end the run.
    }
  }

  async execute(): Promise<RunResult> {
    const system = this.protocol.systemPrompt(
      baseSystemPrompt({ date: new Date(this.now()).toISOString().slice(0, 10), workspace: this.o.workspace, extra: this.o.instructions }),
      this.o.tools,
    );
    this.history.push({ role: 'system', content: system });
    this.history.push({ role: 'user', content: this.o.question });

    let pending: ToolCallRecord[] = [];
    for (const e of this.o.resume ?? []) this.o.citations?.observe(e);
    if (this.o.resume?.length) {
      const prior = rebuildRun(this.o.resume, this.protocol, this.history, this.runner);
      if (prior.finished) return prior.finished;
      this.runId = prior.runId;
      this.seq = prior.nextSeq;
      this.turn = prior.turns;
      this.toolCalls = prior.toolCalls;
      this.usage = prior.usage;
      pending = prior.pendingCalls;
      this.ids.seed(this.o.resume);
    }
    this.emit({
      type: 'run_start',
      runId: this.runId,
      question: this.o.question,
      model: this.o.model.model,
      protocol: this.protocol.name,
      ...(this.o.workspace ? { workspace: this.o.workspace } : {}),
      settings: this.settings,
      tools: this.o.tools.map((t) => t.name),
      ...(this.o.resume?.length ? { resumed: true } : {}),
      ...(this.o.budget ? { budget: this.o.budget } : {}),
      ...(this.o.prices ? { prices: this.o.prices } : {}),
    });

    try {
      if (pending.length) await this.runCalls(pending, this.turn, undefined);
      return await this.loop();
    } catch (e) {
      if (this.signal.aborted || (e instanceof ModelError && e.kind === 'cancelled')) return this.end('cancelled');
      if (e instanceof ModelError) return this.end('model_error', undefined, e.message);
      return this.end('model_error', undefined, `internal error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  private async loop(): Promise<RunResult> {
    while (this.turn < this.settings.maxTurns) {
      if (this.signal.aborted) return this.end('cancelled');
      if (this.wouldOverflow()) return this.finalTurn('context_limit');
      if ((await this.budget.check(this.turn, this.spentOnRun())) === 'stop') return this.end(this.signal.aborted ? 'cancelled' : 'budget');
      const turn = ++this.turn;
      let reply: ModelTurn;
      let parsed: ParsedTurn;
      try {
        ({ reply, parsed } = await this.guard.take(turn, false, (extra) => this.callModel(turn, false, extra)));
      } catch (e) {
        if (e instanceof ModelError && e.kind === 'context_length') return this.finalTurn('context_limit');
        throw e;
      }
      this.recordAssistant(turn, reply, parsed.calls, parsed.note);
      if (parsed.calls.length === 0) {
        if (parsed.text && (await this.reviewCitations(turn, parsed.text, this.turn < this.settings.maxTurns))) continue;
        if (parsed.text) return this.end('answered', parsed.text);
        if (++this.emptyReplies >= MAX_EMPTY_REPLIES) return this.end('no_answer', undefined, 'the model returned empty replies');
        this.history.push({ role: 'user', content: EMPTY_REPLY_NUDGE });
        continue;
      }
      this.emptyReplies = 0;
      await this.runCalls(parsed.calls, turn, parsed.note);
      const halt = this.runner.halt;
      if (halt) return this.end('guard', undefined, halt);
    }
    return this.finalTurn('max_turns');
  }

  /** One last turn without tools that asks for the answer from what was found. */
  private async finalTurn(reason: 'max_turns' | 'context_limit'): Promise<RunResult> {
    if (this.o.finalTurn === false) return this.end(reason);
    if (reason === 'context_limit') this.trimAll(this.turn);
    this.history.push({ role: 'user', content: finalTurnInstruction(reason) });
    const turn = ++this.turn;
    const { reply, parsed } = await this.guard.take(turn, true, (extra) => this.callModel(turn, true, extra));
    this.recordAssistant(turn, reply, [], undefined);
    if (parsed.text) await this.reviewCitations(turn, parsed.text, false);
    return parsed.text ? this.end(reason, parsed.text) : this.end(reason, undefined, 'the model gave no final answer');
  }

  /** Emits the answer's citation report; true when the answer goes back to the model for a repair round. */
  private async reviewCitations(turn: number, answer: string, canRepair: boolean): Promise<boolean> {
    if (!this.o.citations) return false;
    let review;
    try {
      review = await this.o.citations.review(answer, canRepair);
    } catch {
      return false; // a failed check must not cost the answer
    }
    this.emit({
      type: 'citation_report',
      turn,
      round: review.round,
      citations: review.citations,
      ...(review.repair ? { repair: review.repair } : {}),
    });
    if (!review.repair) return false;
    this.history.push({ role: 'user', content: review.repair });
    return true;
  }

  private wouldOverflow(): boolean {
    const reserve = (this.o.maxOutputTokens ?? DEFAULTS.maxOutputTokens) + 1_000;
    return this.history.estimatePromptTokens() + reserve > this.settings.contextWindow;
  }

  private async callModel(turn: number, final: boolean, extra: TurnRequestExtra): Promise<ModelTurn> {
    if (!extra.redo) this.emit({ type: 'turn_start', turn, final, promptTokensEstimate: this.history.estimatePromptTokens() });
    const tools = final ? undefined : this.protocol.modelTools(this.o.tools);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.o.model.complete(
          {
            messages: extra.notes.length ? [...this.history.messages, ...extra.notes] : this.history.messages,
            ...(tools ? { tools } : {}),
            ...(extra.maxTokens !== undefined ? { maxTokens: extra.maxTokens } : {}),
            ...(this.o.temperature !== undefined ? { temperature: this.o.temperature } : {}),
          },
          {
            signal: extra.signal,
            onDelta: (kind, text) => {
              this.emit({ type: 'text_delta', turn, kind, text });
              extra.watch(kind, text);
            },
          },
        );
      } catch (e) {
        const delay = retryDelay(e, attempt, this.retry);
        if (delay === undefined || extra.signal.aborted) throw e;
        this.emit({ type: 'retry', turn, attempt, delayMs: delay, reason: (e as Error).message });
        await sleep(delay, this.signal);
      }
    }
  }

  private recordAssistant(turn: number, reply: ModelTurn, calls: ToolCallRecord[], note: string | undefined): void {
    this.history.push(this.protocol.assistantMessage(reply, { text: reply.text, calls }));
    const reported = reply.usage;
    const usage = reported
      ? { ...reported, estimated: false }
      : {
          promptTokens: this.history.estimatePromptTokens(),
          completionTokens: Math.ceil((reply.text.length + reply.reasoning.length) / 3.5),
          estimated: true,
        };
    if (reported) this.history.recordUsage(reported.promptTokens, reported.completionTokens);
    this.addUsage(usage);
    this.emit({
      type: 'assistant_message',
      turn,
      text: reply.text,
      ...(reply.reasoning ? { reasoning: reply.reasoning } : {}),
      toolCalls: calls,
      usage,
      ...(note ? { note } : {}),
    });
  }

  /** What the budget is checked against: earlier attempts' usage plus this loop's. */
  private spentOnRun(): Usage {
    if (this.o.spentOnRun) return this.o.spentOnRun();
    return this.o.spentBefore ? addUsage(this.o.spentBefore, this.usage) : this.usage;
  }

  private addUsage(usage: Usage): void {
    this.usage = {
      promptTokens: this.usage.promptTokens + usage.promptTokens,
      completionTokens: this.usage.completionTokens + usage.completionTokens,
      estimated: this.usage.estimated || usage.estimated,
    };
  }

  private async runCalls(calls: ToolCallRecord[], turn: number, note: string | undefined): Promise<void> {
    // Consecutive calls of a concurrent tool (research_subtask) start together; results go back in call order.
    const started: Promise<ToolOutcome>[] = [];
    for (const [i, call] of calls.entries()) {
      if (this.signal.aborted) throw new ModelError('cancelled', 'cancelled');
      if (started[i] === undefined) for (const j of concurrentGroup(calls, i, this.concurrent)) started[j] = this.startCall(calls[j], turn);
      const outcome = await started[i];
      const content = i === 0 && note ? `[${note}]\n${outcome.content}` : outcome.content;
      this.emit({
        type: 'tool_result',
        turn,
        callId: call.id,
        name: call.name,
        content,
        isError: outcome.isError,
        durationMs: outcome.durationMs,
        cutChars: outcome.cutChars,
        repeatOf: outcome.repeatOf,
        ...(outcome.details ? { details: outcome.details } : {}),
      });
      const trimmed = this.history.pushResult(
        this.protocol.resultMessage(call, content),
        call.id,
        placeholderFor(call.name, call.arguments, turn, content.length),
      );
      if (trimmed.length) this.emit({ type: 'context_trimmed', turn, callIds: trimmed, keptResults: this.settings.keepToolResults });
    }
  }

  private startCall(call: ToolCallRecord, turn: number): Promise<ToolOutcome> {
    this.toolCalls++;
    const { args } = ToolRunner.parseArgs(call.arguments);
    this.emit({ type: 'tool_call', turn, call, ...(args ? { args } : {}) });
    const outcome = this.runner.run(call, turn, this.signal);
    outcome.catch(() => undefined); // awaited in order; a sibling's rejection after a cancel must not go unhandled
    return outcome;
  }

  private trimAll(turn: number): void {
    const trimmed = this.history.trimAll();
    if (trimmed.length) this.emit({ type: 'context_trimmed', turn, callIds: trimmed, keptResults: 0 });
  }

  private end(stopReason: StopReason, answer?: string, error?: string): RunResult {
    if (answer !== undefined) this.emit({ type: 'final_answer', turn: this.turn, text: answer });
    const result: RunResult = {
      runId: this.runId,
      ...(answer !== undefined ? { answer } : {}),
      stopReason,
      turns: this.turn,
      toolCalls: this.toolCalls,
      usage: this.usage,
      elapsedMs: this.now() - this.started,
      ...(error ? { error } : {}),
    };
    this.emit({
      type: 'run_end',
      stopReason,
      answered: answer !== undefined,
      turns: result.turns,
      toolCalls: result.toolCalls,
      usage: result.usage,
      elapsedMs: result.elapsedMs,
      ...(error ? { error } : {}),
    });
    return result;
  }
}

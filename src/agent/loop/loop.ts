/**
 * The agent loop: Thought → tool call → Observation, for as long as the task needs and the budget
 * allows. One run emits one stream of events (see events.ts); nothing here touches a file or the
 * editor. `resumeFrom` continues a run from its own events. What the loop reads of its run (model,
 * settings, spending, sinks, signal, tools …) comes from the run's context (runContext.ts).
 */
import type { AgentEventBody, StopReason } from '../events';
import type { Usage } from '../usage';
import type { ToolCallRecord } from '../messages';
import type { ModelTurn } from '../modelClient';
import { ModelError } from '../modelClient';
import { History, placeholderFor } from './context';
import { retryDelay, sleep } from '../model/retry';
import { ToolRunner, type ToolOutcome } from './toolRunner';
import { NO_USAGE, addUsage } from '../usage';
import { concurrentGroup, concurrentTools } from './concurrentCalls';
import { EMPTY_REPLY_NUDGE, baseSystemPrompt, finalTurnInstruction } from './prompt';
import { protocolFor } from '../model/protocols';
import type { ParsedTurn, ToolProtocol } from '../model/protocols/types';
import { rebuildRun } from './resume';
import { limitsFrom } from '../defaults';
import { Consent } from '../consent/consent';
import { CallIds } from './callIds';
import { TurnGuard, type TurnRequestExtra } from './turnGuard';
import { BudgetGate } from './budgetGate';
import type { RunContext } from '../runContext';
import { runEndOf, type RunFigures } from '../figures';
import type { LoopTask } from './loopTask';

export type { LoopTask } from './loopTask';

const MAX_EMPTY_REPLIES = 3;

export async function runAgent(ctx: RunContext, task: LoopTask): Promise<RunFigures> {
  return new Run(ctx, task).execute();
}

class Run {
  private readonly protocol: ToolProtocol;
  private readonly runner: ToolRunner;
  private readonly consent: Consent;
  private readonly history: History;
  private readonly signal: AbortSignal;
  private readonly started: number;
  private readonly concurrent: ReadonlySet<string>;
  private runId: string;
  private seq = 0;
  private turn = 0;
  private toolCalls = 0;
  private usage: Usage = NO_USAGE;
  private emptyReplies = 0;
  private readonly ids = new CallIds();
  private readonly guard: TurnGuard;
  private readonly budget: BudgetGate;

  constructor(
    private readonly ctx: RunContext,
    private readonly task: LoopTask,
  ) {
    const settings = ctx.settings;
    this.protocol = protocolFor(ctx.protocol);
    this.signal = ctx.signal;
    this.started = ctx.now();
    this.history = new History(settings.keepToolResults);
    this.consent = new Consent(ctx.approve, ctx.consent, task.question, (body) => this.emit(body), task.sharedConsent);
    this.runner = new ToolRunner({
      tools: ctx.tools,
      consent: this.consent,
      maxResultChars: settings.maxToolResultChars,
      timeoutMs: settings.toolTimeoutMs,
      emit: (body) => this.emit(body),
    });
    this.concurrent = concurrentTools(ctx.tools);
    this.runId = ctx.runId;
    this.guard = new TurnGuard({
      protocol: this.protocol,
      ids: this.ids,
      concurrent: this.concurrent,
      signal: this.signal,
      emit: (body) => this.emit(body),
      contextWindow: settings.contextWindow,
      maxOutputTokens: settings.maxOutputTokens,
      promptTokens: () => this.history.estimatePromptTokens(),
      onSpent: (u) => this.addUsage({ ...u, estimated: false }),
    });
    this.budget = new BudgetGate(ctx.spending, (body) => this.emit(body));
  }

  private emit(body: AgentEventBody): void {
    // A child run's tokens count as the parent's (subtasks.ts).
    if (body.type === 'subtask_end') this.usage = addUsage(this.usage, body.usage);
    const event = { ...body, seq: this.seq++, t: this.ctx.now() };
    this.ctx.citations?.observe(event);
    try {
      this.ctx.emit(event);
    } catch {
      // A listener's failure (a closed panel, a full disk) must not end the run.
    }
  }

  async execute(): Promise<RunFigures> {
    const { ctx, task } = this;
    const system = this.protocol.systemPrompt(
      baseSystemPrompt({
        date: new Date(ctx.now()).toISOString().slice(0, 10),
        workspace: ctx.workspace,
        extra: [ctx.instructions, ctx.project?.prompt].filter(Boolean).join('\n\n'),
      }),
      ctx.tools,
    );
    this.history.push({ role: 'system', content: system });
    this.history.push({ role: 'user', content: task.question });

    let pending: ToolCallRecord[] = [];
    for (const e of task.resume ?? []) ctx.citations?.observe(e);
    if (task.resume?.length) {
      const prior = rebuildRun(task.resume, this.protocol, this.history, this.runner);
      if (prior.finished) return prior.finished;
      this.runId = prior.runId;
      this.seq = prior.nextSeq;
      this.turn = prior.turns;
      this.toolCalls = prior.toolCalls;
      this.usage = prior.usage;
      pending = prior.pendingCalls;
      this.ids.seed(task.resume);
    }
    const { budget, prices } = ctx.spending;
    this.emit({
      type: 'run_start',
      runId: this.runId,
      question: task.question,
      model: ctx.model.model,
      protocol: this.protocol.name,
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
      settings: limitsFrom(ctx.settings),
      tools: ctx.tools.map((t) => t.name),
      ...(task.resume?.length ? { resumed: true } : {}),
      ...(budget ? { budget } : {}),
      ...(prices ? { prices } : {}),
      ...(ctx.project ? { instructions: [...ctx.project.sources] } : {}),
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

  private async loop(): Promise<RunFigures> {
    const { maxTurns } = this.ctx.settings;
    while (this.turn < maxTurns) {
      if (this.signal.aborted) return this.end('cancelled');
      if (this.wouldOverflow()) return this.finalTurn('context_limit');
      if ((await this.budget.check(this.turn)) === 'stop') return this.end(this.signal.aborted ? 'cancelled' : 'budget');
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
        if (parsed.text && (await this.reviewCitations(turn, parsed.text, this.turn < maxTurns))) continue;
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
  private async finalTurn(reason: 'max_turns' | 'context_limit'): Promise<RunFigures> {
    if (this.task.finalTurn === false) return this.end(reason);
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
    const reviewer = this.ctx.citations;
    if (!reviewer) return false;
    let review;
    try {
      review = await reviewer.review(answer, canRepair);
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
    const { maxOutputTokens, contextWindow } = this.ctx.settings;
    return this.history.estimatePromptTokens() + maxOutputTokens + 1_000 > contextWindow;
  }

  private async callModel(turn: number, final: boolean, extra: TurnRequestExtra): Promise<ModelTurn> {
    if (!extra.redo) this.emit({ type: 'turn_start', turn, final, promptTokensEstimate: this.history.estimatePromptTokens() });
    const { model, settings } = this.ctx;
    const tools = final ? undefined : this.protocol.modelTools(this.ctx.tools);
    for (let tried = 1; ; tried++) {
      try {
        return await model.complete(
          {
            messages: extra.notes.length ? [...this.history.messages, ...extra.notes] : this.history.messages,
            ...(tools ? { tools } : {}),
            ...(extra.maxTokens !== undefined ? { maxTokens: extra.maxTokens } : {}),
            ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
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
        const delay = retryDelay(e, tried, settings.retry);
        if (delay === undefined || extra.signal.aborted) throw e;
        // The event's field keeps its recorded name: `attempt` is the try that failed.
        this.emit({ type: 'retry', turn, attempt: tried, delayMs: delay, reason: (e as Error).message });
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
      if (trimmed.length) this.emit({ type: 'context_trimmed', turn, callIds: trimmed, keptResults: this.ctx.settings.keepToolResults });
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

  private end(stopReason: StopReason, answer?: string, error?: string): RunFigures {
    if (answer !== undefined) this.emit({ type: 'final_answer', turn: this.turn, text: answer });
    const result: RunFigures = {
      runId: this.runId,
      ...(answer !== undefined ? { answer } : {}),
      stopReason,
      turns: this.turn,
      toolCalls: this.toolCalls,
      usage: this.usage,
      elapsedMs: this.ctx.now() - this.started,
      ...(error ? { error } : {}),
    };
    this.emit(runEndOf(result));
    return result;
  }
}

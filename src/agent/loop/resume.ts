/**
 * Rebuilds a run's prompt history and counters from its own events, so a run cut off by a crash,
 * a reload or Stop continues where it was. Calls the model asked for whose results never arrived
 * are returned as pending, to run first.
 */
import type { AgentEvent, AssistantMessageEvent, RunEndEvent, ToolResultEvent } from '../events';
import type { Usage } from '../usage';
import type { ToolCallRecord } from '../messages';
import type { History } from './context';
import { placeholderFor } from './context';
import type { ToolProtocol } from '../model/protocols/types';
import type { ToolRunner } from './toolRunner';
import { figuresOf, type RunFigures } from '../figures';
import { EMPTY_REPLY_NUDGE } from './prompt';
import { addUsage } from '../usage';

export interface RebuiltRun {
  runId: string;
  nextSeq: number;
  turns: number;
  toolCalls: number;
  usage: Usage;
  pendingCalls: ToolCallRecord[];
  /** Set when the run already has its answer: nothing to resume. */
  finished?: RunFigures;
}

export function rebuildRun(events: readonly AgentEvent[], protocol: ToolProtocol, history: History, runner: ToolRunner): RebuiltRun {
  const start = events.find((e) => e.type === 'run_start');
  if (!start || start.type !== 'run_start') throw new Error('the trajectory has no run_start event');
  const replay = new Replay(start.runId, protocol, history, runner);
  for (const e of events) replay.apply(e);
  return replay.result();
}

/** Folds a run's events, in order, back into its prompt history, its counters and its tool runner's memory. */
class Replay {
  private readonly rebuilt: RebuiltRun;
  /** The calls of the last assistant message whose results have not been seen yet. */
  private outstanding = new Map<string, ToolCallRecord>();
  private answer: string | undefined;

  constructor(
    runId: string,
    private readonly protocol: ToolProtocol,
    private readonly history: History,
    private readonly runner: ToolRunner,
  ) {
    this.rebuilt = {
      runId,
      nextSeq: 0,
      turns: 0,
      toolCalls: 0,
      usage: { promptTokens: 0, completionTokens: 0, estimated: false },
      pendingCalls: [],
    };
  }

  apply(e: AgentEvent): void {
    this.rebuilt.nextSeq = Math.max(this.rebuilt.nextSeq, e.seq + 1);
    switch (e.type) {
      case 'assistant_message':
        return this.assistantMessage(e);
      case 'tool_result':
        return this.toolResult(e);
      case 'approval':
        return this.runner.replayApproval(e);
      case 'turn_redo':
        // A discarded reply cost tokens all the same.
        if (e.usage) {
          this.rebuilt.usage = {
            ...this.rebuilt.usage,
            promptTokens: this.rebuilt.usage.promptTokens + e.usage.promptTokens,
            completionTokens: this.rebuilt.usage.completionTokens + e.usage.completionTokens,
          };
        }
        return;
      case 'final_answer':
        this.answer = e.text;
        return;
      case 'citation_report':
        if (e.repair) resumeRepair(this.history, e.repair);
        return;
      case 'subtask_end':
        // A child's tokens are the parent's (loop.ts adds them as they happen).
        this.rebuilt.usage = addUsage(this.rebuilt.usage, e.usage);
        return;
      case 'run_end':
        return this.runEnd(e);
      default:
        return;
    }
  }

  result(): RebuiltRun {
    return { ...this.rebuilt, pendingCalls: [...this.outstanding.values()] };
  }

  private assistantMessage(e: AssistantMessageEvent): void {
    const turn = { text: e.text, reasoning: e.reasoning ?? '', toolCalls: e.toolCalls, finishReason: null };
    this.history.push(this.protocol.assistantMessage(turn, { text: e.text, calls: e.toolCalls }));
    if (e.usage && !e.usage.estimated) this.history.recordUsage(e.usage.promptTokens, e.usage.completionTokens);
    if (e.usage) {
      this.rebuilt.usage = {
        promptTokens: this.rebuilt.usage.promptTokens + e.usage.promptTokens,
        completionTokens: this.rebuilt.usage.completionTokens + e.usage.completionTokens,
        estimated: this.rebuilt.usage.estimated || e.usage.estimated,
      };
    }
    this.rebuilt.turns = Math.max(this.rebuilt.turns, e.turn);
    this.outstanding = new Map(e.toolCalls.map((c) => [c.id, c]));
    if (e.toolCalls.length === 0) this.history.push({ role: 'user', content: EMPTY_REPLY_NUDGE });
  }

  private toolResult(e: ToolResultEvent): void {
    const call = this.outstanding.get(e.callId);
    if (!call) return;
    this.outstanding.delete(e.callId);
    this.runner.noteCall(call, e.turn);
    this.runner.noteResult(call, e.content, e.turn, e.isError);
    this.rebuilt.toolCalls++;
    this.history.pushResult(
      this.protocol.resultMessage(call, e.content),
      call.id,
      placeholderFor(call.name, call.arguments, e.turn, e.content.length),
    );
  }

  private runEnd(e: RunEndEvent): void {
    if (!e.answered || this.answer === undefined) return;
    this.rebuilt.finished = figuresOf(this.rebuilt.runId, e, this.answer);
  }
}

/** The answer went back for a repair round: the model is told why, in place of the empty-reply nudge pushed for an answer without calls. */
function resumeRepair(history: History, message: string): void {
  const last = history.messages[history.messages.length - 1];
  if (last?.role === 'user' && last.content === EMPTY_REPLY_NUDGE) history.messages.pop();
  history.push({ role: 'user', content: message });
}

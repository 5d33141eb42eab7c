/**
 * Rebuilds a run's prompt history and counters from its own events, so a run cut off by a crash,
 * a reload or Stop continues where it was. Calls the model asked for whose results never arrived
 * are returned as pending, to run first.
 */
import type { AgentEvent, Usage } from './events';
import type { ToolCallRecord } from './messages';
import type { History } from './context';
import { placeholderFor } from './context';
import type { ToolProtocol } from './protocols/types';
import type { ToolRunner } from './toolRunner';
import type { RunResult } from './loop';
import { EMPTY_REPLY_NUDGE } from './prompt';
import { addUsage } from './usage';

export interface RebuiltRun {
  runId: string;
  nextSeq: number;
  turns: number;
  toolCalls: number;
  usage: Usage;
  pendingCalls: ToolCallRecord[];
  /** Set when the run already has its answer: nothing to resume. */
  finished?: RunResult;
}

export function rebuildRun(events: readonly AgentEvent[], protocol: ToolProtocol, history: History, runner: ToolRunner): RebuiltRun {
  const start = events.find((e) => e.type === 'run_start');
  if (!start || start.type !== 'run_start') throw new Error('the trajectory has no run_start event');
  const rebuilt: RebuiltRun = {
    runId: start.runId,
    nextSeq: 0,
    turns: 0,
    toolCalls: 0,
    usage: { promptTokens: 0, completionTokens: 0, estimated: false },
    pendingCalls: [],
  };
  let outstanding = new Map<string, ToolCallRecord>();
  let answer: string | undefined;
  for (const e of events) {
    rebuilt.nextSeq = Math.max(rebuilt.nextSeq, e.seq + 1);
    switch (e.type) {
      case 'assistant_message': {
        const turn = { text: e.text, reasoning: e.reasoning ?? '', toolCalls: e.toolCalls, finishReason: null };
        history.push(protocol.assistantMessage(turn, { text: e.text, calls: e.toolCalls }));
        if (e.usage && !e.usage.estimated) history.recordUsage(e.usage.promptTokens, e.usage.completionTokens);
        if (e.usage) {
          rebuilt.usage = {
            promptTokens: rebuilt.usage.promptTokens + e.usage.promptTokens,
            completionTokens: rebuilt.usage.completionTokens + e.usage.completionTokens,
            estimated: rebuilt.usage.estimated || e.usage.estimated,
          };
        }
        rebuilt.turns = Math.max(rebuilt.turns, e.turn);
        outstanding = new Map(e.toolCalls.map((c) => [c.id, c]));
        if (e.toolCalls.length === 0) history.push({ role: 'user', content: EMPTY_REPLY_NUDGE });
        break;
      }
      case 'tool_result': {
        const call = outstanding.get(e.callId);
        if (!call) break;
        outstanding.delete(e.callId);
        runner.noteCall(call, e.turn);
        runner.noteResult(call, e.content, e.turn, e.isError);
        rebuilt.toolCalls++;
        history.pushResult(
          protocol.resultMessage(call, e.content),
          call.id,
          placeholderFor(call.name, call.arguments, e.turn, e.content.length),
        );
        break;
      }
      case 'approval':
        runner.replayApproval(e);
        break;
      case 'turn_redo':
        // A discarded reply cost tokens all the same.
        if (e.usage) {
          rebuilt.usage = {
            ...rebuilt.usage,
            promptTokens: rebuilt.usage.promptTokens + e.usage.promptTokens,
            completionTokens: rebuilt.usage.completionTokens + e.usage.completionTokens,
          };
        }
        break;
      case 'final_answer':
        answer = e.text;
        break;
      case 'citation_report':
        if (e.repair) resumeRepair(history, e.repair);
        break;
      case 'subtask_end':
        // A child's tokens are the parent's (loop.ts adds them as they happen).
        rebuilt.usage = addUsage(rebuilt.usage, e.usage);
        break;
      case 'run_end':
        if (e.answered && answer !== undefined) {
          rebuilt.finished = {
            runId: rebuilt.runId,
            answer,
            stopReason: e.stopReason,
            turns: e.turns,
            toolCalls: e.toolCalls,
            usage: e.usage,
            elapsedMs: e.elapsedMs,
          };
        }
        break;
      default:
        break;
    }
  }
  rebuilt.pendingCalls = [...outstanding.values()];
  return rebuilt;
}

/** The answer went back for a repair round: the model is told why, in place of the empty-reply nudge pushed above. */
function resumeRepair(history: History, message: string): void {
  const last = history.messages[history.messages.length - 1];
  if (last?.role === 'user' && last.content === EMPTY_REPLY_NUDGE) history.messages.pop();
  history.push({ role: 'user', content: message });
}

/** One compact stderr line per step, from the same event stream the panel and the trajectory use. */
import type { AgentEvent } from '../agent/events';
import { summarizeStatuses } from '../agent/citations/report';

export function progressLine(e: AgentEvent): string | undefined {
  switch (e.type) {
    case 'run_start': {
      const record = e.session
        ? `; turn ${e.session.turn} of the session, from a record of ~${e.session.recordTokens.toLocaleString('en-US')} of ${e.session.recordBudget.toLocaleString('en-US')} tokens`
        : '';
      const instructions = e.instructions?.length ? `; the project's instructions from ${e.instructions.join(', ')}` : '';
      return `[start] ${e.model} (${e.protocol})${e.resumed ? ' resumed' : ''}, up to ${e.settings.maxTurns} turns${record}${instructions}`;
    }
    case 'session_turn':
      return `[turn ${e.turn}] follow-up: ${e.question.split('\n', 1)[0].slice(0, 100)}`;
    case 'session_folded':
      return `[turn ${e.turn}] ${e.through === 1 ? 'turn 1' : `turns 1–${e.through}`} folded into a summary of ${e.summary.length.toLocaleString('en-US')} chars${e.mechanical ? ' (without the model)' : ''}`;
    case 'tool_result': {
      const mark = e.isError ? '✗' : '✓';
      const first = e.content.split('\n', 1)[0].slice(0, 100);
      return `[${e.turn}] ${e.name} ${mark} ${e.content.length.toLocaleString('en-US')} chars, ${Math.round(e.durationMs)} ms${e.isError ? `: ${first}` : ''}`;
    }
    case 'tool_call':
      return undefined;
    case 'approval':
      return `[${e.turn}] ${e.approved ? 'allowed' : 'denied'} ${e.kind} ${e.tool} (${e.by}${e.scope !== 'once' ? `, ${e.scope}` : ''}): ${e.summary}`;
    case 'subtask_start':
      return `[${e.turn}] subtask ${e.childRunId.slice(0, 8)} started: ${e.question.split('\n', 1)[0].slice(0, 100)}`;
    case 'subtask_end':
      return `[subtask ${e.childRunId.slice(0, 8)}] ${e.stopReason}: ${e.turns} turns, ${e.toolCalls} tool calls, ${(e.usage.promptTokens + e.usage.completionTokens).toLocaleString('en-US')} tokens`;
    case 'attempt_start':
      return `[attempt ${e.attempt}/${e.of}]${e.attempt > 1 ? ' fresh context from the earlier summaries' : ''}`;
    case 'attempt_summary':
      return `[attempt ${e.attempt}] ended (${e.reason.replace('_', ' ')}), outcome ${e.outcome}; summary ${e.summary.length.toLocaleString('en-US')} chars`;
    case 'retry':
      return `[${e.turn}] retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.reason}`;
    case 'citation_report':
      return `[${e.turn}] citations: ${summarizeStatuses(e.citations)}${e.repair ? `; sent back for repair (round ${e.round + 1})` : ''}`;
    case 'run_end': {
      const tokens = (e.usage.promptTokens + e.usage.completionTokens).toLocaleString('en-US');
      return `[end] ${e.stopReason}: ${e.turns} turns, ${e.toolCalls} tool calls, ${tokens} tokens${e.usage.estimated ? ' (estimated)' : ''}, ${(e.elapsedMs / 1000).toFixed(1)} s${e.error ? ` — ${e.error}` : ''}`;
    }
    default:
      return undefined;
  }
}

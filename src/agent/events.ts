/**
 * The one event stream of a run. The panel, the CLI and the trajectory file all consume it; a run can
 * be resumed from it. Every event carries `seq` (0, 1, 2 … within a file) and `t` (ms since epoch).
 */
import type { ToolCallRecord } from './messages';
import type { ApprovalScope, EgressMatch } from './approvals';
import type { Budget, Prices, Usage } from './usage';
import type { CheckedCitation } from './citations/types';

export type Protocol = 'openai-tools' | 'mirothinker-xml';

export type StopReason =
  | 'answered' // the model gave its answer on its own
  | 'max_turns' // the turn cap was reached; a last turn without tools asked for the answer
  | 'context_limit' // the next turn would not fit; a last turn without tools asked for the answer
  | 'cancelled' // the AbortSignal fired
  | 'model_error' // the endpoint kept failing (after retries) or refused
  | 'budget' // the run's token or cost budget was reached; resume it with a new budget
  | 'no_answer' // the model kept returning nothing usable
  | 'guard'; // the egress guard stopped the run (repeated failed guesses at one file's content)

export interface RunStartEvent {
  type: 'run_start';
  runId: string;
  question: string;
  model: string;
  protocol: Protocol;
  workspace?: string;
  settings: { maxTurns: number; keepToolResults: number; maxToolResultChars: number; contextWindow: number };
  tools: string[];
  resumed?: boolean;
  /** The run's budget and prices, when set (cost in the panel and CLI comes from these). */
  budget?: Budget;
  prices?: Prices;
  /** Attempts this run may make (set only when more than one; see attempts.ts). */
  attempts?: number;
  /** Where the project's instructions in the system prompt came from (AGENTS.md, …), when any were used. */
  instructions?: string[];
  /** Set on a follow-up in a research session (session/): which turn, and the record it starts from. */
  session?: SessionRecordFigures;
}
/** What a follow-up's record carries (session/record.ts): its size, the turns in it whole, and how many were folded. */
export interface SessionRecordFigures {
  turn: number;
  /** Estimated tokens of the record (the earlier questions, answers and cited excerpts). */
  recordTokens: number;
  recordBudget: number;
  /** Earlier turns carried whole (the rest are in the summary). */
  wholeTurns: number;
  /** Turns 1..foldedThrough are in the summary (0: none). */
  foldedThrough: number;
  /** Cited excerpts (file lines, page excerpts) carried. */
  excerpts: number;
}
export interface TurnStartEvent {
  type: 'turn_start';
  turn: number;
  final: boolean;
  promptTokensEstimate: number;
}
export interface TextDeltaEvent {
  type: 'text_delta';
  turn: number;
  kind: 'text' | 'reasoning';
  text: string;
}
export interface AssistantMessageEvent {
  type: 'assistant_message';
  turn: number;
  text: string;
  reasoning?: string;
  toolCalls: ToolCallRecord[];
  usage?: { promptTokens: number; completionTokens: number; estimated: boolean };
  /** Set when a protocol note was added (e.g. extra XML tool calls ignored). */
  note?: string;
}
export interface ToolCallEvent {
  type: 'tool_call';
  turn: number;
  call: ToolCallRecord;
  args?: unknown;
}
export interface ToolResultEvent {
  type: 'tool_result';
  turn: number;
  callId: string;
  name: string;
  /** Exactly what the model read (after the size cap and notes). */
  content: string;
  isError: boolean;
  durationMs: number;
  /** Characters cut by the size cap (0 when nothing was cut). */
  cutChars: number;
  /** How many identical calls came before this one. */
  repeatOf: number;
  details?: Record<string, unknown>;
}
/**
 * A call that needed the user's consent, and the answer: a workspace write, an MCP tool that is not
 * read-only, or workspace data about to leave the machine. Comes before the call's tool_result.
 */
export interface ApprovalEvent {
  type: 'approval';
  turn: number;
  callId: string;
  kind: 'write' | 'mcp' | 'egress';
  tool: string;
  approved: boolean;
  /**
   * Who decided: the user now; a policy (--allow-tool, autoApprove, --allow-egress, or the CLI's "no
   * terminal, no" for writes and MCP tools); the egress guard, when no one could be asked (the CLI
   * without --allow-egress); an earlier "for this run"; or the trajectory (resume).
   */
  by: 'user' | 'policy' | 'guard' | 'run' | 'resume';
  scope: ApprovalScope;
  /** What a "run"/"always" yes covers: "write" or "mcp:server/tool". */
  grant?: string;
  /** One line: the write's summary, "server/tool {args}", or how many matches in which arguments. */
  summary: string;
  /** For egress: the workspace data found and where it was read. */
  matches?: EgressMatch[];
}
export interface RetryEvent {
  type: 'retry';
  turn: number;
  attempt: number;
  delayMs: number;
  reason: string;
}
/**
 * A reply that was thrown away and asked for again within the same turn (it is not in the history and
 * counted no tool call): cut by `max_tokens` (asked again with a larger limit), stuck repeating itself,
 * a tool call that could not be read, or blocked by the endpoint's content filter.
 */
export interface TurnRedoEvent {
  type: 'turn_redo';
  turn: number;
  reason: RedoReason;
  /** 1 for the first redo of this turn. */
  attempt: number;
  /** What the discarded reply said (cut to a few thousand characters). */
  discarded: string;
  /** The `max_tokens` of the next request, when it changed. */
  maxTokens?: number;
  /** Tokens the discarded reply cost, when the server reported them. */
  usage?: { promptTokens: number; completionTokens: number };
}
export type RedoReason = 'length' | 'degenerate' | 'malformed_call' | 'content_filter';

/** The run reached its budget before a model call. `waiting`: someone was asked to Continue or Stop. */
export interface BudgetPausedEvent {
  type: 'budget_paused';
  turn: number;
  usage: Usage;
  costUsd?: number;
  budget: Budget;
  reached: 'tokens' | 'usd';
  waiting: boolean;
}
/** The user continued a paused run with a new budget. */
export interface BudgetResumedEvent {
  type: 'budget_resumed';
  turn: number;
  budget: Budget;
}

export interface ContextTrimmedEvent {
  type: 'context_trimmed';
  turn: number;
  callIds: string[];
  keptResults: number;
}
export interface FinalAnswerEvent {
  type: 'final_answer';
  turn: number;
  text: string;
}
/** The citations of an answer checked against what the run saw (src/agent/citations). */
export interface CitationReportEvent {
  type: 'citation_report';
  turn: number;
  /** 0 for the first answer checked; n after n repair rounds. */
  round: number;
  citations: CheckedCitation[];
  /** Set when the answer was sent back to the model: exactly what it was told. */
  repair?: string;
}
/** What a run's end records (run_end for the run, subtask_end for a subagent); figures.ts maps them to and from a result. */
export interface EndFigures {
  stopReason: StopReason;
  answered: boolean;
  turns: number;
  toolCalls: number;
  usage: Usage;
  elapsedMs: number;
  error?: string;
}
export interface RunEndEvent extends EndFigures {
  type: 'run_end';
  /** Which attempt ended the run (set only when the run may make more than one). */
  attempt?: number;
}

/** A fresh context begins: the question plus every earlier attempt's summary (attempts.ts). */
export interface AttemptStartEvent {
  type: 'attempt_start';
  attempt: number;
  of: number;
}
/** Why an attempt ended without an answer it was confident in. */
export type AttemptOutcome = 'incomplete' | 'blocked' | 'misdirected' | 'format_missed';
/** The summary written, without tools, at the end of an attempt that did not answer; the next attempt starts from it. */
export interface AttemptSummaryEvent {
  type: 'attempt_summary';
  attempt: number;
  outcome: AttemptOutcome;
  /** What ended the attempt: the turn cap, the context limit, no answer, or the model saying it could not finish. */
  reason: 'max_turns' | 'context_limit' | 'no_answer' | 'gave_up';
  summary: string;
  /** The attempt's own figures, the summary turn included (so a resumed run can add them up). */
  turns: number;
  toolCalls: number;
  usage: Usage;
  /** Someone may edit the summary before the next attempt starts; it starts on its own after `autoStartMs`. */
  review?: { autoStartMs: number };
}
/** The summary as the user edited it before the next attempt (replaces the attempt's summary in the next task). */
export interface AttemptSummaryEditedEvent {
  type: 'attempt_summary_edited';
  attempt: number;
  summary: string;
}
/**
 * A follow-up question in a research session (session/): the turns before it are earlier in this same
 * file (the run the file began with is turn 1). Written first, before anything else of the turn.
 */
export interface SessionTurnEvent {
  type: 'session_turn';
  /** 2 for the first follow-up. */
  turn: number;
  question: string;
  /** Tokens the record the follow-up starts from may take. */
  recordBudget: number;
}
/** The oldest turns of a session folded into one summary, because the record outgrew its budget. */
export interface SessionFoldedEvent {
  type: 'session_folded';
  /** The follow-up the record was made for. */
  turn: number;
  /** Turns 1..through are in the summary now (it replaces any earlier one). */
  through: number;
  summary: string;
  usage: Usage;
  /** The model could not write it: built from the questions and answers alone. */
  mechanical?: boolean;
}
/** A research_subtask call started a child run (subtasks.ts); its events follow as subtask_event. */
export interface SubtaskStartEvent {
  type: 'subtask_start';
  turn: number;
  callId: string;
  childRunId: string;
  question: string;
  focus?: string;
  maxToolCalls: number;
  depth: number;
}
/** One event of a child run, with the child's own seq, so one trajectory file holds the whole tree. */
export interface SubtaskEventEvent {
  type: 'subtask_event';
  childRunId: string;
  event: AgentEvent;
}
/** A child run ended; its usage is added to the parent's. */
export interface SubtaskEndEvent extends EndFigures {
  type: 'subtask_end';
  callId: string;
  childRunId: string;
  answer?: string;
}

export type AgentEventBody =
  | RunStartEvent
  | TurnStartEvent
  | TextDeltaEvent
  | AssistantMessageEvent
  | ToolCallEvent
  | ToolResultEvent
  | ApprovalEvent
  | RetryEvent
  | TurnRedoEvent
  | BudgetPausedEvent
  | BudgetResumedEvent
  | ContextTrimmedEvent
  | FinalAnswerEvent
  | CitationReportEvent
  | RunEndEvent
  | AttemptStartEvent
  | AttemptSummaryEvent
  | AttemptSummaryEditedEvent
  | SubtaskStartEvent
  | SubtaskEventEvent
  | SubtaskEndEvent
  | SessionTurnEvent
  | SessionFoldedEvent;

export type AgentEvent = AgentEventBody & { seq: number; t: number };

export type EventListener = (event: AgentEvent) => void;

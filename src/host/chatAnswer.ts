/**
 * What @research writes into the Chat view while a turn runs: the model's text as it is written (tool
 * calls as progress lines between), a note when the citation check sends the answer back for a
 * revision, and at the end the verified sources as references and anchors to their files and lines
 * (web sources by URL). Also: which session a chat continues, read from its history, and the
 * follow-ups offered after an answer. No `vscode` import: chatParticipant.ts adapts ChatResponseStream.
 */
import type { AgentEvent } from '../agent/events';
import type { RunFigures } from '../agent/figures';
import { uniqueCitations } from '../agent/citations/report';
import type { CheckedCitation } from '../agent/citations/types';

/** ChatResponseStream, as far as @research uses it. */
export interface ChatOut {
  markdown(text: string): void;
  progress(text: string): void;
  /** A workspace file's lines (1-based), listed among the response's references. */
  fileReference(path: string, start: number | undefined, end: number | undefined): void;
  urlReference(url: string): void;
  /** An inline link to a file's lines, or to a URL. */
  anchor(target: { path: string; start?: number; end?: number } | { url: string }, title: string): void;
}

/** The metadata of an @research result: the session it belongs to and what to offer next. */
export interface ChatTurnMetadata {
  runId: string;
  turn: number;
  followUps: string[];
}

const RUN_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The session a chat continues: the run id in the metadata of the latest @research answer in its history. */
export function sessionOfHistory(history: readonly unknown[], participant: string): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i] as { participant?: unknown; result?: { metadata?: { runId?: unknown } } } | undefined;
    if (!h || h.participant !== participant || !h.result) continue;
    const id = h.result.metadata?.runId;
    if (typeof id === 'string' && RUN_ID.test(id)) return id;
  }
  return undefined;
}

export class ChatAnswer {
  /** Loop turns whose text went into the chat, and what they wrote. */
  private readonly written = new Map<number, string>();
  private lastTurn: number | undefined;
  private report: CheckedCitation[] | undefined;
  private answer: string | undefined;

  /** `streamText`: false for a protocol whose text carries its tool calls (MiroThinker's XML): the answer comes whole at the end. */
  constructor(
    private readonly out: ChatOut,
    private readonly streamText: boolean,
  ) {}

  readonly onEvent = (e: AgentEvent): void => {
    switch (e.type) {
      case 'text_delta':
        if (e.kind === 'text' && this.streamText && e.text) this.write(e.turn, e.text);
        return;
      case 'tool_call':
        this.out.progress(`${e.call.name} ${e.call.arguments.replace(/\s+/g, ' ').slice(0, 80)}`);
        return;
      case 'turn_redo':
        if (this.written.has(e.turn)) this.out.markdown('\n\n*(that reply was cut off and is being asked for again)*\n\n');
        this.written.delete(e.turn);
        return;
      case 'citation_report':
        this.report = e.citations;
        if (e.repair)
          this.out.markdown('\n\n*Some citations could not be checked against what was read: the answer is being revised.*\n\n');
        return;
      case 'session_folded':
        this.out.progress('Summarising the oldest turns of this session');
        return;
      case 'final_answer':
        this.answer = e.text;
        // Text that was not streamed (the XML protocol, a model that sends no deltas) comes whole now.
        if (!(this.written.get(e.turn) ?? '').includes(e.text.trim())) this.write(e.turn, e.text);
        return;
      default:
        return;
    }
  };

  private write(turn: number, text: string): void {
    if (this.lastTurn !== undefined && this.lastTurn !== turn && this.written.size > 0) this.out.markdown('\n\n');
    this.lastTurn = turn;
    this.written.set(turn, (this.written.get(turn) ?? '') + text);
    this.out.markdown(text);
  }

  /** After the turn: its verified sources, or why it ended without an answer. */
  finish(result: RunFigures, redact: (text: string) => string): void {
    if (result.answer === undefined) {
      const why = `${result.stopReason.replace(/_/g, ' ')}${result.error ? `: ${redact(result.error)}` : ''}`;
      this.out.markdown(`\n\nThe run ended without an answer (${why}).`);
      return;
    }
    const cited = uniqueCitations(this.report ?? []);
    const verified = cited.filter((c) => c.status === 'verified');
    for (const c of cited) {
      if (c.kind === 'url' && (c.status === 'verified' || c.status === 'observed')) this.out.urlReference(c.ref);
    }
    if (verified.length === 0) return;
    this.out.markdown('\n\nSources: ');
    verified.forEach((c, i) => {
      if (i > 0) this.out.markdown(' · ');
      const label = c.kind === 'file' && c.lines ? `${c.ref}:${c.lines}` : c.ref;
      if (c.kind === 'url') return this.out.anchor({ url: c.ref }, label);
      const { start, end } = lineRange(c.lines);
      this.out.fileReference(c.ref, start, end);
      this.out.anchor({ path: c.ref, start, end }, label);
    });
  }

  /** Follow-ups to offer once the answer is in (the chat shows them as buttons). */
  followUps(): string[] {
    if (this.answer === undefined) return ['Try again, looking in other places'];
    const file = uniqueCitations(this.report ?? []).find((c) => c.kind === 'file' && c.status === 'verified');
    return [
      ...(file ? [`Where is ${file.ref.split('/').pop()} used from?`] : []),
      'Which parts of this answer are least certain, and how could we check them?',
      'What else in this workspace depends on this?',
    ];
  }
}

function lineRange(lines: string | undefined): { start?: number; end?: number } {
  const m = lines ? /^(\d+)(?:-(\d+))?$/.exec(lines) : null;
  if (!m) return {};
  const start = Number(m[1]);
  return { start, end: m[2] ? Number(m[2]) : start };
}

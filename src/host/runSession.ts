/**
 * One research session as the extension holds it (a run, and the follow-ups asked after it): its events
 * (as on disk), its status (the latest turn's), pending approvals, and the panels that watch it. No
 * `vscode` import, so it is tested without an editor.
 */
import type { AgentEvent } from '../agent/events';
import type { ApprovalAnswer, ApprovalRequest } from '../agent/approvals';
import type { Budget, BudgetDecision } from '../agent/usage';
import { SummaryReviewGate } from './summaryReviewGate';
import { sessionTurns } from '../agent/session/session';
import { compactForSnapshot, type ApprovalDecision, type ApprovalView, type HostMessage, type RunStatus } from '../shared/panelProtocol';

type Subscriber = (message: HostMessage) => void;

export class RunSession {
  /** The events while the run goes on; once it has ended they are released and read back from disk on demand. */
  private held: AgentEvent[] = [];
  private released = false;
  /** Stops the turn under way; each turn gets a new one. */
  controller = new AbortController();
  status: RunStatus;
  private readonly subscribers = new Set<Subscriber>();
  private readonly approvals = new Map<string, { view: ApprovalView; resolve: (answer: ApprovalAnswer) => void }>();
  private nextApproval = 0;
  private budgetWaiter: ((decision: BudgetDecision) => void) | undefined;
  /** An attempt's summary the panel may edit before the next attempt starts. */
  readonly summaryReview = new SummaryReviewGate();

  constructor(
    readonly runId: string,
    readonly question: string,
    readonly trajectoryPath: string,
    status: RunStatus = 'running',
    /** Reads the run's events back from its trajectory file (given, a finished run need not stay in memory). */
    private readonly readBack?: () => AgentEvent[],
  ) {
    this.status = status;
  }

  get events(): readonly AgentEvent[] {
    return this.released && this.readBack ? this.readBack() : this.held;
  }

  /**
   * A new turn begins (a follow-up, or a first question that never started): the session's events so far,
   * held again while the turn runs. Undefined when they cannot be read back (the file is gone or torn).
   */
  reopen(): readonly AgentEvent[] | undefined {
    let events: AgentEvent[];
    try {
      events = [...this.events];
    } catch {
      return undefined;
    }
    this.held = events;
    this.released = false;
    this.controller = new AbortController();
    this.setStatus('running');
    return events;
  }

  /**
   * A turn that did not start: the status goes back to the last turn's (or to `status`), the events back to
   * disk. A first question that never started has no file to read them from: it keeps its (no) events.
   */
  settle(status?: RunStatus): void {
    this.setStatus(status ?? statusFrom(this.held));
    if (this.held.length > 0) this.release();
  }

  /** Lets a finished run's events go; they are read from disk when a panel or Insert Findings needs them. */
  release(): void {
    if (this.readBack && this.status !== 'running') {
      this.held = [];
      this.released = true;
    }
  }

  /** A session read back from a trajectory file (a reload, Show Runs). */
  static fromEvents(runId: string, trajectoryPath: string, events: AgentEvent[], readBack?: () => AgentEvent[]): RunSession {
    const start = events.find((e) => e.type === 'run_start');
    const question = start?.type === 'run_start' ? start.question : '(unknown question)';
    const session = new RunSession(runId, question, trajectoryPath, statusFrom(events), readBack);
    session.held.push(...events);
    session.release();
    return session;
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  private broadcast(message: HostMessage): void {
    for (const fn of this.subscribers) {
      try {
        fn(message);
      } catch {
        // a disposed panel
      }
    }
  }

  push(event: AgentEvent): void {
    this.held.push(event);
    this.broadcast({ type: 'events', events: [event] });
    if (event.type === 'run_end') this.setStatus(statusOf(event.stopReason, event.answered));
  }

  setStatus(status: RunStatus): void {
    this.status = status;
    this.broadcast({ type: 'status', status });
  }

  snapshot(): HostMessage {
    return {
      type: 'snapshot',
      runId: this.runId,
      status: this.status,
      question: this.question,
      events: compactForSnapshot(this.events),
      approvals: [...this.approvals.values()].map((a) => a.view),
    };
  }

  answer(): string | undefined {
    return this.turnView()?.answer;
  }

  /**
   * A turn as Insert Findings and Export see it: its question, its answer, and the session's events through
   * its end (what it saw includes the turns before). By default the latest turn that has an answer.
   */
  turnView(turn?: number): { turn: number; question: string; answer?: string; events: readonly AgentEvent[] } | undefined {
    const events = this.events;
    const turns = sessionTurns(events);
    const t =
      turn === undefined ? ([...turns].reverse().find((x) => x.answer !== undefined) ?? turns.at(-1)) : turns.find((x) => x.turn === turn);
    if (!t) return undefined;
    return { turn: t.turn, question: t.question, answer: t.answer, events: events.slice(0, t.to) };
  }

  /**
   * Asks whoever watches (the panel) about a write, an MCP call or data leaving; denied when the run
   * is stopped. "For this run" grants are kept by the agent (src/agent/consent/consent.ts), not here.
   */
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    const id = `w${++this.nextApproval}`;
    const view: ApprovalView = { id, ...request };
    return new Promise<ApprovalAnswer>((resolve) => {
      const done = (answer: ApprovalAnswer) => {
        if (!this.approvals.delete(id)) return;
        signal.removeEventListener('abort', onAbort);
        this.broadcast({ type: 'approvalResolved', id, accepted: answer.approved });
        resolve(answer);
      };
      const onAbort = () => done({ approved: false, scope: 'once' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.approvals.set(id, { view, resolve: done });
      this.broadcast({ type: 'approval', approval: view });
      if (signal.aborted) onAbort();
    });
  }

  /** The panel's answer; false when there is no such question or the answer does not fit it. */
  resolveApproval(id: string, decision: ApprovalDecision): boolean {
    const pending = this.approvals.get(id);
    if (!pending) return false;
    // "Always" is offered for MCP tools only; data leaving is decided call by call.
    if (decision === 'alwaysAllow' && pending.view.kind !== 'mcp') return false;
    if (decision === 'acceptAll' && pending.view.kind === 'egress') return false;
    const scope = decision === 'acceptAll' ? 'run' : decision === 'alwaysAllow' ? 'always' : 'once';
    pending.resolve({ approved: decision !== 'reject', scope });
    return true;
  }

  /**
   * Waits for the panel's answer to a budget pause (the `budget_paused` event already told it to ask).
   * Stopping the run answers Stop.
   */
  requestBudgetDecision(signal: AbortSignal): Promise<BudgetDecision> {
    return new Promise((resolve) => {
      const done = (decision: BudgetDecision) => {
        signal.removeEventListener('abort', onAbort);
        this.budgetWaiter = undefined;
        resolve(decision);
      };
      const onAbort = () => done({ continue: false });
      signal.addEventListener('abort', onAbort, { once: true });
      this.budgetWaiter = done;
      if (signal.aborted) done({ continue: false });
    });
  }

  /** The panel's answer; false when no pause is waiting (a stale or repeated click). */
  resolveBudget(decision: { continue: false } | { continue: true; budget: Budget }): boolean {
    const waiter = this.budgetWaiter;
    if (!waiter) return false;
    waiter(decision);
    return true;
  }

  get pendingApprovals(): number {
    return this.approvals.size;
  }
}

/** The status the events leave a session in: the last run's end, or stopped when it has none. */
function statusFrom(events: readonly AgentEvent[]): RunStatus {
  const end = [...events].reverse().find((e) => e.type === 'run_end');
  return !end || end.type !== 'run_end' ? 'stopped' : statusOf(end.stopReason, end.answered);
}

function statusOf(stopReason: string, answered: boolean): RunStatus {
  if (stopReason === 'cancelled') return 'stopped';
  return answered ? 'done' : 'failed';
}

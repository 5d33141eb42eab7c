/**
 * One run as the extension holds it: its events (as on disk), its status, pending write approvals,
 * and the panels that watch it. No `vscode` import, so it is tested without an editor.
 */
import type { AgentEvent } from '../agent/events';
import type { ApprovalRequest } from '../agent/tool';
import type { Budget, BudgetDecision } from '../agent/budget';
import { compactForSnapshot, type ApprovalView, type HostMessage, type RunStatus } from '../shared/panelProtocol';

type Subscriber = (message: HostMessage) => void;

export class RunSession {
  readonly events: AgentEvent[] = [];
  readonly controller = new AbortController();
  status: RunStatus;
  allowWritesForRun = false;
  private readonly subscribers = new Set<Subscriber>();
  private readonly approvals = new Map<string, { view: ApprovalView; resolve: (ok: boolean) => void }>();
  private nextApproval = 0;
  private budgetWaiter: ((decision: BudgetDecision) => void) | undefined;

  constructor(
    readonly runId: string,
    readonly question: string,
    readonly trajectoryPath: string,
    status: RunStatus = 'running',
  ) {
    this.status = status;
  }

  /** A session read back from a trajectory file (a reload, Show Runs). */
  static fromEvents(runId: string, trajectoryPath: string, events: AgentEvent[]): RunSession {
    const start = events.find((e) => e.type === 'run_start');
    const question = start?.type === 'run_start' ? start.question : '(unknown question)';
    const end = [...events].reverse().find((e) => e.type === 'run_end');
    const status: RunStatus = !end || end.type !== 'run_end' ? 'stopped' : statusOf(end.stopReason, end.answered);
    const session = new RunSession(runId, question, trajectoryPath, status);
    session.events.push(...events);
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
    this.events.push(event);
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
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.type === 'final_answer') return e.text;
    }
    return undefined;
  }

  /** Asks whoever watches (the panel) to accept or reject a write; denied when the run is stopped. */
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<boolean> {
    if (this.allowWritesForRun) return Promise.resolve(true);
    const id = `w${++this.nextApproval}`;
    const view: ApprovalView = { id, ...request };
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        if (!this.approvals.delete(id)) return;
        signal.removeEventListener('abort', onAbort);
        this.broadcast({ type: 'approvalResolved', id, accepted: ok });
        resolve(ok);
      };
      const onAbort = () => done(false);
      signal.addEventListener('abort', onAbort, { once: true });
      this.approvals.set(id, { view, resolve: done });
      this.broadcast({ type: 'approval', approval: view });
      if (signal.aborted) done(false);
    });
  }

  resolveApproval(id: string, decision: 'accept' | 'reject' | 'acceptAll'): boolean {
    const pending = this.approvals.get(id);
    if (!pending) return false;
    if (decision === 'acceptAll') this.allowWritesForRun = true;
    pending.resolve(decision !== 'reject');
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

function statusOf(stopReason: string, answered: boolean): RunStatus {
  if (stopReason === 'cancelled') return 'stopped';
  return answered ? 'done' : 'failed';
}

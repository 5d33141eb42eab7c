/**
 * Consent for effects outside the run: the one place that decides whether a call may go ahead.
 * - MCP tools ask first unless the server marks them read-only (trusted by default) or the user
 *   allowed them ("server/tool" or "server/*" patterns; "for this run"; "always").
 * - Calls that leave the machine ask when their arguments carry what this run saw of the workspace
 *   (egress/guard.ts): tools marked `openWorld`, and every MCP tool whatever it declares, since a
 *   server is a program of its own and `openWorldHint: false` is only its word.
 * - Workspace writes ask through the tool itself (it shows a diff); their answers pass through here.
 * Every decision that needed consent becomes an `approval` event; on resume those events answer the
 * same calls again, and "for this run" grants come back. A subagent given the same `Consent` shares
 * its policy, grants and index of what was read.
 */
import type { AgentEvent, ApprovalEvent } from '../events';
import type { ApprovalAnswer, ApprovalRequest, ApprovalScope, Approver, ToolTraits } from '../approvals';

/** The observation that replaces a refused call. */
export interface Refusal {
  content: string;
  isError: true;
  details: Record<string, unknown>;
}
import { EgressGuard } from './egress/guard';

export interface ConsentPolicy {
  /** Trust an MCP server's `readOnlyHint: true` (default true). */
  trustReadOnlyHints?: boolean;
  /** MCP tools allowed without asking: "server/tool", "server/*" (also "*"). */
  allowTools?: readonly string[];
  /** Let workspace data leave through open-world tools without asking. */
  allowEgress?: boolean;
}

export interface CallInfo {
  callId: string;
  turn: number;
  signal: AbortSignal;
}

type ApprovalBody = Omit<ApprovalEvent, 'seq' | 't'>;

export class Consent {
  readonly guard: EgressGuard;
  /** Grants for the rest of the run: "write", "mcp:server/tool". */
  private readonly grants: Set<string>;
  /** Answers recorded in the trajectory, by "turn callId kind" (a resumed run does not ask twice). */
  private readonly answered = new Map<string, boolean>();
  private readonly approver: Approver;
  private readonly policy: ConsentPolicy;

  /** With `parent` (a subagent's run): the parent's approver, policy, grants and index, shared. */
  constructor(
    approver: Approver,
    policy: ConsentPolicy,
    question: string,
    private readonly emit: (body: ApprovalBody) => void,
    parent?: Consent,
  ) {
    this.approver = parent?.approver ?? approver;
    this.policy = parent?.policy ?? policy;
    this.guard = parent?.guard ?? new EgressGuard(question);
    this.grants = parent?.grants ?? new Set();
  }

  /** Before a call runs: undefined to go ahead, else the observation that replaces it. */
  async beforeCall(tool: ToolTraits, args: Record<string, unknown>, call: CallInfo): Promise<Refusal | undefined> {
    const leaves = tool.openWorld || tool.mcp !== undefined;
    const target = { tool: tool.name, server: tool.server, mcp: tool.mcp !== undefined, openWorld: tool.openWorld === true };
    const matches = leaves ? this.guard.check(target, args) : [];
    if (matches.length > 0) {
      const request: ApprovalRequest = { kind: 'egress', tool: tool.name, server: tool.server, args: this.guard.mask(args), matches };
      const ok = this.policy.allowEgress ? this.record(request, call, true, 'policy', 'once') : await this.ask(request, call);
      if (!ok) return egressDenied(tool.name, matches);
    }
    if (tool.mcp && !(tool.readOnly && this.policy.trustReadOnlyHints !== false)) {
      const { server, tool: serverTool, annotations } = tool.mcp;
      // Shown to the user and recorded: secrets the run has seen appear as fingerprints.
      const request: ApprovalRequest = { kind: 'mcp', tool: tool.name, server, serverTool, annotations, args: this.guard.mask(args) };
      const ok = allowedByPattern(this.policy.allowTools ?? [], server, serverTool)
        ? this.record(request, call, true, 'policy', 'once')
        : await this.ask(request, call);
      if (!ok) return mcpDenied(tool.name, server);
    }
    return undefined;
  }

  /** After a call: what a workspace-reading tool (or run_code) returned is indexed; what the web returned is the web's. */
  afterCall(
    tool: ToolTraits | undefined,
    args: Record<string, unknown> | undefined,
    content: string,
    turn: number,
    isError: boolean,
  ): void {
    if (isError || !tool) return;
    if (tool.readsWorkspace) this.guard.record(tool.name, args, content, turn);
    else if (tool.openWorld) this.guard.sawPublic(content);
  }

  /** Why the run must stop (the guard saw repeated guesses at a file), once it must. */
  get halt(): string | undefined {
    return this.guard.files.halt;
  }

  /**
   * What earlier turns of a research session saw counts as seen by this run, under the same rules as its own
   * calls (afterCall, as a resumed run replays its results): workspace results are indexed and their secrets
   * remembered, so a secret seen in an earlier turn turns the random-string rule on here too; what the web
   * returned is the web's; a file an earlier turn read or wrote may be edited without reading it again.
   * A subagent's calls count too. The indexing waits for the guard's first check (guard.later).
   */
  rememberReads(events: readonly AgentEvent[], tools: readonly ToolTraits[]): void {
    const traits = new Map(tools.map((t) => [t.name, t]));
    const args = new Map<string, Record<string, unknown> | undefined>();
    const wrote = new Set<string>();
    const results: [ToolTraits | undefined, Record<string, unknown> | undefined, string, number][] = [];
    const visit = (e: AgentEvent, scope: string): void => {
      if (e.type === 'subtask_event') {
        if (e.event && typeof e.event === 'object') visit(e.event, `${scope}${e.childRunId}/`);
      } else if (e.type === 'tool_call') {
        args.set(scope + e.call.id, e.args && typeof e.args === 'object' ? (e.args as Record<string, unknown>) : undefined);
      } else if (e.type === 'approval' && e.kind === 'write' && e.approved) {
        wrote.add(`${scope}${e.turn} ${e.callId}`);
      } else if (e.type === 'tool_result' && !e.isError) {
        const tool = traits.get(e.name);
        results.push([tool, args.get(scope + e.callId), e.content, e.turn]);
        const path = e.details?.path;
        if (!tool?.readsWorkspace || typeof path !== 'string') return;
        // A file the session wrote stays the session's (its links are not the workspace's word).
        if (wrote.has(`${scope}${e.turn} ${e.callId}`)) this.guard.files.markWritten(path);
        else this.guard.files.markRead(path);
      }
    };
    for (const e of events) visit(e, '');
    this.guard.later(() => {
      for (const [tool, a, content, turn] of results) this.afterCall(tool, a, content, turn, false);
    });
  }

  /** The approver tools get (write_file and edit_file ask through it). */
  askFor(call: CallInfo): (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean> {
    return (request, signal) => this.ask(request, { ...call, signal });
  }

  /** Whether a "for this run" grant ("write", "mcp:server/tool") was given (a subtask's tools depend on it). */
  granted(grant: string): boolean {
    return this.grants.has(grant);
  }

  /** Replays the decisions of a trajectory's approval event (resume). */
  replay(event: ApprovalBody): void {
    this.answered.set(answerKey(event.turn, event.callId, event.kind), event.approved);
    if (event.approved && event.grant && (event.scope === 'run' || event.scope === 'always')) this.grants.add(event.grant);
  }

  private async ask(request: ApprovalRequest, call: CallInfo): Promise<boolean> {
    const grant = grantKey(request);
    if (grant && this.grants.has(grant)) return this.record(request, call, true, 'run', 'run');
    // Keyed by turn too (some servers repeat ids such as "0"), and used once: only the call it answered.
    const key = answerKey(call.turn, call.callId, request.kind);
    const prior = this.answered.get(key);
    if (prior !== undefined) {
      this.answered.delete(key);
      return this.record(request, call, prior, 'resume', 'once');
    }
    let answer: ApprovalAnswer;
    try {
      answer = normalize(await this.approver(request, call.signal));
    } catch {
      // An approver that fails says no, and no one was asked.
      answer = { approved: false, scope: 'once', by: request.kind === 'egress' ? 'guard' : 'policy' };
    }
    // Stop while a question is open is not the user's "no": nothing is recorded, so a resumed run asks again.
    if (call.signal.aborted) throw call.signal.reason;
    // Egress is decided call by call: a yes never covers later calls.
    if (request.kind === 'egress') answer.scope = 'once';
    if (answer.approved && answer.scope !== 'once' && grant && (answer.by ?? 'user') === 'user') this.grants.add(grant);
    return this.record(request, call, answer.approved, answer.by ?? 'user', answer.scope);
  }

  private record(request: ApprovalRequest, call: CallInfo, approved: boolean, by: ApprovalEvent['by'], scope: ApprovalScope): boolean {
    const grant = grantKey(request);
    this.emit({
      type: 'approval',
      turn: call.turn,
      callId: call.callId,
      kind: request.kind,
      tool: request.tool,
      approved,
      by,
      scope,
      ...(grant ? { grant } : {}),
      summary: summarize(request),
      ...(request.kind === 'egress' ? { matches: request.matches } : {}),
    });
    return approved;
  }
}

export function allowedByPattern(patterns: readonly string[], server: string, tool: string): boolean {
  return patterns.some((p) => {
    const pattern = p.trim();
    if (pattern === '*' || pattern === '*/*') return true;
    const slash = pattern.indexOf('/');
    if (slash < 0) return false;
    const [ps, pt] = [pattern.slice(0, slash), pattern.slice(slash + 1)];
    return ps === server && (pt === '*' || pt === tool);
  });
}

function answerKey(turn: number, callId: string, kind: string): string {
  return `${turn} ${callId} ${kind}`;
}

function grantKey(request: ApprovalRequest): string | undefined {
  if (request.kind === 'write') return 'write';
  if (request.kind === 'mcp') return `mcp:${request.server}/${request.serverTool}`;
  return undefined;
}

function normalize(reply: boolean | ApprovalAnswer): ApprovalAnswer {
  if (typeof reply === 'boolean') return { approved: reply, scope: 'once' };
  const scope: ApprovalScope = reply.scope === 'run' || reply.scope === 'always' ? reply.scope : 'once';
  const by = reply.by === 'policy' || reply.by === 'guard' ? reply.by : 'user';
  return { approved: reply.approved === true, scope, by };
}

function summarize(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'write':
      return request.summary;
    case 'mcp':
      return `${request.server}/${request.serverTool} ${clip(JSON.stringify(request.args), 200)}`;
    case 'egress':
      return `${request.matches.length} match${request.matches.length === 1 ? '' : 'es'} of workspace data in ${[...new Set(request.matches.map((m) => m.field))].join(', ')}`;
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function mcpDenied(tool: string, server: string): Refusal {
  return {
    isError: true,
    content:
      `The user did not allow ${tool} (MCP server "${server}") to run. Nothing was done. ` +
      'Do not call it again with the same arguments; continue without it or explain what you need it for.',
    details: { denied: 'mcp', server },
  };
}

function egressDenied(tool: string, matches: EgressApproval['matches']): Refusal {
  const where = [...new Set(matches.map((m) => m.source))].slice(0, 3).join('; ');
  const what = matches.some((m) => m.secret)
    ? 'a secret read from the workspace'
    : matches.some((m) => m.form?.startsWith('a random-looking'))
      ? 'a random-looking string, and this run has read a secret'
      : 'data read from the workspace';
  return {
    isError: true,
    content:
      `Blocked: the arguments of ${tool} contain ${what} (from ${where}), and sending it out was not allowed. ` +
      'Nothing was sent. Do not put workspace content, or anything made from it, into web requests or remote tools; ' +
      'search or fetch with your own words instead.',
    details: { denied: 'egress', sources: [...new Set(matches.map((m) => m.source))] },
  };
}

type EgressApproval = Extract<ApprovalRequest, { kind: 'egress' }>;

/**
 * The tool seam. A tool is a value: a name, a description, a JSON schema for its input, and
 * `execute`, which never throws for expected failures: it returns an observation the model can read.
 * Nothing here imports `vscode` or `node:fs`; the file system reaches tools through ports.
 */

import { checkInput, type InputOf, type ToolSchema } from './schema';
import type { ApprovalRequest, ToolTraits } from './approvals';

export type { ToolAnnotations } from './approvals';
import type { Consent } from './consent/consent';
import type { AgentEventBody } from './events';

export interface ToolContext {
  signal: AbortSignal;
  /** Asks the user; resolves false when denied. Tools that change nothing never call it. */
  approve: (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;
  /**
   * The run's consent rules (policy, grants, what was read). A tool that starts a subagent passes it
   * on as the child's `inheritConsent`, so the child asks and guards exactly as its parent does.
   */
  consent?: Consent;
  /** The call being run and its turn (a subtask tags its child's events with them). */
  callId?: string;
  turn?: number;
  /** Adds an event to the run's stream (a subtask forwards its child's events); absent outside a run. */
  emit?: (body: AgentEventBody) => void;
}

export interface ToolResult {
  /** Text the model reads. */
  content: string;
  /** True when the call failed; the model still reads `content`. */
  isError?: boolean;
  /** Structured details for a UI (paths touched, counts); never sent to the model. */
  details?: Record<string, unknown>;
}

export interface Tool<I = Record<string, unknown>> extends ToolTraits {
  description: string;
  schema: ToolSchema;
  execute(input: I, ctx: ToolContext): Promise<ToolResult>;
  /** Several calls of this tool in one turn run at the same time (research_subtask). */
  concurrent?: boolean;
  /** Overrides the run's per-call time limit; 0 means none (a subtask is a run of its own, with its own limits). */
  timeoutMs?: number;
}

/** The optional metadata of a tool (see Tool). */
export type ToolMeta = Pick<Tool, 'readOnly' | 'openWorld' | 'readsWorkspace' | 'mcp'>;

/** Thrown by ports for refusals and expected failures; tools turn it into an error observation. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

export function ok(content: string, details?: Record<string, unknown>): ToolResult {
  return details ? { content, details } : { content };
}

export function fail(content: string): ToolResult {
  return { content, isError: true };
}

/** What a tool is made of; `run` gets input that already fits `schema`, typed from it (InputOf). */
export interface ToolSpec<S extends ToolSchema> extends ToolMeta {
  name: string;
  description: string;
  schema: S;
  server: string;
  run(input: InputOf<S>, ctx: ToolContext): Promise<ToolResult>;
}

/**
 * The one way to make a tool: the input is checked against the schema first, and any failure (a
 * ToolError from a port, or an unexpected exception) comes back as an error observation the model
 * reads, never as an exception that ends the run. The schema is read as a literal (`const S`), so
 * `run`'s input has the schema's fields as types: no cast in a tool.
 */
export function defineTool<const S extends ToolSchema>(spec: ToolSpec<S>): Tool {
  const { name, description, schema, server, run: _run, ...meta } = spec;
  return {
    name,
    description,
    schema,
    server,
    ...meta,
    async execute(input, ctx) {
      const checked = checkInput(input, schema);
      if ('problem' in checked) return fail(`${name}: ${checked.problem}`);
      try {
        return await spec.run(checked.input, ctx);
      } catch (error) {
        if (error instanceof ToolError) return fail(error.message);
        return fail(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

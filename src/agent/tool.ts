/**
 * The tool seam. A tool is a value: a name, a description, a JSON schema for its input, and
 * `execute`, which never throws for expected failures: it returns an observation the model can read.
 * Nothing here imports `vscode` or `node:fs`; the file system reaches tools through ports.
 */

import { validateInput } from './validateInput';

/** A JSON schema for an object of simple fields, as sent to the model. */
export interface ToolSchema {
  type: 'object';
  properties: Record<string, JsonSchemaField>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface JsonSchemaField {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

/** What the user is asked before a tool changes something. */
export interface ApprovalRequest {
  tool: string;
  /** Workspace-relative path the change touches. */
  path: string;
  /** One-line summary for a prompt. */
  summary: string;
  /** Content before (undefined when the file is new) and after the change. */
  before: string | undefined;
  after: string;
}

export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;

export interface ToolContext {
  signal: AbortSignal;
  /** Asks the user; resolves false when denied. Tools that change nothing never call it. */
  approve: Approver;
}

export interface ToolResult {
  /** Text the model reads. */
  content: string;
  /** True when the call failed; the model still reads `content`. */
  isError?: boolean;
  /** Structured details for a UI (paths touched, counts); never sent to the model. */
  details?: Record<string, unknown>;
}

export interface Tool<I = Record<string, unknown>> {
  name: string;
  description: string;
  schema: ToolSchema;
  /** Name of the server the tool belongs to (MCP style); built-in tools use "workspace" etc. */
  server: string;
  execute(input: I, ctx: ToolContext): Promise<ToolResult>;
}

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

/** What a tool is made of; `run` gets input that already fits `schema`. */
export interface ToolSpec<I> {
  name: string;
  description: string;
  schema: ToolSchema;
  server: string;
  run(input: I, ctx: ToolContext): Promise<ToolResult>;
}

/**
 * The one way to make a tool: the input is checked against the schema first, and any failure (a
 * ToolError from a port, or an unexpected exception) comes back as an error observation the model
 * reads, never as an exception that ends the run.
 */
export function defineTool<I = Record<string, unknown>>(spec: ToolSpec<I>): Tool<I> {
  const { name, description, schema, server } = spec;
  return {
    name,
    description,
    schema,
    server,
    async execute(input, ctx) {
      const problem = validateInput(input, schema);
      if (problem) return fail(`${name}: ${problem}`);
      try {
        return await spec.run(input, ctx);
      } catch (error) {
        if (error instanceof ToolError) return fail(error.message);
        return fail(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/**
 * The approval vocabulary: what the user is asked before a tool changes a file, an MCP tool with
 * effects runs, or workspace data leaves the machine, and how far a yes reaches. The consent layer
 * (consent/) decides when to ask; hosts (the panel, the CLI, VS Code's dialogs) do the asking.
 */
/** The behaviour hints an MCP server declares for a tool (MCP `ToolAnnotations`); never trusted for more than they claim. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What the consent layer reads of a tool (tool.ts's Tool has these): its name and the hints that decide whether it asks. */
export interface ToolTraits {
  name: string;
  /** Name of the server the tool belongs to (MCP style); built-in tools use "workspace" etc. */
  server: string;
  /** Changes nothing anywhere. */
  readOnly?: boolean;
  /** Reaches beyond this machine (the web, a remote service): its arguments are checked for workspace data first. */
  openWorld?: boolean;
  /** Its results are workspace (local) data: they feed the egress guard's index of what was read. */
  readsWorkspace?: boolean;
  /** Set for MCP tools: asked about before they run unless read-only or allowed (see consent.ts). */
  mcp?: { server: string; tool: string; annotations: ToolAnnotations };
}

/** What the user is asked before a tool changes a workspace file (write_file, edit_file). */
export interface WriteApproval {
  kind: 'write';
  tool: string;
  /** Workspace-relative path the change touches. */
  path: string;
  /** One-line summary for a prompt. */
  summary: string;
  /** Content before (undefined when the file is new) and after the change. */
  before: string | undefined;
  after: string;
}

/** What the user is asked before an MCP tool that may have effects runs. */
export interface McpApproval {
  kind: 'mcp';
  /** The name the model called. */
  tool: string;
  server: string;
  /** The tool's name on its server (the one patterns like "server/tool" use). */
  serverTool: string;
  annotations: ToolAnnotations;
  args: Record<string, unknown>;
}

/**
 * One place where a call's arguments carry what this run read from the workspace. Never holds a
 * secret: a secret (or a random-looking string that may encode one) shows as its fingerprint,
 * "sk-l…tgG, 40 chars", and secrets in the context around a match are masked the same way.
 */
export interface EgressMatch {
  /** Where in the arguments: "url", "query", "items[2].text". */
  field: string;
  /** A little of the argument around the match, the match itself (a fingerprint for a secret), and what follows. */
  before: string;
  text: string;
  after: string;
  /** Where it was read: "read_file notes/plan.md (turn 3)", or for a secret its file and line: "config/.env:1 (read_file, turn 5)". */
  source: string;
  /** A secret-looking token (API key, private key, .env value) rather than a long run of text. */
  secret: boolean;
  /** How it was sent when not as written: "base64", "ROT13", "10 of its 40 characters", "split over 3 calls to site:example.com", … */
  form?: string;
}

/** What the user is asked before workspace data leaves the machine through an open-world tool. */
export interface EgressApproval {
  kind: 'egress';
  tool: string;
  server: string;
  args: Record<string, unknown>;
  matches: EgressMatch[];
}

export type ApprovalRequest = WriteApproval | McpApproval | EgressApproval;

/** How far a yes reaches: this call, the rest of the run, or every run (kept in the user's settings). */
export type ApprovalScope = 'once' | 'run' | 'always';
export interface ApprovalAnswer {
  approved: boolean;
  scope: ApprovalScope;
  /**
   * Who decided, when no one was asked: a policy of the host (the CLI without a terminal refuses
   * writes and MCP tools) or the egress guard (the CLI without --allow-egress). Default: the user.
   */
  by?: 'user' | 'policy' | 'guard';
}

/** Asks the user. A plain boolean means "this call only". */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean | ApprovalAnswer>;

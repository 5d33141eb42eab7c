/**
 * The user's consent settings and the panel's answers that outlive a run. Both settings are
 * machine-scoped and read from the user's (global) settings only, so a workspace's own
 * .vscode/settings.json can neither allow a tool nor switch off the read-only check.
 */
import * as vscode from 'vscode';
import type { ConsentPolicy } from '../agent/consent/consent';
import type { ApprovalAnswer, ApprovalRequest, Approver } from '../agent/approvals';

export const AUTO_APPROVE = 'mcp.autoApprove';
export const TRUST_READ_ONLY = 'mcp.trustReadOnlyHints';

export function readConsentPolicy(): ConsentPolicy {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  const patterns = c.inspect<unknown>(AUTO_APPROVE)?.globalValue;
  const trust = c.inspect<unknown>(TRUST_READ_ONLY)?.globalValue;
  return {
    allowTools: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [],
    trustReadOnlyHints: trust !== false,
  };
}

/** Adds "server/tool" to the user's researchCopilot.mcp.autoApprove (ConfigurationTarget.Global). */
export async function alwaysAllow(server: string, tool: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  const current = c.inspect<unknown>(AUTO_APPROVE)?.globalValue;
  const list = Array.isArray(current) ? current.filter((p): p is string => typeof p === 'string') : [];
  const pattern = `${server}/${tool}`;
  if (!list.includes(pattern)) await c.update(AUTO_APPROVE, [...list, pattern], vscode.ConfigurationTarget.Global);
}

/**
 * The approver of a run shown in the panel: `ask` shows the question there; an "Always allow" answer
 * for an MCP tool is written to the user's settings before the call goes ahead.
 */
export function panelApprover(
  ask: (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>,
  log: (message: string) => void,
): Approver {
  return async (request, signal) => {
    const answer = await ask(request, signal);
    if (answer.approved && answer.scope === 'always' && request.kind === 'mcp') {
      try {
        await alwaysAllow(request.server, request.serverTool);
        log(`"${request.server}/${request.serverTool}" added to researchCopilot.mcp.autoApprove (user settings)`);
      } catch (e) {
        log(`could not save researchCopilot.mcp.autoApprove: ${(e as Error).message}`);
      }
    }
    return answer;
  };
}

/**
 * How the CLI answers. Writes: --allow-writes says yes, a terminal asks y/n, anything else says no.
 * MCP tools: --allow-tool patterns are applied by the agent before this is asked (consent.ts); a
 * terminal asks y/n (a: for the rest of the run), anything else says no (recorded as the policy's
 * decision). Workspace data leaving the machine: only --allow-egress lets it go (applied by the agent),
 * so here it is always no, recorded as the egress guard's decision; stderr shows what matched, secrets
 * as fingerprints ("sk-l…tgG, 40 chars"), never as they are.
 */
import { createInterface } from 'node:readline/promises';
import type { ApprovalAnswer, ApprovalRequest, Approver } from '../agent/approvals';

export function cliApprover(allowWrites: boolean, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Approver {
  return async (request, signal) => {
    if (request.kind === 'egress') {
      stderr.write(egressNote(request));
      return { approved: false, scope: 'once', by: 'guard' };
    }
    if (request.kind === 'write' && allowWrites) return true;
    if (!stdin.isTTY) {
      if (request.kind === 'mcp')
        stderr.write(
          `[denied] ${request.server}/${request.serverTool}: pass --allow-tool ${request.server}/${request.serverTool} to allow it\n`,
        );
      return { approved: false, scope: 'once', by: 'policy' };
    }
    return askOnTerminal(request, stdin, stderr, signal);
  };
}

async function askOnTerminal(
  request: Exclude<ApprovalRequest, { kind: 'egress' }>,
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WriteStream,
  signal: AbortSignal,
): Promise<ApprovalAnswer> {
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    const answer = await rl.question(`${question(request)} [y/N/a = yes for this run] `, { signal });
    const a = answer.trim().toLowerCase();
    if (a === 'a' || a === 'all') return { approved: true, scope: 'run' };
    return { approved: /^y(es)?$/.test(a), scope: 'once' };
  } catch {
    return { approved: false, scope: 'once' };
  } finally {
    rl.close();
  }
}

function question(request: Exclude<ApprovalRequest, { kind: 'egress' }>): string {
  if (request.kind === 'write') {
    const before = request.before === undefined ? 'new file' : `${request.before.split('\n').length} lines before`;
    return `Allow ${request.tool} on ${request.path} (${request.summary}; ${before})?`;
  }
  const hints = Object.entries(request.annotations)
    .filter(([k]) => k.endsWith('Hint'))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `Allow MCP tool ${request.server}/${request.serverTool}${hints ? ` (${hints})` : ''} with ${argsOnOneLine(request.args)}?`;
}

/** Arguments on one line, long values cut (the trajectory keeps them whole). */
export function argsOnOneLine(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) => {
    const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
    return `${k}=${text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text}`;
  });
  return parts.length ? parts.join(' ') : '(no arguments)';
}

function egressNote(request: Extract<ApprovalRequest, { kind: 'egress' }>): string {
  const lines = request.matches
    .slice(0, 3)
    .map(
      (m) =>
        `  ${m.field}: ${m.before}[[${m.text}]]${m.after}  ← ${m.secret ? 'secret from ' : ''}${m.source}${m.form ? ` (${m.form})` : ''}`,
    );
  return `[blocked] ${request.tool} would send workspace data; pass --allow-egress to allow it\n${lines.join('\n')}\n`;
}

/** The one line a consent row shows: what was allowed or denied, by whom, and where matched data was read. */
import type { AgentEvent } from '../../src/agent/events';
import { asText } from './rows';

const CONSENT_BY: Record<string, string> = {
  user: 'by you',
  policy: 'by your settings',
  guard: 'by the egress guard (no one was asked)',
  run: 'for this run',
  resume: 'as answered before the run was resumed',
};
const CONSENT_WHAT: Record<string, string> = { write: 'write', mcp: 'MCP tool', egress: 'sending workspace data' };

export function consentText(e: Extract<AgentEvent, { type: 'approval' }>): string {
  const verdict = e.approved ? 'Allowed' : 'Denied';
  const scope =
    e.approved && e.scope === 'always' ? ' (always)' : e.approved && e.scope === 'run' && e.by === 'user' ? ' (for this run)' : '';
  const sources = (Array.isArray(e.matches) ? e.matches : []).map((m) => m.source);
  const from = sources.length ? ` — from ${[...new Set(sources)].slice(0, 2).join('; ')}` : '';
  const by = Object.hasOwn(CONSENT_BY, asText(e.by)) ? CONSENT_BY[asText(e.by)] : asText(e.by);
  const what = Object.hasOwn(CONSENT_WHAT, asText(e.kind)) ? CONSENT_WHAT[asText(e.kind)] : asText(e.kind);
  return `${verdict} ${by}${scope}: ${what} ${asText(e.tool)}: ${asText(e.summary)}${from}`;
}

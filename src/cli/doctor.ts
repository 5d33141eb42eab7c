/**
 * `research-copilot doctor`: the same checks as VS Code's "Research Copilot: Test Connection"
 * (src/agent/connectionCheck.ts), printed one finding a line. Exit 0 when nothing is an error, 3 otherwise.
 */
import { checkConnection, type CheckResult } from '../agent/connectionCheck';
import { makeRedactor } from '../agent/redact';
import { chooseSearchEngine, describeSearchEngine } from '../node/searchEngine';
import { UsageError } from './args';
import type { Protocol } from '../agent/events';
import { defaultProtocolFor, PROTOCOLS } from '../agent/protocols';

export interface DoctorArgs {
  command: 'doctor';
  baseUrl: string;
  model: string;
  /** The protocol runs will use (default: as `ask` picks it for the model). */
  protocol: Protocol;
  contextWindow?: number;
  json: boolean;
}

export const DOCTOR_USAGE = `Usage: research-copilot doctor [--base-url URL] [--model NAME] [--protocol P] [--context-window N] [--json]

Checks an OpenAI-compatible endpoint the way a run will use it: reachable, the key accepted, the model
served, a tool call under the protocol runs will use (a model that answers in text instead fails the
check, and the other protocol is tried too), streaming intact, and the served context window against
--context-window. Also says which engine search_text will use. Same defaults and key variables as "ask".
Exit status: 0 no errors; 2 usage error; 3 a check failed.`;

export function parseDoctorArgs(rest: readonly string[], env: NodeJS.ProcessEnv): DoctorArgs {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--base-url', '--model', '--protocol', '--context-window'].includes(name))
      throw new UsageError(`unknown option ${arg} for doctor`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  const baseUrl = values.get('--base-url') ?? env.RESEARCH_COPILOT_BASE_URL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  if (!/^https?:\/\/[^\s]+$/i.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  const model = values.get('--model') ?? env.RESEARCH_COPILOT_MODEL;
  if (!model) throw new UsageError('no model given: pass --model NAME or set RESEARCH_COPILOT_MODEL');
  const raw = values.get('--context-window');
  if (raw !== undefined && !/^\d+$/.test(raw)) throw new UsageError(`--context-window must be a whole number, got "${raw}"`);
  const protocol = (values.get('--protocol') ?? defaultProtocolFor(model)) as Protocol;
  if (!PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}`);
  return { command: 'doctor', baseUrl, model, protocol, json, ...(raw !== undefined ? { contextWindow: Number(raw) } : {}) };
}

export async function doctor(args: DoctorArgs, env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  const apiKey = env.RESEARCH_COPILOT_API_KEY ?? env.OPENAI_API_KEY ?? '';
  const redact = makeRedactor([apiKey]);
  const result = await checkConnection({
    baseUrl: args.baseUrl,
    apiKey,
    model: args.model,
    protocol: args.protocol,
    contextWindow: args.contextWindow ?? 131_072,
  });
  const search = chooseSearchEngine(undefined, env, true); // what `ask` uses, whatever the workspace
  const searchLine = describeSearchEngine(search);
  const json = { ...result, search: { ...search, description: searchLine } };
  out.write(redact(args.json ? JSON.stringify(json, null, 2) + '\n' : render(args, result, searchLine)));
  return result.ok ? 0 : 3;
}

function render(args: DoctorArgs, r: CheckResult, searchLine: string): string {
  const mark = { ok: '✓', warning: '!', error: '✗' } as const;
  const lines = [`${args.model} @ ${args.baseUrl} (${args.protocol})`];
  for (const f of r.findings) {
    lines.push(`${mark[f.level]} ${f.message}`);
    if (f.fix) lines.push(`  → ${f.fix}`);
  }
  lines.push(`• search_text: ${searchLine}`);
  lines.push(r.ok ? `OK: a run with ${args.protocol} can use this endpoint.` : 'Not ready: fix the ✗ lines above.');
  return lines.join('\n') + '\n';
}

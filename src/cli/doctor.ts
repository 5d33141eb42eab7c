/**
 * `research-copilot doctor`: the same checks as VS Code's "Research Copilot: Test Connection"
 * (src/node/model/connectionCheck.ts), printed one finding a line. Exit 0 when nothing is an error, 3 otherwise.
 */
import { checkConnection, type CheckResult } from '../node/model/connectionCheck';
import { chooseSearchEngine, describeSearchEngine } from '../node/searchEngine';
import type { Protocol } from '../agent/events';
import { defaultProtocolFor, PROTOCOLS } from '../agent/model/protocols';
import { makeRedactor } from '../agent/consent/redact';
import { DEFAULTS } from '../agent/defaults';
import { ENDPOINT_FLAGS, type EndpointArgs } from './args';
import { flag, parseLine, read, UsageError, type CommandSpec } from './flags';

export interface DoctorArgs extends EndpointArgs {
  command: 'doctor';
  /** The protocol runs will use (default: as `ask` picks it for the model). */
  protocol: Protocol;
  contextWindow?: number;
  json: boolean;
}

const d = flag<DoctorArgs>();

export const DOCTOR: CommandSpec<DoctorArgs> = {
  name: 'doctor',
  synopsis: '[--base-url URL] [--model NAME] [--protocol P] [--context-window N] [--json]',
  about: [
    'Checks an OpenAI-compatible endpoint the way a run will use it: reachable, the key accepted, the model',
    'served, a tool call under the protocol runs will use (a model that answers in text instead fails the',
    'check, and the other protocol is tried too), streaming intact, and the served context window against',
    '--context-window. Also says which engine search_text will use. Same defaults and key variables as "ask".',
  ].join('\n'),
  flags: [
    ...ENDPOINT_FLAGS,
    d({
      name: '--protocol',
      kind: 'value',
      value: 'P',
      help: `${PROTOCOLS.join(' | ')}`,
      default: 'as ask picks it for the model',
      key: 'protocol',
      read: read.oneOf(PROTOCOLS),
    }),
    d({
      name: '--context-window',
      kind: 'value',
      value: 'N',
      help: 'the context window a run will assume',
      default: DEFAULTS.contextWindow,
      key: 'contextWindow',
      read: read.int(0),
    }),
    d({ name: '--json', kind: 'switch', help: 'print the findings as JSON', key: 'json', read: read.present }),
  ],
  notes: 'Exit status: 0 no errors; 2 usage error; 3 a check failed.',
};

export function parseDoctorArgs(rest: readonly string[], env: NodeJS.ProcessEnv): DoctorArgs {
  const { fields, positional } = parseLine(DOCTOR, rest, env, '');
  if (positional.length) throw new UsageError(`unknown option ${positional[0]} for doctor`);
  if (!fields.model) throw new UsageError('no model given: pass --model NAME or set RESEARCH_COPILOT_MODEL');
  return {
    ...fields,
    command: 'doctor',
    baseUrl: fields.baseUrl ?? '',
    model: fields.model,
    protocol: fields.protocol ?? defaultProtocolFor(fields.model),
    json: fields.json ?? false,
  };
}

export async function doctor(args: DoctorArgs, env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  const apiKey = env.RESEARCH_COPILOT_API_KEY ?? env.OPENAI_API_KEY ?? '';
  const redact = makeRedactor([apiKey]);
  const result = await checkConnection({
    baseUrl: args.baseUrl,
    apiKey,
    model: args.model,
    protocol: args.protocol,
    contextWindow: args.contextWindow ?? DEFAULTS.contextWindow,
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

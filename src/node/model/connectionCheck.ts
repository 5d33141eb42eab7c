/**
 * "Test Connection" and `research-copilot doctor`: one short look at an endpoint and a plain diagnosis.
 * Lists /models (reachability, the key, the model's name, its context window where the server says),
 * then streams one tiny request with one tool. Each finding says what is wrong and what to do; the same
 * findings serve the VS Code command and the CLI.
 */
import { OpenAIModel } from './openaiModel';
import { ModelError, type ModelTurn } from '../../agent/modelClient';
import type { Protocol } from '../../agent/events';
import { protocolFor } from '../../agent/model/protocols';
import { defineTool, ok as okResult } from '../../agent/tool';

export type FindingKind =
  | 'unreachable'
  | 'key_refused'
  | 'model_not_found'
  | 'tools_unsupported'
  | 'no_tool_call'
  | 'streaming_broken'
  | 'context_smaller'
  | 'request_failed'
  | 'models_listed'
  | 'tool_call_ok'
  | 'xml_tool_call_ok'
  | 'xml_no_tool_call';

export interface Finding {
  kind: FindingKind;
  level: 'error' | 'warning' | 'ok';
  message: string;
  /** What to do about it, when something can be done. */
  fix?: string;
}

export interface CheckOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** The context window the settings promise (compared with what the server reports). */
  contextWindow?: number;
  /** Per step; the default 60 s leaves room for a cold local model. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Azure OpenAI's api-version (see OpenAIModelOptions). */
  azureApiVersion?: string;
  /** The protocol runs will use (default openai-tools); when it gets no tool call, the other is tried too. */
  protocol?: Protocol;
}

export interface CheckResult {
  ok: boolean;
  findings: Finding[];
  /** Model ids the endpoint lists, when it has /models. */
  models?: string[];
  /** The served context window, when the server reports one. */
  contextWindow?: number;
}

const PING_TOOL = defineTool({
  name: 'report_status',
  server: 'connection',
  description: 'Reports that the connection works. Call it with {"status": "ok"}.',
  schema: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
  run: () => Promise.resolve(okResult('ok')),
});

export async function checkConnection(o: CheckOptions): Promise<CheckResult> {
  const findings: Finding[] = [];
  const listed = await listModels(o);
  if (listed.finding) findings.push(listed.finding);
  if (listed.fatal) return { ok: false, findings };
  if (listed.models?.length && !listed.models.includes(o.model)) {
    findings.push({
      kind: 'model_not_found',
      level: 'error',
      message: `The endpoint does not serve "${o.model}". It lists: ${listed.models.slice(0, 12).join(', ')}${listed.models.length > 12 ? ', …' : ''}.`,
      fix: 'Pick one of the listed models (Research Copilot: Choose Model), or check the name.',
    });
    return { ok: false, findings, models: listed.models, ...ctx(listed.contextWindow) };
  }
  if (listed.contextWindow !== undefined && o.contextWindow !== undefined && listed.contextWindow < o.contextWindow) {
    findings.push({
      kind: 'context_smaller',
      level: 'warning',
      message: `The server's context window is ${listed.contextWindow.toLocaleString('en-US')} tokens, smaller than the ${o.contextWindow.toLocaleString('en-US')} in the settings.`,
      fix: `Set researchCopilot.contextWindow (CLI: --context-window) to ${listed.contextWindow}, or the run will overflow instead of trimming in time.`,
    });
  }
  findings.push(...(await toolCheck(o, o.protocol ?? 'openai-tools')));
  const ok = findings.every((f) => f.level !== 'error');
  return { ok, findings, ...(listed.models ? { models: listed.models } : {}), ...ctx(listed.contextWindow) };
}

function ctx(n: number | undefined): { contextWindow?: number } {
  return n !== undefined ? { contextWindow: n } : {};
}

interface Listed {
  models?: string[];
  contextWindow?: number;
  finding?: Finding;
  fatal?: boolean;
}

/** GET /models: reachability and the key first, since every server but a few has it. */
export async function listModels(o: CheckOptions): Promise<Listed> {
  const url = `${o.baseUrl.replace(/\/+$/, '')}/models${o.azureApiVersion ? `?api-version=${encodeURIComponent(o.azureApiVersion)}` : ''}`;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      headers: !o.apiKey ? {} : o.azureApiVersion ? { 'api-key': o.apiKey } : { authorization: `Bearer ${o.apiKey}` },
      signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
    });
  } catch (e) {
    return { fatal: true, finding: unreachable(o.baseUrl, causeOf(e)) };
  }
  if (res.status === 401 || res.status === 403) return { fatal: true, finding: keyRefused(res.status, await errorText(res)) };
  // Some servers have no /models (or not at this path): the chat request below tells the rest.
  if (!res.ok) return {};
  const body = (await res.json().catch(() => undefined)) as { data?: unknown } | undefined;
  const data = Array.isArray(body?.data) ? (body.data as Record<string, unknown>[]) : [];
  const models = data.map((m) => (typeof m?.id === 'string' ? m.id : '')).filter(Boolean);
  const entry = data.find((m) => m?.id === o.model);
  const contextWindow = entry ? servedContext(entry) : undefined;
  return {
    models,
    ...ctx(contextWindow),
    finding: {
      kind: 'models_listed',
      level: 'ok',
      message: `Reached ${o.baseUrl}; it lists ${models.length} model${models.length === 1 ? '' : 's'}.`,
    },
  };
}

/** vLLM: max_model_len; OpenRouter and LM Studio: context_length; llama.cpp: meta.n_ctx_train. */
function servedContext(m: Record<string, unknown>): number | undefined {
  const meta = m.meta as Record<string, unknown> | undefined;
  for (const v of [m.max_model_len, m.context_length, m.max_context_length, meta?.n_ctx_train]) {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

const SYSTEM = 'You are testing a connection. Call the report_status tool exactly once.';
const ASK = 'Call report_status with {"status": "ok"}.';
const OTHER: Record<Protocol, Protocol> = { 'openai-tools': 'mirothinker-xml', 'mirothinker-xml': 'openai-tools' };

/**
 * The tool call under the protocol runs will use. A model that answers in text instead is an error
 * (runs would never call a tool), and the other protocol is tried in the same check, so the finding
 * says whether switching helps.
 */
async function toolCheck(o: CheckOptions, protocol: Protocol): Promise<Finding[]> {
  const first = await toolTrial(o, protocol);
  if (first.finding) return [first.finding];
  if (first.called) return [works(o.model, protocol)];
  const turn = first.turn as ModelTurn;
  if (protocol === 'openai-tools' && /<tool_call>|<use_mcp_tool>|<function|"name"\s*:\s*"report_status"/.test(turn.text)) {
    return [
      {
        kind: 'tools_unsupported',
        level: 'error',
        message: `"${o.model}" wrote its tool call as text: the server does not parse tool calls for it (no tool parser or template).`,
        fix: 'Use the mirothinker-xml protocol (researchCopilot.protocol / --protocol mirothinker-xml), or start the server with its tool-call parser.',
      },
    ];
  }
  const other = OTHER[protocol];
  const second = await toolTrial(o, other);
  const otherWorks = second.called === true;
  return [
    {
      kind: 'no_tool_call',
      level: 'error',
      message: `"${o.model}" answered in text when asked to call a tool: runs with ${protocolLabel(protocol)} will not work.`,
      fix: otherWorks
        ? `It does call tools with the ${other} protocol: set researchCopilot.protocol (CLI: --protocol) to ${other}.`
        : `It ignored the tool with the ${other} protocol too; use a model that calls tools.`,
    },
    otherWorks
      ? works(o.model, other)
      : (second.finding ?? {
          kind: other === 'mirothinker-xml' ? 'xml_no_tool_call' : 'no_tool_call',
          level: 'error',
          message: `With the ${other} protocol "${o.model}" did not call the tool either: runs with it will not work.`,
        }),
  ];
}

function protocolLabel(protocol: Protocol): string {
  return protocol === 'openai-tools' ? 'native tools (openai-tools)' : 'the mirothinker-xml protocol';
}

function works(model: string, protocol: Protocol): Finding {
  return protocol === 'openai-tools'
    ? { kind: 'tool_call_ok', level: 'ok', message: `"${model}" streamed a native tool call: the openai-tools protocol works.` }
    : { kind: 'xml_tool_call_ok', level: 'ok', message: `"${model}" wrote a <use_mcp_tool> call: the mirothinker-xml protocol works.` };
}

/** One short request asking for the ping tool under `protocol`: did the model call it? */
async function toolTrial(o: CheckOptions, protocol: Protocol): Promise<{ called?: boolean; turn?: ModelTurn; finding?: Finding }> {
  const client = new OpenAIModel({
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    model: o.model,
    stallTimeoutMs: o.timeoutMs ?? 60_000,
    ...(o.azureApiVersion ? { azureApiVersion: o.azureApiVersion } : {}),
  });
  const proto = protocolFor(protocol);
  const tools = proto.modelTools([PING_TOOL]);
  let turn: ModelTurn;
  try {
    turn = await client.complete(
      {
        messages: [
          { role: 'system', content: tools ? SYSTEM : proto.systemPrompt(SYSTEM, [PING_TOOL]) },
          { role: 'user', content: ASK },
        ],
        ...(tools ? { tools } : {}),
        maxTokens: 512,
      },
      { signal: AbortSignal.timeout((o.timeoutMs ?? 60_000) * 2) },
    );
  } catch (e) {
    return { finding: fromError(e, o) };
  }
  return { turn, called: proto.parse(turn, 1).calls.some((c) => c.name === PING_TOOL.name) };
}

function fromError(e: unknown, o: CheckOptions): Finding {
  if (!(e instanceof ModelError))
    return { kind: 'request_failed', level: 'error', message: `The test request failed: ${(e as Error)?.message ?? String(e)}` };
  switch (e.kind) {
    case 'connection':
      return unreachable(o.baseUrl, e.message);
    case 'auth':
      return keyRefused(e.status ?? 401, e.message);
    case 'not_found':
      return {
        kind: 'model_not_found',
        level: 'error',
        message: `Not found: ${e.message}`,
        fix: 'Check the base URL (most servers end in /v1) and the model name (Research Copilot: Choose Model lists them).',
      };
    case 'incomplete':
    case 'garbage':
    case 'stalled':
      return {
        kind: 'streaming_broken',
        level: 'error',
        message: `Streaming is broken between here and the endpoint: ${e.message}`,
        fix: 'A proxy that buffers or rewrites server-sent events is the usual cause; connect to the server directly or switch off buffering.',
      };
    default:
      if (e.kind === 'bad_request' && /tool/i.test(e.message)) {
        return {
          kind: 'tools_unsupported',
          level: 'error',
          message: `The endpoint refused a request with tools: ${e.message}`,
          fix: 'Use the mirothinker-xml protocol (tools described in the prompt): researchCopilot.protocol / --protocol mirothinker-xml. Or enable tool calling on the server (vLLM: --enable-auto-tool-choice --tool-call-parser …).',
        };
      }
      return { kind: 'request_failed', level: 'error', message: `The test request failed: ${e.message}` };
  }
}

function unreachable(baseUrl: string, detail: string): Finding {
  return {
    kind: 'unreachable',
    level: 'error',
    message: `Cannot reach ${baseUrl}: ${detail}`,
    fix: 'Is the server running, and is the URL right (scheme, host, port, usually ending in /v1)?',
  };
}

function keyRefused(status: number, detail: string): Finding {
  return {
    kind: 'key_refused',
    level: 'error',
    message: `The endpoint refused the API key (${status})${detail ? `: ${detail}` : ''}.`,
    fix: 'Set the right key: Research Copilot: Set API Key (CLI: RESEARCH_COPILOT_API_KEY).',
  };
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } | string })?.error;
    const s = typeof message === 'string' ? message : typeof message?.message === 'string' ? message.message : text;
    return s.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}

function causeOf(e: unknown): string {
  let err = e as { message?: string; cause?: unknown; code?: string };
  for (let i = 0; i < 3 && err?.cause; i++) err = err.cause as typeof err;
  return `${err?.code ? `${err.code} ` : ''}${err?.message ?? String(e)}`.trim();
}

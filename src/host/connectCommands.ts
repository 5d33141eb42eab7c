/**
 * "Research Copilot: Choose Model" (a preset per kind of server, the endpoint's /models listed, the
 * settings written) and "Research Copilot: Test Connection" (the shared checks of connectionCheck.ts,
 * the diagnosis shown with the action that fixes it).
 */
import * as vscode from 'vscode';
import { checkConnection, listModels, type CheckResult } from '../node/model/connectionCheck';
import { makeRedactor } from '../agent/consent/redact';
import { defaultProtocolFor } from '../agent/model/protocols';
import { readApiKey, readSettings } from './config';

export interface Preset {
  label: string;
  detail: string;
  baseUrl: string;
  /** The server needs a key (cloud services). */
  needsKey: boolean;
  azure?: boolean;
  deepseek?: boolean;
  vscodeLm?: boolean;
}

export const PRESETS: Preset[] = [
  { label: 'OpenAI', detail: 'api.openai.com', baseUrl: 'https://api.openai.com/v1', needsKey: true },
  { label: 'Azure OpenAI', detail: 'your resource, a deployment and an api-version', baseUrl: '', needsKey: true, azure: true },
  { label: 'Ollama', detail: 'local, port 11434', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  { label: 'LM Studio', detail: 'local, port 1234', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
  {
    label: 'vLLM',
    detail: 'vllm serve, port 8000 (MiroThinker: mirothinker-xml is chosen for you)',
    baseUrl: 'http://127.0.0.1:8000/v1',
    needsKey: false,
  },
  { label: 'SGLang', detail: 'sglang.launch_server, port 30000', baseUrl: 'http://127.0.0.1:30000/v1', needsKey: false },
  { label: 'llama.cpp server', detail: 'llama-server --jinja, port 8080', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false },
  { label: 'OpenRouter', detail: 'openrouter.ai', baseUrl: 'https://openrouter.ai/api/v1', needsKey: true },
  {
    label: 'DeepSeek',
    detail: 'api.deepseek.com (thinking mode: reasoning is sent back)',
    baseUrl: 'https://api.deepseek.com/v1',
    needsKey: true,
    deepseek: true,
  },
  {
    label: "VS Code's own models",
    detail: 'a chat model an extension offers (e.g. GitHub Copilot); no key',
    baseUrl: '',
    needsKey: false,
    vscodeLm: true,
  },
];

const target = vscode.ConfigurationTarget.Global;

export async function pickModel(secrets: vscode.SecretStorage): Promise<void> {
  const preset = await vscode.window.showQuickPick(
    PRESETS.map((p) => ({ label: p.label, detail: p.detail, preset: p })),
    { title: 'Research Copilot: Choose Model', placeHolder: 'Where is the model served?' },
  );
  if (!preset) return;
  const p = preset.preset;
  const c = vscode.workspace.getConfiguration('researchCopilot');
  if (p.vscodeLm) return chooseVsCodeModel(c);
  let baseUrl = p.baseUrl;
  let apiVersion = '';
  if (p.azure) {
    const resource = await vscode.window.showInputBox({
      title: 'Azure OpenAI resource endpoint',
      placeHolder: 'https://RESOURCE.openai.azure.com',
    });
    const deployment = resource && (await vscode.window.showInputBox({ title: 'Deployment name' }));
    apiVersion = (deployment && (await vscode.window.showInputBox({ title: 'api-version', value: '2024-10-21' }))) || '';
    if (!resource || !deployment || !apiVersion) return;
    baseUrl = `${resource.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(deployment)}`;
  } else {
    const edited = await vscode.window.showInputBox({
      title: `${p.label}: base URL`,
      value: baseUrl,
      validateInput: (v) => (/^https?:\/\/\S+$/i.test(v) ? undefined : 'an http(s) URL'),
    });
    if (!edited) return;
    baseUrl = edited.trim();
  }
  if (p.needsKey && !(await readApiKey(secrets))) {
    const key = await vscode.window.showInputBox({
      title: `${p.label}: API key (kept in SecretStorage)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (key) await secrets.store('researchCopilot.apiKey', key.trim());
  }
  const apiKey = await readApiKey(secrets);
  const listed = await listModels({
    baseUrl,
    apiKey,
    model: '',
    timeoutMs: 15_000,
    ...(apiVersion ? { azureApiVersion: apiVersion } : {}),
  });
  let model: string | undefined;
  if (listed.models?.length) {
    model =
      (await vscode.window.showQuickPick(listed.models, {
        title: `${p.label}: model`,
        placeHolder: `${listed.models.length} models served at ${baseUrl}`,
      })) ?? undefined;
  } else {
    if (listed.finding && listed.finding.level === 'error')
      void vscode.window.showWarningMessage(`Research Copilot: ${listed.finding.message}`);
    model = p.azure
      ? decodeURIComponent(baseUrl.split('/').pop() ?? '')
      : await vscode.window.showInputBox({ title: `${p.label}: model name` });
  }
  if (!model) return;
  await c.update('provider', 'openai-compatible', target);
  await c.update('baseUrl', baseUrl, target);
  await c.update('model', model, target);
  await c.update('protocol', 'auto', target);
  await c.update('azure.apiVersion', apiVersion || undefined, target);
  await c.update('sendReasoningBack', p.deepseek ? true : undefined, target);
  const served = (await listModels({ baseUrl, apiKey, model, timeoutMs: 15_000 }).catch(() => ({}) as { contextWindow?: number }))
    .contextWindow;
  if (served !== undefined) await c.update('contextWindow', served, target);
  const pick = await vscode.window.showInformationMessage(`Research Copilot will use ${model} at ${baseUrl}.`, 'Test Connection');
  if (pick) await vscode.commands.executeCommand('researchCopilot.testConnection');
}

async function chooseVsCodeModel(c: vscode.WorkspaceConfiguration): Promise<void> {
  const models = await vscode.lm.selectChatModels({}).then(
    (m) => m,
    () => [] as vscode.LanguageModelChat[],
  );
  if (!models.length) {
    void vscode.window.showWarningMessage(
      'Research Copilot: no extension offers a chat model to VS Code (install GitHub Copilot Chat, for example).',
    );
    return;
  }
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}`, model: m })),
    { title: "VS Code's models" },
  );
  if (!pick) return;
  await c.update('provider', 'vscode-lm', target);
  await c.update('vscodeLm.family', pick.model.family, target);
  void vscode.window.showInformationMessage(`Research Copilot will use ${pick.model.name} (VS Code).`);
}

/** Runs the checks on the configured endpoint; the first problem goes in a notification with its fix. */
export async function testConnection(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): Promise<CheckResult | undefined> {
  const s = readSettings();
  if (s.provider === 'vscode-lm' || (s.provider === 'auto' && !s.baseUrl)) {
    const models = await vscode.lm.selectChatModels(s.vscodeLmFamily ? { family: s.vscodeLmFamily } : {}).then(
      (m) => m,
      () => [] as vscode.LanguageModelChat[],
    );
    const text = models.length
      ? `Research Copilot: using VS Code's model ${models[0].name} (${models[0].vendor}).`
      : 'Research Copilot: no endpoint is set and no extension offers a chat model. Run "Research Copilot: Choose Model".';
    void (models.length ? vscode.window.showInformationMessage(text) : vscode.window.showErrorMessage(text));
    return undefined;
  }
  const apiKey = await readApiKey(secrets);
  const redact = makeRedactor([apiKey]);
  const protocol = s.protocol === 'auto' ? defaultProtocolFor(s.model) : s.protocol;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Research Copilot: testing ${s.model} at ${s.baseUrl}…` },
    () =>
      checkConnection({
        baseUrl: s.baseUrl,
        apiKey,
        model: s.model,
        protocol,
        contextWindow: s.contextWindow,
        ...(s.azureApiVersion ? { azureApiVersion: s.azureApiVersion } : {}),
      }),
  );
  for (const f of result.findings) log.info(`test connection: [${f.level}] ${redact(f.message)}${f.fix ? ` → ${f.fix}` : ''}`);
  const problem = result.findings.find((f) => f.level === 'error') ?? result.findings.find((f) => f.level === 'warning');
  if (!problem) {
    const how = protocol === 'openai-tools' ? 'streams native tool calls' : 'calls tools with the mirothinker-xml protocol';
    void vscode.window.showInformationMessage(`Research Copilot: connection OK — ${s.model} at ${s.baseUrl} ${how}.`);
    return result;
  }
  const text = `Research Copilot: ${redact(problem.message)}${problem.fix ? ` ${problem.fix}` : ''}`;
  const actions = actionsFor(problem.kind, result);
  const show = problem.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const pick = await show(text, ...actions);
  await runAction(pick, result);
  return result;
}

function actionsFor(kind: string, result: CheckResult): string[] {
  switch (kind) {
    case 'key_refused':
      return ['Set API Key'];
    case 'tools_unsupported':
      return ['Use mirothinker-xml'];
    case 'no_tool_call':
      // The check tried the other protocol too: offer it only when the model called the tool with it.
      if (result.findings.some((f) => f.kind === 'xml_tool_call_ok')) return ['Use mirothinker-xml'];
      return result.findings.some((f) => f.kind === 'tool_call_ok') ? ['Use openai-tools'] : [];
    case 'model_not_found':
    case 'unreachable':
      return ['Choose Model'];
    case 'context_smaller':
      return ['Use the server’s context window'];
    default:
      return [];
  }
}

async function runAction(pick: string | undefined, result: CheckResult): Promise<void> {
  const c = vscode.workspace.getConfiguration('researchCopilot');
  if (pick === 'Set API Key') await vscode.commands.executeCommand('researchCopilot.setApiKey');
  if (pick === 'Choose Model') await vscode.commands.executeCommand('researchCopilot.chooseModel');
  if (pick === 'Use mirothinker-xml') await c.update('protocol', 'mirothinker-xml', target);
  if (pick === 'Use openai-tools') await c.update('protocol', 'openai-tools', target);
  if (pick === 'Use the server’s context window' && result.contextWindow) await c.update('contextWindow', result.contextWindow, target);
}

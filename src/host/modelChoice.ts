/**
 * Picks the model for a run: an OpenAI-compatible endpoint when one is configured, else a model VS
 * Code offers (`vscode.lm`, e.g. Copilot's), else nothing, with the exact steps to connect one.
 */
import * as vscode from 'vscode';
import type { Protocol } from '../agent/events';
import type { ModelClient } from '../agent/modelClient';
import { OpenAIModel } from '../node/model/openaiModel';
import { defaultProtocolFor } from '../agent/model/protocols';
import { readApiKey, type Settings } from './config';
import { HOW_TO_CONNECT } from './connectModel';
import { VsCodeLmModel } from './vscodeLmModel';

export type ModelChoice =
  { ok: true; client: ModelClient; protocol: Protocol; label: string; apiKey: string } | { ok: false; message: string };

export async function modelForRun(settings: Settings, secrets: vscode.SecretStorage): Promise<ModelChoice> {
  const wantsEndpoint = settings.provider === 'openai-compatible' || (settings.provider === 'auto' && settings.baseUrl !== '');
  if (wantsEndpoint) {
    if (!settings.baseUrl || !/^https?:\/\//i.test(settings.baseUrl)) {
      return { ok: false, message: `"researchCopilot.baseUrl" must be an http(s) URL (now "${settings.baseUrl}"). ${HOW_TO_CONNECT}` };
    }
    if (!settings.model)
      return { ok: false, message: `Set "researchCopilot.model" to the model name the endpoint serves. ${HOW_TO_CONNECT}` };
    const apiKey = await readApiKey(secrets);
    const protocol = settings.protocol === 'auto' ? defaultProtocolFor(settings.model) : settings.protocol;
    return {
      ok: true,
      client: new OpenAIModel({
        baseUrl: settings.baseUrl,
        apiKey,
        model: settings.model,
        sendReasoningBack: settings.sendReasoningBack,
        ...(settings.azureApiVersion ? { azureApiVersion: settings.azureApiVersion } : {}),
      }),
      protocol,
      label: `${settings.model} @ ${settings.baseUrl}`,
      apiKey,
    };
  }
  if (settings.provider === 'auto' || settings.provider === 'vscode-lm') {
    const selector = settings.vscodeLmFamily ? { family: settings.vscodeLmFamily } : {};
    const models = await vscode.lm.selectChatModels(selector).then(
      (m) => m,
      () => [] as vscode.LanguageModelChat[],
    );
    const chosen = models[0];
    if (chosen) {
      return {
        ok: true,
        client: new VsCodeLmModel(chosen),
        protocol: settings.protocol === 'mirothinker-xml' ? 'mirothinker-xml' : 'openai-tools',
        label: `${chosen.name} (VS Code)`,
        apiKey: '',
      };
    }
  }
  return { ok: false, message: HOW_TO_CONNECT };
}

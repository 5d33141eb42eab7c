/**
 * A ModelClient over a chat model VS Code offers (`vscode.lm`, e.g. Copilot's), so a user with such
 * an extension needs no key. Speaks native tool calling; usage is not reported, so the loop estimates.
 */
import * as vscode from 'vscode';
import type { ChatMessage, ToolCallRecord } from '../agent/messages';
import { ModelError, type ModelCallOptions, type ModelClient, type ModelRequest, type ModelTurn } from '../agent/modelClient';

export class VsCodeLmModel implements ModelClient {
  readonly model: string;
  constructor(private readonly chat: vscode.LanguageModelChat) {
    this.model = `${chat.vendor}/${chat.family}/${chat.id}`;
  }

  async complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn> {
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.chat.sendRequest(
        toLmMessages(request.messages),
        {
          justification: 'Research Copilot runs a research agent with this model.',
          ...(request.tools?.length
            ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })) }
            : {}),
        },
        cts.token,
      );
      let text = '';
      const toolCalls: ToolCallRecord[] = [];
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) {
          text += part.value;
          options.onDelta?.('text', part.value);
        } else if (part instanceof vscode.LanguageModelToolCallPart) {
          toolCalls.push({ id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) });
        }
      }
      if (options.signal.aborted) throw new ModelError('cancelled', 'cancelled');
      return { text, reasoning: '', toolCalls, finishReason: toolCalls.length ? 'tool_calls' : 'stop' };
    } catch (e) {
      throw toModelError(e, options.signal);
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }
}

/** vscode.lm has no system role: the system prompt goes first as a user message. */
function toLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'system':
      case 'user':
        return vscode.LanguageModelChatMessage.User(m.content);
      case 'assistant': {
        const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
        if (m.content) parts.push(new vscode.LanguageModelTextPart(m.content));
        for (const c of m.tool_calls ?? [])
          parts.push(new vscode.LanguageModelToolCallPart(c.id, c.function.name, safeObject(c.function.arguments)));
        return vscode.LanguageModelChatMessage.Assistant(parts.length ? parts : '');
      }
      case 'tool':
        return vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart(m.tool_call_id, [new vscode.LanguageModelTextPart(m.content)]),
        ]);
    }
  });
}

function safeObject(raw: string): object {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function toModelError(e: unknown, signal: AbortSignal): ModelError {
  if (e instanceof ModelError) return e;
  if (signal.aborted || e instanceof vscode.CancellationError) return new ModelError('cancelled', 'cancelled');
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof vscode.LanguageModelError) {
    if (e.code === vscode.LanguageModelError.NoPermissions().code)
      return new ModelError('auth', `VS Code's model is not allowed for this extension: ${message}`);
    if (e.code === vscode.LanguageModelError.NotFound().code) return new ModelError('not_found', `VS Code's model is gone: ${message}`);
    if (e.code === vscode.LanguageModelError.Blocked().code)
      return new ModelError('rate_limited', `VS Code's model is rate limited: ${message}`);
  }
  return new ModelError('server', `VS Code's model failed: ${message}`);
}

/** An MCP CallToolResult as text for the model. Binary parts are described, not dumped. */

interface ContentPart {
  type?: string;
  text?: string;
  mimeType?: string;
  data?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

export function resultText(result: { content?: unknown; structuredContent?: unknown; toolResult?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as ContentPart[]) : [];
  const texts = parts.map(partText).filter((t) => t !== '');
  if (texts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent, null, 2);
  if (texts.length === 0 && result.toolResult !== undefined) return JSON.stringify(result.toolResult, null, 2);
  return texts.join('\n\n');
}

function partText(part: ContentPart): string {
  switch (part.type) {
    case 'text':
      return part.text ?? '';
    case 'image':
    case 'audio':
      return `[${part.type} ${part.mimeType ?? ''}, ${approxBytes(part.data)} — not shown as text]`;
    case 'resource': {
      const r = part.resource ?? {};
      if (typeof r.text === 'string') return `[resource ${r.uri ?? ''}]\n${r.text}`;
      return `[binary resource ${r.uri ?? ''} ${r.mimeType ?? ''}, ${approxBytes(r.blob)} — not shown]`;
    }
    case 'resource_link':
      return `[resource link: ${part.name ?? ''} ${part.uri ?? ''}]`;
    default:
      return `[unsupported content part ${JSON.stringify(part.type)}]`;
  }
}

function approxBytes(base64: string | undefined): string {
  const bytes = Math.floor(((base64 ?? '').length * 3) / 4);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

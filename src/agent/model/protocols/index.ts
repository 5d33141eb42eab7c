import type { Protocol } from '../../events';
import { mirothinkerXmlProtocol } from './mirothinkerXml';
import { openaiToolsProtocol } from './openaiTools';
import type { ToolProtocol } from './types';

export const PROTOCOLS: readonly Protocol[] = ['openai-tools', 'mirothinker-xml'];

export function protocolFor(name: Protocol): ToolProtocol {
  return name === 'mirothinker-xml' ? mirothinkerXmlProtocol : openaiToolsProtocol;
}

/** MiroThinker models write XML tool calls; everything else gets native function calling. */
export function defaultProtocolFor(model: string): Protocol {
  return /mirothinker/i.test(model) ? 'mirothinker-xml' : 'openai-tools';
}

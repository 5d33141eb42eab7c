/** Fake-model script for the loop benchmark: the same deep walk as the tests, chosen by protocol from the request. */
import { resolve } from 'node:path';
import { codeFiles, deepCall } from '../../test/helpers/deepScript';
import type { RecordedRequest, Step } from '../fake-model/server';

const steps = Number(process.env.DEEP_STEPS ?? 600);
const files = codeFiles(resolve(__dirname, '../../node_modules/openai'));

export default function script(req: RecordedRequest): Step {
  const messages = req.body.messages as { role: string }[];
  const xmlMode = !req.body.tools;
  const done = xmlMode ? messages.filter((m) => m.role === 'user').length - 1 : messages.filter((m) => m.role === 'tool').length;
  if (done >= steps) return { content: 'done', usage: { prompt_tokens: 1000, completion_tokens: 1 } };
  const c = deepCall(done, files);
  const args = JSON.stringify(c.args);
  return xmlMode
    ? {
        content: `<use_mcp_tool>\n<server_name>workspace</server_name>\n<tool_name>${c.name}</tool_name>\n<arguments>\n${args}\n</arguments>\n</use_mcp_tool>`,
        chunkSize: 64,
      }
    : { toolCalls: [{ id: `c${done}`, name: c.name, arguments: args }] };
}

// A scripted, OpenAI-compatible Chat Completions server for tests, benchmarks and the e2e harness.
// Speaks enough of the real protocol (SSE chunks, tool-call deltas, usage chunk, errors) that the
// official `openai` package works against it unmodified. See README.md in this folder. The request
// routing is in routes.ts, the writing of answers (SSE included) in sse.ts, their JSON in shapes.ts.
import http from 'node:http';
import type { Socket } from 'node:net';
import { createRouter } from './routes';
import { errorBody } from './shapes';
import { Responses } from './sse';
import type { FakeModel, FakeModelOptions, RecordedRequest } from './types';

export type { WireQuirks } from './wire';
export type { Fault, FakeModel, FakeModelOptions, RecordedRequest, Script, ScriptedReply, ScriptedToolCall, Step } from './types';
export { errorBody } from './shapes';

export function startFakeModel(opts: FakeModelOptions): Promise<FakeModel> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const out = new Responses(requests);
  const handle = createRouter(opts, requests, out);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.log?.(`error: ${String(err)}`);
      if (!res.headersSent) out.sendJson(res, 500, errorBody(500, `fake model error: ${String(err)}`));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const host = opts.host ?? '127.0.0.1';
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${urlHost}:${port}/v1`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            out.close();
            for (const s of sockets) s.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

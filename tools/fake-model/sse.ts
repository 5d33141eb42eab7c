// Writing the fake model's answers onto the socket: JSON replies, an SSE stream chunk by chunk (with the
// script's delays and the cut / stall faults), and the timers close() must cancel.
import type http from 'node:http';
import { completionJson, replyOf, sseEvents } from './shapes';
import type { RecordedRequest, Step } from './types';

export class Responses {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** `requests` is the server's log: its length numbers the `x-request-id` of each answer. */
  constructor(private readonly requests: readonly RecordedRequest[]) {}

  /** Cancels every pending wait; streams still open stop at their next chunk. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  sendJson(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${this.requests.length}`, ...extra });
    res.end(body);
  }

  /** A streamed reply; cut and stall stop after `afterChunks` events, the others end with `[DONE]`. */
  async stream(res: http.ServerResponse, rec: RecordedRequest, rawBody: string, step: Step): Promise<void> {
    const reply = replyOf(step);
    const limit = 'fault' in step && (step.fault === 'cut' || step.fault === 'stall') ? step.afterChunks : Infinity;
    const events = sseEvents(rec.body, rawBody, step);
    // A stall or cut before the first chunk sends no headers at all (the SDK's `timeout` covers only that wait).
    if (limit > 0) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': `req_fake_${this.requests.length}`,
      });
      res.flushHeaders();
    }
    for (let i = 0; i < events.length; i++) {
      if (i === limit) break;
      if (i > 0 && reply.delayMs) await this.sleep(reply.delayMs, res);
      if (res.destroyed || this.closed) return void (rec.streamEnd = 'client-closed');
      await write(res, events[i]);
    }
    rec.streamEnd = 'complete';
    if ('fault' in step && step.fault === 'cut') return void res.socket?.destroy();
    if ('fault' in step && step.fault === 'stall') {
      await this.sleep(step.ms ?? 60000, res);
      return void (res.headersSent ? res.end() : res.socket?.destroy());
    }
    await write(res, 'data: [DONE]\n\n');
    res.end();
  }

  /** A non-streamed reply: cut sends half the body, stall never answers. */
  complete(res: http.ServerResponse, body: any, rawBody: string, step: Step): void {
    const json = completionJson(body, rawBody, step);
    if ('fault' in step && step.fault === 'cut') {
      // Promise the whole body, deliver half of it, then hang up.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      return void res.write(json.slice(0, json.length >> 1), () => res.socket?.destroy());
    }
    if ('fault' in step && step.fault === 'stall') {
      // Never answers: no headers, then the socket is dropped after `ms`.
      return void this.sleep(step.ms ?? 60000, res).then(() => res.socket?.destroy());
    }
    this.sendJson(res, 200, json);
  }

  /** Waits ms, or less if the client goes away first; close() cancels every pending wait. */
  private sleep(ms: number, res: http.ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(t);
        this.timers.delete(t);
        res.off('close', finish);
        resolve();
      };
      const t = setTimeout(finish, ms);
      this.timers.add(t);
      res.once('close', finish);
    });
  }
}

const write = (res: http.ServerResponse, data: string) =>
  new Promise<void>((resolve) => (res.destroyed ? resolve() : res.write(data, () => resolve())));

/**
 * The builtin search's worker thread: scans the pieces it is handed (treeScan.ts), one at a time,
 * keeping one scanner (its compiled query, ignore files and buffers) per search.
 */
import { parentPort } from 'node:worker_threads';
import { TreeScanner } from './treeScan';
import type { PieceRequest, PieceReply } from './scanProtocol';

let current: { search: number; scanner: TreeScanner } | undefined;

parentPort?.on('message', (request: PieceRequest) => {
  let reply: PieceReply;
  try {
    if (current?.search !== request.search) current = { search: request.search, scanner: new TreeScanner(request.spec) };
    reply = { id: request.id, result: current.scanner.scan(request.piece, request.split) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});

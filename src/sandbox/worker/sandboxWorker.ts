/**
 * Entry of the sandbox worker thread (bundled to dist/sandbox-worker.js). It loads one engine
 * (QuickJS or Pyodide), says `ready`, then runs one call at a time. The engine blocks this thread
 * while it runs, never the host's; the host terminates the thread when a call overruns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit, WorkerRunner } from './protocol';
import { createPyodideRunner } from './pyodideRunner';
import { createQuickjsRunner } from './quickjsRunner';

const port = parentPort;
const init = workerData as WorkerInit;

function send(message: FromWorker): void {
  port?.postMessage(message);
}

async function main(): Promise<void> {
  if (!port) throw new Error('sandboxWorker must run as a worker thread');
  const started = performance.now();
  let runner: WorkerRunner;
  try {
    runner = init.kind === 'pyodide' ? await createPyodideRunner(init) : await createQuickjsRunner(init);
  } catch (error) {
    send({ type: 'fatal', message: `could not start ${init.kind}: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'run') return;
    try {
      send({ type: 'result', id: message.id, outcome: runner.run(message.code, message.timeoutMs) });
    } catch (error) {
      send({ type: 'fatal', message: `${init.kind} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  send({ type: 'ready', loadMs: performance.now() - started });
}

void main();

/**
 * The host side of the panel, for the benchmark: the real `ResearchPanel` (snapshot on `ready`, 16 ms
 * batching of events) and the real `RunSession`, with a stand-in for the few `vscode` calls the panel
 * makes, so every message it posts can be counted. No dependency on the `vscode` package: `require`
 * of 'vscode' resolves to the object below, for this process only.
 */
import Module from 'node:module';
import type { AgentEvent } from '../../src/agent/events';
import type { HostMessage } from '../../src/shared/panelProtocol';
import type { RunSession } from '../../src/host/runSession';

type Listener<T> = (e: T) => void;

function emitter<T>(): { event: (fn: Listener<T>) => { dispose(): void }; fire: (e: T) => void } {
  const fns = new Set<Listener<T>>();
  return {
    event: (fn) => {
      fns.add(fn);
      return { dispose: () => fns.delete(fn) };
    },
    fire: (e) => {
      for (const fn of fns) fn(e);
    },
  };
}

interface FakeUri {
  path: string;
  toString(): string;
}

const uri = (path: string): FakeUri => ({ path, toString: () => `https://file+.vscode-resource.test${path}` });

/** What the panel posts, as it posts it. */
export interface PostedLog {
  messages: HostMessage[];
}

let posted: PostedLog | undefined;
let receive: ((m: unknown) => void) | undefined;

const vscodeStub = {
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  Uri: {
    joinPath: (base: FakeUri, ...parts: string[]) => uri([base.path, ...parts].join('/')),
    file: (p: string) => uri(p),
  },
  window: {
    createWebviewPanel: () => {
      const message = emitter<unknown>();
      const dispose = emitter<void>();
      const view = emitter<void>();
      receive = message.fire;
      return {
        visible: true,
        title: '',
        reveal() {},
        onDidDispose: dispose.event,
        onDidChangeViewState: view.event,
        dispose: () => dispose.fire(),
        webview: {
          html: '',
          options: {},
          cspSource: 'https://file+.vscode-resource.test',
          asWebviewUri: (u: FakeUri) => u,
          onDidReceiveMessage: message.event,
          postMessage: (m: HostMessage) => {
            // VS Code serialises a message to JSON on its way to the webview: so does this copy.
            posted?.messages.push(JSON.parse(JSON.stringify(m)) as HostMessage);
            return Promise.resolve(true);
          },
        },
      };
    },
  },
};

let installed = false;
function installStub(): void {
  if (installed) return;
  installed = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const original = M._resolveFilename;
  const id = '\0vscode-stub';
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? id : original.call(this, request, ...rest);
  };
  M._cache[id] = { id, filename: id, loaded: true, exports: vscodeStub, children: [], paths: [] };
}

export interface HostPanel {
  session: RunSession;
  log: PostedLog;
  /** Where the batched messages arrive; waits one batch window. */
  flushed(): Promise<void>;
  dispose(): void;
}

/**
 * A RunSession that already holds `history` (a run in progress), then a real ResearchPanel whose
 * webview says `ready`: the first posted message is the snapshot the panel sends on open.
 */
export function openHostPanel(runId: string, question: string, history: AgentEvent[]): HostPanel {
  installStub();
  const { ResearchPanel } = require('../../src/host/researchPanel') as typeof import('../../src/host/researchPanel');
  const { RunSession: Session } = require('../../src/host/runSession') as typeof import('../../src/host/runSession');
  const session = new Session(runId, question, '/tmp/bench-trajectory.jsonl');
  for (const event of history) session.push(event);
  const log: PostedLog = { messages: [] };
  posted = log;
  const panel = ResearchPanel.show(uri('/ext') as never, session, {
    stop() {},
    insertFindings() {},
    exportRun() {},
    ask() {},
    openFile() {},
    openUrl() {},
    log() {},
  });
  receive!({ type: 'ready' });
  return {
    session,
    log,
    flushed: () => new Promise((ok) => setTimeout(ok, 40)),
    dispose: () => panel.dispose(),
  };
}

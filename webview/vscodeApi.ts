/** The webview side of the VS Code bridge, typed to the panel protocol. */
import type { PanelMessage } from '../src/shared/panelProtocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the panel persists for the host's WebviewPanelSerializer. */
export interface SavedPanelState {
  runId: string;
}

export interface Bridge {
  post(msg: PanelMessage): void;
  saveState(state: SavedPanelState): void;
  loadState(): SavedPanelState | undefined;
}

export function connect(): Bridge {
  const api = acquireVsCodeApi(); // may be called once per page load
  return {
    post: (msg) => api.postMessage(msg),
    saveState: (state) => {
      api.setState(state);
    },
    loadState: () => {
      const s = api.getState() as Partial<SavedPanelState> | undefined;
      return s && typeof s.runId === 'string' ? { runId: s.runId } : undefined;
    },
  };
}

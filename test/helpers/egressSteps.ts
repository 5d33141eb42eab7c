/** Tool calls as a scripted model makes them, for the egress suites (attempts and research flows). */
import type { LabView, Step } from './egressLab';

export const read = (path: string): Step => ({ tool: 'read_file', args: { path } });
export const fetch = (url: string): Step => ({ tool: 'fetch_url', args: { url } });
export const search = (query: string): Step => ({ tool: 'web_search', args: { query } });
export const grep = (query: string, more: Record<string, unknown> = {}): Step => ({ tool: 'search_text', args: { query, ...more } });
export const runJs = (code: string): Step => ({ tool: 'run_code', args: { language: 'javascript', code } });
export const env = read('config/.env');

export function port(v: LabView): string {
  return new URL(v.base).port;
}

export function hostPort(v: LabView): string {
  return new URL(v.base).host;
}

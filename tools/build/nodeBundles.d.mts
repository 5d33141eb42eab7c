import type { BuildOptions } from 'esbuild';

export interface Chunk {
  name: string;
  entry?: string;
  pkg?: string;
  defaultExport?: boolean;
  loads: string;
}
export const CHUNKS: Chunk[];
export const MAIN_OUTFILE: string;
export function chunkOutfile(name: string): string;
export function nodeBundle(entry: string, outfile: string, production: boolean, extra?: BuildOptions): BuildOptions;
export function extensionBundles(production: boolean, define: Record<string, string>): BuildOptions[];

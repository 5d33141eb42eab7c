import type { BuildOptions } from 'esbuild';

export function webviewBundle(outfile: string, production: boolean): BuildOptions;
export function viewerBundle(outfile: string): BuildOptions;

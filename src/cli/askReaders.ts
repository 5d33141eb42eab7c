/** The readers of the ask flags that check more than a number or a choice (args.ts names them in its table). */
import type { Budget, Prices } from '../agent/usage';
import { httpUrl, read, UsageError, type ReadContext } from './flags';

export function keepToolResults(given: readonly string[], c: ReadContext): number | undefined {
  const n = read.int(-1)(given, c);
  if (n === 0) throw new UsageError('--keep-tool-results must be at least 1 (or -1 to keep all)');
  return n;
}

export function withEnv(given: readonly string[], c: ReadContext, variable: string): readonly string[] {
  const fromEnv = c.env[variable];
  return given.length || fromEnv === undefined ? given : [fromEnv];
}

export function optionalUrl(given: readonly string[], c: ReadContext): string | undefined {
  const url = given.at(-1);
  return url === undefined ? undefined : httpUrl(c.flag, url);
}

export function allowToolPatterns(patterns: readonly string[]): string[] {
  for (const pattern of patterns) {
    if (!/^(\*|[\w.-]{1,64}\/(\*|[^\s/]{1,128}))$/.test(pattern))
      throw new UsageError(`--allow-tool takes SERVER/TOOL or SERVER/* (the server's name in the MCP config), got "${pattern}"`);
  }
  return [...patterns];
}

/** --budget-tokens and --budget-usd together; a cost budget needs the prices. */
export function budgetOf(tokensGiven: readonly string[], c: ReadContext): Budget | undefined {
  const tokens = read.int(1)(tokensGiven, c);
  const usd = read.number(c.given('--budget-usd'), { ...c, flag: '--budget-usd' });
  if (usd !== undefined && !c.given('--price-input').length && !c.given('--price-output').length)
    throw new UsageError('--budget-usd needs the prices: --price-input and/or --price-output (US dollars per million tokens)');
  if (tokens === undefined && usd === undefined) return undefined;
  return { ...(tokens !== undefined ? { tokens } : {}), ...(usd !== undefined ? { usd } : {}) };
}

/** --price-input and --price-output together. */
export function pricesOf(inputGiven: readonly string[], c: ReadContext): Prices | undefined {
  const inputPerMillion = read.number(inputGiven, c);
  const outputPerMillion = read.number(c.given('--price-output'), { ...c, flag: '--price-output' });
  if (inputPerMillion === undefined && outputPerMillion === undefined) return undefined;
  return {
    ...(inputPerMillion !== undefined ? { inputPerMillion } : {}),
    ...(outputPerMillion !== undefined ? { outputPerMillion } : {}),
  };
}

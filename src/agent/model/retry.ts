/**
 * Retry with exponential backoff and jitter, honouring Retry-After, bounded in tries. (Words: a model request
 * is *tried* and *retried*; an *attempt* is a fresh-context restart of a run (run/attempts.ts); a *sample* is
 * one of an evaluation's runs per task and cap.)
 */
import { ModelError, type ModelClient, type ModelRequest, type ModelTurn } from '../modelClient';
import { DEFAULTS, type RetryPolicy } from '../defaults';

export type { RetryPolicy } from '../defaults';

export const DEFAULT_RETRY: RetryPolicy = { ...DEFAULTS.retry };

/** Delay before try `tried + 1` (tries count from 1), or undefined when no retry is due. */
export function retryDelay(error: unknown, tried: number, policy: RetryPolicy, random = Math.random): number | undefined {
  if (!(error instanceof ModelError) || !error.retryable) return undefined;
  if (tried >= policy.maxTries) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tried - 1));
  // "Equal jitter": half fixed, half random, so retries spread out but never collapse to zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with a cancellation error when the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ModelError('cancelled', 'cancelled'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ModelError('cancelled', 'cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One model call outside the loop (a summary, a fold), retried as a turn would be; throws the model's error once retries are spent (or on cancel). */
export async function completeWithRetry(
  model: ModelClient,
  request: ModelRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<ModelTurn> {
  for (let tried = 1; ; tried++) {
    try {
      return await model.complete(request, { signal });
    } catch (e) {
      const delay = retryDelay(e, tried, policy);
      if (delay === undefined || signal.aborted) throw e;
      await sleep(delay, signal);
    }
  }
}

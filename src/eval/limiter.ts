/**
 * One gate in front of the model for every task of an evaluation. When any call is refused with 429,
 * the whole evaluation holds off until Retry-After has passed (or a backoff when the server gives none),
 * instead of C tasks each hammering the endpoint on their own schedule. The loop's own retry then
 * repeats the refused call; calls from other tasks wait at the gate.
 */
import { ModelError, type ModelCallOptions, type ModelClient, type ModelRequest, type ModelTurn } from '../agent/modelClient';
import { sleep } from '../agent/model/retry';

export class SharedLimiter {
  private pausedUntil = 0;
  private strikes = 0;
  /** 429s seen and total ms paused, for the report and tests. */
  readonly stats = { rateLimited: 0, pausedMs: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when calls may go out; rejects (cancelled) when the signal fires while waiting. */
  async wait(signal: AbortSignal): Promise<void> {
    for (;;) {
      const ms = this.pausedUntil - this.now();
      if (ms <= 0) return;
      await sleep(ms, signal);
    }
  }

  /** A 429 came back: hold every caller until Retry-After (or 1 s, 2 s, 4 s … up to 60 s without one). */
  rateLimited(retryAfterMs: number | undefined): void {
    this.stats.rateLimited++;
    const ms = retryAfterMs ?? Math.min(60_000, 1000 * 2 ** this.strikes++);
    const until = this.now() + ms;
    if (until > this.pausedUntil) {
      this.stats.pausedMs += until - Math.max(this.pausedUntil, this.now());
      this.pausedUntil = until;
    }
  }

  succeeded(): void {
    this.strikes = 0;
  }

  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}

/** A ModelClient that passes through the shared gate. */
export class LimitedModel implements ModelClient {
  constructor(
    private readonly inner: ModelClient,
    private readonly limiter: SharedLimiter,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  async complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn> {
    await this.limiter.wait(options.signal);
    try {
      const turn = await this.inner.complete(request, options);
      this.limiter.succeeded();
      return turn;
    } catch (e) {
      if (e instanceof ModelError && e.kind === 'rate_limited') this.limiter.rateLimited(e.retryAfterMs);
      throw e;
    }
  }
}

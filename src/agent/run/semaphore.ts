/** At most `limit` holders at once; waiters are served in order and leave when their signal aborts. */
import { ModelError } from '../modelClient';

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a place is free; rejects as cancelled if the signal fires first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new ModelError('cancelled', 'cancelled'));
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        this.active++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.waiting.shift()?.();
        });
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new ModelError('cancelled', 'cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (this.active < this.limit) grant();
      else this.waiting.push(grant);
    });
  }
}

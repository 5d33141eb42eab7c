// Clean-up that must happen however the test process ends: a normal exit, or SIGINT / SIGTERM / SIGHUP.

const cleanups = new Set<() => void>();
let owner: ((sig: NodeJS.Signals) => void) | undefined;

/**
 * Runs `cleanup` (synchronously) when this process exits or is told to stop, then lets the signal take
 * its default action. Registering the same function again does nothing.
 */
export function onExitOrSignal(cleanup: () => void): void {
  if (cleanups.size === 0) {
    const runAll = (): void => {
      for (const c of cleanups) c();
    };
    process.on('exit', runAll);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const listener = (): void => {
        // A long-running script (npm start) stops its hosts gracefully on the first signal; a second
        // signal, or a process with no such owner, gets the synchronous kill below.
        const o = owner;
        owner = undefined;
        if (o) return o(sig);
        process.removeListener(sig, listener);
        runAll();
        process.kill(process.pid, sig); // the default action, now that this handler is gone
      };
      process.on(sig, listener);
    }
  }
  cleanups.add(cleanup);
}

/**
 * Lets a long-running script handle the first SIGINT / SIGTERM / SIGHUP itself (for a graceful stop);
 * the exit clean-up stays as the safety net.
 */
export function ownFirstSignal(handler: (sig: NodeJS.Signals) => void): void {
  owner = handler;
}

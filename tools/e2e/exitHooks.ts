// Clean-up that must happen however the test process ends: a normal exit, or SIGINT / SIGTERM / SIGHUP.

const cleanups = new Set<() => void>();

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
      process.once(sig, () => {
        runAll();
        process.kill(process.pid, sig); // the default action, now that this handler is gone
      });
    }
  }
  cleanups.add(cleanup);
}

/** A background loop of one instance, started with it. */
export interface PeriodicRun {
  /** Stops the loop and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` after `firstDelayMs`, then `intervalMs` after each run ends: one run at a time,
 * on timers that never keep the process alive (unref), so a slow run delays only the next one.
 * A failed run goes to `onError` and the loop goes on. The notification worker and the
 * attachments' orphan cleanup are both this loop.
 */
export function startPeriodicRun(options: { run: () => Promise<void>; intervalMs: number; firstDelayMs?: number; onError: (err: unknown) => void }): PeriodicRun {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    inFlight = options
      .run()
      .catch(options.onError)
      .finally(() => {
        inFlight = undefined;
        schedule(options.intervalMs);
      });
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? options.intervalMs);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

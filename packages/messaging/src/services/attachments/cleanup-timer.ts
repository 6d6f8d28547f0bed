import type { MessagingLogger } from '../../options.js';

/** How long after start the first cleanup runs (or after one interval, when that is shorter). */
export const FIRST_CLEANUP_DELAY_MS = 30_000;

/** The orphan cleanup of one instance, started with it while attachments are on. */
export interface CleanupTimer {
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `cleanup` a little after start, then every `intervalMs`, one run at a time, on timers
 * that never keep the process alive (unref). A failed run is logged, never thrown; the next
 * one tries again. Several servers may run it at once: the cleanup claims each row by id.
 */
export function startCleanupTimer(cleanup: () => Promise<number>, intervalMs: number, logger: MessagingLogger): CleanupTimer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    inFlight = cleanup()
      .then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'messaging: deleted uploads never sent');
        },
        (err: unknown) => logger.warn({ err }, 'messaging: the cleanup of uploads never sent failed; trying again at the next interval'),
      )
      .finally(() => {
        inFlight = undefined;
        schedule(intervalMs);
      });
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  schedule(Math.min(FIRST_CLEANUP_DELAY_MS, intervalMs));

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

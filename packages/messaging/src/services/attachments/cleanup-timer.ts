import type { MessagingLogger } from '../../options.js';
import { type PeriodicRun, startPeriodicRun } from '../operations/periodic-run.js';

/** How long after start the first cleanup runs (or after one interval, when that is shorter). */
export const FIRST_CLEANUP_DELAY_MS = 30_000;

/** The orphan cleanup of one instance, started with it while attachments are on. */
export type CleanupTimer = PeriodicRun;

/**
 * Runs `cleanup` a little after start, then every `intervalMs`, one run at a time, on timers
 * that never keep the process alive. A failed run is logged, never thrown; the next one tries
 * again. Several servers may run it at once: the cleanup claims each row by id.
 */
export function startCleanupTimer(cleanup: () => Promise<number>, intervalMs: number, logger: MessagingLogger): CleanupTimer {
  return startPeriodicRun({
    run: async () => {
      const deleted = await cleanup();
      if (deleted > 0) logger.info({ deleted }, 'messaging: deleted uploads never sent');
    },
    intervalMs,
    firstDelayMs: Math.min(FIRST_CLEANUP_DELAY_MS, intervalMs),
    onError: (err) => logger.warn({ err }, 'messaging: the cleanup of uploads never sent failed; trying again at the next interval'),
  });
}

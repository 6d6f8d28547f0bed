import type { MessagingLogger } from '../../options.js';
import { type PeriodicRun, startPeriodicRun } from '../operations/periodic-run.js';

/** The delivery loop of one process. */
export type NotificationWorker = PeriodicRun;

/**
 * Runs `run` every `intervalMs`, one run at a time, on a timer that never keeps the process
 * alive. It is its own loop: a failing or slow `send` delays only the next run, never a
 * request. A failed run is logged and the loop goes on.
 */
export function startNotificationWorker(run: () => Promise<unknown>, intervalMs: number, logger: MessagingLogger): NotificationWorker {
  return startPeriodicRun({
    run: async () => {
      await run();
    },
    intervalMs,
    onError: (err) => logger.warn({ err }, 'messaging: the notification delivery run failed; trying again at the next interval'),
  });
}

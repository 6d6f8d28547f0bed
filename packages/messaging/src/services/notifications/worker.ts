import type { MessagingLogger } from '../../options.js';

/** The delivery loop of one process. */
export interface NotificationWorker {
  /** Stops the loop and waits for the run in progress (its sends included). */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`, one run at a time, on a timer that never keeps the process
 * alive (unref). It is its own loop: a failing or slow `send` delays only the next run, never
 * a request. A failed run is logged and the loop goes on.
 */
export function startNotificationWorker(run: () => Promise<unknown>, intervalMs: number, logger: MessagingLogger): NotificationWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    inFlight = run()
      .then(
        () => undefined,
        (err: unknown) => logger.warn({ err }, 'messaging: the notification delivery run failed; trying again at the next interval'),
      )
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

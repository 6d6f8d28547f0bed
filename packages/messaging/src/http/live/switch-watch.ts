import type { HttpContext } from '../http-context.js';
import type { EventBus } from '../../services/live/event-bus.js';

/**
 * How often, while streams are open, a SQLite instance looks whether another process wrote
 * to the file (`PRAGMA data_version`, a few microseconds) and, if so, reads the switch again.
 */
const FILE_CHECK_MS = 500;

/** Notices the switch going off in another process, for the open live streams. */
export interface SwitchWatch {
  /** Starts watching (again): a stream opened. */
  start(): void;
  /** No stream is open: stops looking at the file. */
  idle(): void;
  /** At close: stops for good. */
  stop(): void;
}

/**
 * The switch changed by another process (the CLI's `messaging disable`, a second app server's
 * admin page) must end this process's streams at once, not at their next heartbeat. Postgres
 * servers hear the CLI's notice (`bulk`) on the bus, and another server's own change as
 * `toggle` (which the streams handle themselves); SQLite servers see the file change. Either
 * way the switch is read past its cache, once for all streams, and `onOff` runs if it is off.
 */
export function createSwitchWatch(ctx: HttpContext, bus: EventBus, isEnabledNow: () => Promise<boolean>, onOff: () => void): SwitchWatch {
  let reading = false;
  let readAgain = false;
  let unwatch: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let seenVersion: number | undefined;

  async function recheck(): Promise<void> {
    if (reading) {
      readAgain = true; // the read under way may predate this change
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        if (!(await isEnabledNow())) onOff();
      } while (readAgain);
    } catch (err) {
      ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: could not read the switch; the next heartbeat tries again');
    } finally {
      reading = false;
    }
  }

  const idle = () => {
    clearInterval(timer);
    timer = undefined;
  };

  return {
    start() {
      unwatch ??= bus.watch((event) => {
        if (event.type === 'bulk') void recheck();
      });
      const dataVersion = ctx.database.dataVersion;
      if (!dataVersion || timer) return;
      try {
        seenVersion = dataVersion();
      } catch {
        seenVersion = undefined;
      }
      timer = setInterval(() => {
        let version: number | undefined;
        try {
          version = dataVersion();
        } catch {
          return; // the file is failing: requests report it, and the heartbeat ends the streams
        }
        if (version === seenVersion) return;
        seenVersion = version;
        void recheck();
      }, FILE_CHECK_MS);
      timer.unref?.();
    },
    idle,
    stop() {
      idle();
      unwatch?.();
    },
  };
}

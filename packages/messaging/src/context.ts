import type { DatabaseHandle } from './db/connection/connect.js';
import type { MessagingEvents } from './events.js';
import type { MessagingLogger, MessagingOptions, ResolvedLimits, ResolvedRateLimits, UsersAdapter } from './options.js';

/**
 * What every layer of one instance shares: the database, the validated options with their
 * defaults, the clock, the logger and the events. Made once by createMessaging; never global.
 */
export interface MessagingContext {
  readonly database: DatabaseHandle;
  readonly options: MessagingOptions;
  readonly users: UsersAdapter;
  readonly limits: ResolvedLimits;
  readonly rateLimits: ResolvedRateLimits | false;
  readonly logger: MessagingLogger;
  readonly events: MessagingEvents;
  /** Now, as a Date. */
  readonly clock: () => Date;
  /** Now, as the ISO string the database stores. */
  now(): string;
}

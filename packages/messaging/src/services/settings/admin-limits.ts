import type { MessagingContext } from '../../context.js';
import { isDatabaseUnavailableError } from '../../db/faults/unavailable-error.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { createReadCache } from './read-cache.js';
import type { SettingsStore } from './settings-store.js';

/** The limits an admin may change from the settings page; each falls back to the option (or its default). */
export interface SendingLimits {
  /** Messages one member may send per minute. */
  messagesPerMinute: number;
  /** New conversations one member may start per day. */
  newThreadsPerDay: number;
  /** Most other members in one group conversation. */
  maxGroupParticipants: number;
}

/** What `set` accepts: a number sets a limit, `null` goes back to the option's value. */
export type SendingLimitsChange = { [K in keyof SendingLimits]?: number | null };

/** Bounds of each limit (whole numbers). */
export const LIMIT_BOUNDS: Record<keyof SendingLimits, { min: number; max: number }> = {
  messagesPerMinute: { min: 1, max: 1000 },
  newThreadsPerDay: { min: 1, max: 10_000 },
  maxGroupParticipants: { min: 1, max: 500 },
};

const KEYS: Record<keyof SendingLimits, string> = {
  messagesPerMinute: 'limit.messages_per_minute',
  newThreadsPerDay: 'limit.new_threads_per_day',
  maxGroupParticipants: 'limit.max_group_participants',
};

/** How long a process trusts what it read: an admin's change holds everywhere within a few seconds. */
const LIMITS_CACHE_MS = 2_000;

/**
 * The effective sending limits of an instance (`messaging.limits`): what an admin stored in
 * `messaging_settings`, over the options' values. Read through a short cache; `current()` is
 * synchronous (the rate limiter needs it so) and starts a refresh when the cache is stale.
 */
export interface AdminLimitsService {
  /** The limits now, fresh from the database (at most {@link LIMITS_CACHE_MS} old). */
  get(): Promise<SendingLimits & { overridden: Array<keyof SendingLimits> }>;
  /** The last limits read, without waiting (the options' values until the first read). */
  current(): SendingLimits;
  /** Stores an admin's change; `invalid_request` naming the field for a value out of bounds. */
  set(change: SendingLimitsChange, actor?: UserId | null): Promise<SendingLimits>;
  /** The options' values, which `null` goes back to. */
  defaults(): SendingLimits;
}

function limitsFromOptions(ctx: MessagingContext): SendingLimits {
  const rate = ctx.rateLimits;
  return {
    messagesPerMinute: rate === false ? LIMIT_BOUNDS.messagesPerMinute.max : rate.messagesPerMinute,
    newThreadsPerDay: rate === false ? LIMIT_BOUNDS.newThreadsPerDay.max : rate.newThreadsPerDay,
    maxGroupParticipants: ctx.limits.maxGroupParticipants,
  };
}

/** A database fault as the package's `database_unavailable` (the driver's error as its cause). */
function toUnavailable(err: unknown): unknown {
  return isDatabaseUnavailableError(err) && !(err instanceof MessagingError) ? new MessagingError('database_unavailable', undefined, { cause: err }) : err;
}

/** Checks a change against {@link LIMIT_BOUNDS}: `invalid_request` naming each field out of bounds. */
function checkChange(change: SendingLimitsChange): void {
  const details: Array<{ in: 'body'; field: string; message: string }> = [];
  for (const [name, value] of Object.entries(change ?? {}) as Array<[keyof SendingLimits, unknown]>) {
    const bounds = LIMIT_BOUNDS[name];
    if (!bounds) details.push({ in: 'body', field: String(name), message: 'is not a limit that can be set' });
    else if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max)) {
      details.push({ in: 'body', field: name, message: `must be a whole number from ${bounds.min} to ${bounds.max}` });
    }
  }
  if (details.length > 0) throw new MessagingError('invalid_request', undefined, { details });
}

/**
 * Builds the instance's one limits service over its settings store (createMessaging shares it
 * with the rate limiter, the sending policy and the admin pages).
 */
export function createAdminLimitsService(ctx: MessagingContext, store: SettingsStore): AdminLimitsService {
  const defaults = limitsFromOptions(ctx);

  // Before the tables exist (never migrated), the options hold; a connection fault
  // ("database … does not exist", a refused login) must surface, not pass as defaults.
  async function readNow(): Promise<{ value: SendingLimits; overridden: Array<keyof SendingLimits> }> {
    const stored = await store.getMany(Object.values(KEYS)).catch((err: unknown) => {
      throw toUnavailable(err);
    });
    const value = { ...defaults };
    const overridden: Array<keyof SendingLimits> = [];
    for (const name of Object.keys(KEYS) as Array<keyof SendingLimits>) {
      const raw = stored.get(KEYS[name]);
      const n = raw === undefined ? undefined : Number(raw);
      if (n !== undefined && Number.isInteger(n) && n >= LIMIT_BOUNDS[name].min) {
        value[name] = n;
        overridden.push(name);
      }
    }
    return { value, overridden };
  }

  const cache = createReadCache(readNow, { ms: LIMITS_CACHE_MS, clock: () => ctx.clock().getTime() });

  return {
    defaults: () => ({ ...defaults }),
    async get() {
      const fresh = await cache.get();
      return { ...fresh.value, overridden: [...fresh.overridden] };
    },
    current() {
      if (!cache.fresh()) {
        cache
          .get()
          .catch((err: unknown) => ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: could not read the sending limits; keeping the last ones'));
      }
      return { ...(cache.last()?.value ?? defaults) };
    },
    async set(change, actor = null) {
      checkChange(change);
      const updated_by = actor === null || actor === undefined ? null : String(actor);
      const stored = Object.fromEntries(
        (Object.entries(change) as Array<[keyof SendingLimits, number | null]>).map(([name, value]) => [KEYS[name], value === null ? null : String(value)]),
      );
      const at = await store.set(stored, updated_by);
      ctx.logger.info({ change, actor: updated_by, at }, 'messaging: sending limits changed');
      cache.forget();
      return (await cache.get()).value;
    },
  };
}

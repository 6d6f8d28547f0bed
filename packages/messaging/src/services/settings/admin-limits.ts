import type { MessagingContext } from '../../context.js';
import { isMissingTableError } from '../../db/faults/missing-table.js';
import { isDatabaseUnavailableError } from '../../db/faults/unavailable-error.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { perContext } from '../per-context.js';

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
export const LIMITS_CACHE_MS = 2_000;

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

/** The one limits service of an instance (shared by the router's rate limiter and the services). */
export const adminLimitsOf = perContext((ctx) => createAdminLimitsService(ctx));

function defaultsOf(ctx: MessagingContext): SendingLimits {
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

function createAdminLimitsService(ctx: MessagingContext): AdminLimitsService {
  const db = ctx.database.db;
  const defaults = defaultsOf(ctx);
  let cached: { value: SendingLimits; overridden: Array<keyof SendingLimits>; until: number } | undefined;
  let reading: Promise<NonNullable<typeof cached>> | undefined;

  async function readNow(): Promise<NonNullable<typeof cached>> {
    let rows: Array<{ key: string; value: string }> = [];
    try {
      rows = await db.selectFrom('messaging_settings').select(['key', 'value']).where('key', 'in', Object.values(KEYS)).execute();
    } catch (err) {
      // Before the tables exist (never migrated), the options hold; a connection fault
      // ("database … does not exist", a refused login) must surface, not pass as defaults.
      if (!isMissingTableError(err)) throw toUnavailable(err);
    }
    const stored = new Map(rows.map((r) => [r.key, Number(r.value)]));
    const value = { ...defaults };
    const overridden: Array<keyof SendingLimits> = [];
    for (const name of Object.keys(KEYS) as Array<keyof SendingLimits>) {
      const n = stored.get(KEYS[name]);
      if (n !== undefined && Number.isInteger(n) && n >= LIMIT_BOUNDS[name].min) {
        value[name] = n;
        overridden.push(name);
      }
    }
    return { value, overridden, until: Date.now() + LIMITS_CACHE_MS };
  }

  function refresh(): Promise<NonNullable<typeof cached>> {
    reading ??= readNow().then(
      (fresh) => {
        cached = fresh;
        reading = undefined;
        return fresh;
      },
      (err) => {
        reading = undefined;
        throw err;
      },
    );
    return reading;
  }

  return {
    defaults: () => ({ ...defaults }),
    async get() {
      const fresh = cached && cached.until > Date.now() ? cached : await refresh();
      return { ...fresh.value, overridden: [...fresh.overridden] };
    },
    current() {
      if (!cached || cached.until <= Date.now()) {
        refresh().catch((err: unknown) => ctx.logger.warn({ err: String((err as Error)?.message ?? err) }, 'messaging: could not read the sending limits; keeping the last ones'));
      }
      return { ...(cached?.value ?? defaults) };
    },
    async set(change, actor = null) {
      const details: Array<{ in: 'body'; field: string; message: string }> = [];
      for (const [name, value] of Object.entries(change ?? {}) as Array<[keyof SendingLimits, unknown]>) {
        const bounds = LIMIT_BOUNDS[name];
        if (!bounds) details.push({ in: 'body', field: String(name), message: 'is not a limit that can be set' });
        else if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max)) {
          details.push({ in: 'body', field: name, message: `must be a whole number from ${bounds.min} to ${bounds.max}` });
        }
      }
      if (details.length > 0) throw new MessagingError('invalid_request', undefined, { details });
      const updated_at = ctx.now();
      const updated_by = actor === null || actor === undefined ? null : String(actor);
      await db.transaction().execute(async (trx) => {
        for (const [name, value] of Object.entries(change) as Array<[keyof SendingLimits, number | null]>) {
          if (value === null) {
            await trx.deleteFrom('messaging_settings').where('key', '=', KEYS[name]).execute();
            continue;
          }
          const row = { key: KEYS[name], value: String(value), updated_at, updated_by };
          await trx.insertInto('messaging_settings').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at, updated_by })).execute();
        }
      });
      ctx.logger.info({ change, actor: updated_by, at: updated_at }, 'messaging: sending limits changed');
      cached = undefined;
      return (await refresh()).value;
    },
  };
}

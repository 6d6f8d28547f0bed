import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';

/** The rate limits counted in `messaging_rate_counters`, by their stored name. */
export type LimitName = 'messages' | 'new_threads_hour' | 'new_threads_day' | 'write_attempts';

/** One limit to spend one of: at most `max` per fixed window of `windowMs`. */
export interface LimitTake {
  name: LimitName;
  max: number;
  windowMs: number;
}

/** How often one process deletes the rows of ended windows (one indexed DELETE). */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Per-member rate limits counted in the messaging database, so every process and server on
 * it shares one count and a restart forgets nothing. One row per member and limit holds its
 * current fixed window, which starts at the member's first take after the last one ended (as
 * the in-memory limiter did): the table holds at most one row per member and limit.
 */
export interface LimitCounter {
  /**
   * Spends one of each limit for `memberId` in ONE statement (an upsert that starts a new
   * window or increments below the limit, atomic on both engines). When any is full it throws
   * 429 `rate_limited` with `details.retryAfter` (seconds until that window ends); the limits
   * that still had room are given back first, so a refused take stores nothing (refusals cost
   * two more statements). Runs on the instance's database, or in the caller's transaction
   * `within` (whose rollback then undoes it too).
   */
  take(memberId: string, limits: readonly LimitTake[], within?: Kysely<MessagingDatabase>): Promise<TakenLimits>;
  /** Deletes the rows of windows that ended; the number deleted. */
  pruneExpired(): Promise<number>;
}

/** What a take spent, to give back when the request turned out not to count. */
export interface TakenLimits {
  /** Gives back one of each named limit, in the window it was taken in (a no-op for one not taken or given back already). */
  release(names: readonly LimitName[]): Promise<void>;
}

const NOTHING_TAKEN: TakenLimits = { release: async () => {} };

/** The counter of an instance; `clock` is the instance's, `onPruneError` logs a failed cleanup. */
export function createLimitCounter(db: Kysely<MessagingDatabase>, clock: () => Date, onPruneError: (err: unknown) => void): LimitCounter {
  // Not at the first take: a short-lived instance (a script, a test) ends without a cleanup racing its close.
  let nextPruneAt: number | undefined;
  const compiled = new Map<number, CompiledQuery>();

  async function pruneExpired(): Promise<number> {
    const result = await db.deleteFrom('messaging_rate_counters').where('expires_at', '<=', clock().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    pruneExpired,
    async take(memberId, limits, target = db) {
      if (limits.length === 0) return NOTHING_TAKEN;
      const now = clock().getTime();
      const nowIso = new Date(now).toISOString();
      const expiresOf = (l: LimitTake) => new Date(now + l.windowMs).toISOString();
      // Every value is a parameter, so the statement's text depends only on how many limits it
      // takes: built and compiled once per count (Kysely's build costs as much as the statement).
      const parameters = [...limits.flatMap((l) => [memberId, l.name, nowIso, 1, expiresOf(l)]), ...limits.flatMap((l) => [l.name, Math.trunc(l.max)])];
      let query = compiled.get(limits.length);
      if (!query) {
        query = upsert(target, memberId, limits, nowIso, expiresOf).compile();
        // Kept only when its parameters are in the order assumed above.
        if (JSON.stringify(query.parameters) === JSON.stringify(parameters)) compiled.set(limits.length, query);
      }
      const counted = (await target.executeQuery<{ limit_name: string; window_start: string }>({ ...query, parameters })).rows;
      const windowOf = new Map(counted.map((r) => [r.limit_name as LimitName, r.window_start]));
      const taken: TakenLimits = {
        async release(names) {
          const windows = names.flatMap((n) => {
            const start = windowOf.get(n);
            return start === undefined ? [] : [[n, start] as const];
          });
          if (windows.length === 0) return;
          for (const [n] of windows) windowOf.delete(n);
          // Only in the window it was taken in: a window started since then owes nothing.
          await target
            .updateTable('messaging_rate_counters')
            .set({ count: sql<number>`count - 1` })
            .where('member_id', '=', memberId)
            .where('count', '>', 0)
            .where((eb) => eb.or(windows.map(([n, start]) => eb.and([eb('limit_name', '=', n), eb('window_start', '=', start)]))))
            .execute();
        },
      };
      const refused = limits.filter((l) => !windowOf.has(l.name));
      if (refused.length > 0) {
        await taken.release([...windowOf.keys()]);
        throw new MessagingError('rate_limited', undefined, { details: { retryAfter: await retryAfter(target, memberId, refused, now) } });
      }
      nextPruneAt ??= now + PRUNE_EVERY_MS;
      if (now >= nextPruneAt) {
        nextPruneAt = now + PRUNE_EVERY_MS;
        // Not awaited, on the instance's database: a failed cleanup delays nothing.
        void pruneExpired().catch(onPruneError);
      }
      return taken;
    },
  };
}

/**
 * The take: one row per limit, inserted as a new window, or updated when the stored window
 * ended (a new one starts) or is below its limit; a full one is left alone and not returned.
 */
function upsert(db: Kysely<MessagingDatabase>, memberId: string, limits: readonly LimitTake[], nowIso: string, expiresOf: (l: LimitTake) => string) {
  // The stored window ended (times are ISO text in UTC, so text order is time order).
  const ended = sql<boolean>`messaging_rate_counters.expires_at <= excluded.window_start`;
  // The limit of each row, by name; cast, so that Postgres types the bound values as integers.
  const maxOf = sql<number>`case ${sql.join(
    limits.map((l) => sql`when messaging_rate_counters.limit_name = ${l.name} then cast(${Math.trunc(l.max)} as integer)`),
    sql` `,
  )} end`;
  return db
    .insertInto('messaging_rate_counters')
    .values(limits.map((l) => ({ member_id: memberId, limit_name: l.name, window_start: nowIso, count: 1, expires_at: expiresOf(l) })))
    .onConflict((oc) =>
      oc
        .columns(['member_id', 'limit_name'])
        .doUpdateSet({
          count: sql<number>`case when ${ended} then 1 else messaging_rate_counters.count + 1 end`,
          window_start: sql<string>`case when ${ended} then excluded.window_start else messaging_rate_counters.window_start end`,
          expires_at: sql<string>`case when ${ended} then excluded.expires_at else messaging_rate_counters.expires_at end`,
        })
        .where(sql<boolean>`${ended} or messaging_rate_counters.count < ${maxOf}`),
    )
    .returning(['limit_name', 'window_start']);
}

/** Seconds until the last of the refused limits' windows ends (at least 1). */
async function retryAfter(db: Kysely<MessagingDatabase>, memberId: string, refused: readonly LimitTake[], now: number): Promise<number> {
  const rows = await db
    .selectFrom('messaging_rate_counters')
    .select('expires_at')
    .where('member_id', '=', memberId)
    .where(
      'limit_name',
      'in',
      refused.map((l) => l.name),
    )
    .execute();
  const ends = rows.map((r) => Date.parse(r.expires_at)).filter(Number.isFinite);
  // A row deleted in between (a prune, forget-user): its window just ended.
  const end = ends.length > 0 ? Math.max(...ends) : now;
  return Math.max(1, Math.ceil((end - now) / 1000));
}

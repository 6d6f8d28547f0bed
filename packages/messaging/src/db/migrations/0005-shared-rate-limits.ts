import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';

/**
 * Schema version 5: `messaging_rate_counters`, the per-member rate-limit counts (messages per
 * minute, new threads per hour and day, write attempts per minute), one row per member and
 * limit holding its current fixed window (it starts at the member's first take). Every process and server on the database counts in the same rows, so N
 * servers allow the limit once, not N times, and a restart does not reset the daily cap.
 * `expires_at` (the window's end) lets the rows of members gone quiet be deleted with one index range. A new empty
 * table: an existing database starts counting from zero.
 *
 * On Postgres the table is UNLOGGED: a count is not worth a WAL flush per request (an
 * autocommit upsert into a logged table waits for the disk: several milliseconds on a busy
 * server, against about one unlogged). The rows survive restarts of the app and clean
 * restarts of Postgres; a Postgres crash or a failover to a replica empties the table, and
 * every member starts a fresh window. Frozen once released.
 */
export const sharedRateLimits: Migration = {
  async up(db: Kysely<any>) {
    const postgres = detectDialect(db) === 'postgres';
    await db.schema
      .createTable('messaging_rate_counters')
      .$call((t) => (postgres ? t.modifyFront(sql`unlogged`) : t))
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('limit_name', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('messaging_rate_counters_pk', ['member_id', 'limit_name'])
      .execute();
    await db.schema.createIndex('messaging_rate_counters_expires').on('messaging_rate_counters').column('expires_at').execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('messaging_rate_counters').execute();
  },
};

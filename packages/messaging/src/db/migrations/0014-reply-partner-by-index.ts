import { type Kysely, type Migration, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';
import { PARTNER_WITH_LIMIT, replyFunctionSql } from './0013-postgres-reply-function.js';

/**
 * The head's partner as an aggregate: a direct thread has two rows, so `min` of the one that is
 * not the sender is that member, and with no `limit` the planner always reads the primary key.
 */
const PARTNER_BY_INDEX = "(select min(p.user_id) from messaging_participants p where p.thread_id = th.id and p.user_id <> p_sender and th.kind = 'direct')";

/**
 * Schema version 14: the reply function of migration 0013 with its partner lookup rewritten.
 * With `limit 1`, a plan made while `messaging_participants` was small (a new site; a
 * connection keeps a function's plans until the table is next analyzed) read the table from the
 * start until it met a row of the thread: a sequential scan on every direct reply, slower with
 * every row and every dead row version the table gained. Measured with 10 senders on a
 * Postgres without autovacuum: such scans on ~0.7 of direct replies, the database's CPU per
 * reply 1,120 → 1,800 µs over 15,000 replies; with this lookup none, and a flat ~750 µs.
 *
 * SQLite: nothing (its reply runs its own statements).
 */
export const replyPartnerByIndex: Migration = {
  async up(db: Kysely<any>) {
    if (detectDialect(db) !== 'postgres') return;
    await sql.raw(replyFunctionSql(PARTNER_BY_INDEX)).execute(db);
  },

  async down(db: Kysely<any>) {
    if (detectDialect(db) !== 'postgres') return;
    await sql.raw(replyFunctionSql(PARTNER_WITH_LIMIT)).execute(db);
  },
};

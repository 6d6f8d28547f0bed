import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../../db/connection/dialect.js';
import type { MessagingDatabase } from '../../db/schema.js';

/**
 * The unique key of a direct thread: both ids, sorted, as a JSON array, so either side finds
 * it and no other pair can: a plain `a:b` join let "a" + "b:c" and "a:b" + "c" share one key
 * (and one private thread). Migration 0002 rewrote older keys to this form.
 */
export function directKeyOf(a: string, b: string): string {
  return JSON.stringify([a, b].sort());
}

/** First key of the pair locks, apart from any bigint advisory lock (Kysely's migration lock, the host's). */
const PAIR_LOCK_SPACE = 0x6d736721;

/**
 * Inside a transaction, on Postgres: the lock that a block and a conversation start between
 * the same two members share (a transaction-scoped advisory lock on their direct key). A first
 * message has no thread row to lock yet; without it, it could create the pair's thread and
 * commit after the block did. SQLite needs none: one writer at a time.
 */
export async function lockDirectPair(trx: Kysely<MessagingDatabase>, directKey: string): Promise<void> {
  if (detectDialect(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${PAIR_LOCK_SPACE}, hashtext(${directKey}))`.execute(trx);
}

import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../../db/connection/dialect.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { ConversationContext } from '../../options.js';

/**
 * The unique key of a direct thread: both ids, sorted, as a JSON array, so either side finds
 * it and no other pair can: a plain `a:b` join let "a" + "b:c" and "a:b" + "c" share one key
 * (and one private thread). Migration 0002 rewrote older keys to this form. A thread about a
 * context adds its type and id to the array (four strings, never two): JSON keeps every part
 * apart whatever characters it holds, so one pair and context has one thread, and no other.
 */
export function directKeyOf(a: string, b: string, context?: ConversationContext | null): string {
  const pair = [a, b].sort();
  return JSON.stringify(context ? [...pair, context.type, context.id] : pair);
}

/** First key of the pair locks, apart from any bigint advisory lock (Kysely's migration lock, the host's). */
const PAIR_LOCK_SPACE = 0x6d736721;

/**
 * Inside a transaction, on Postgres: the lock that a block and a conversation start between
 * the same two members share (a transaction-scoped advisory lock on their direct key). A first
 * message has no thread row to lock yet; without it, it could create the pair's thread and
 * commit after the block did. SQLite needs none: one writer at a time. Always the pair's own
 * key (`directKeyOf(a, b)`, no context): a block stops every thread of the pair at once.
 */
export async function lockDirectPair(trx: Kysely<MessagingDatabase>, directKey: string): Promise<void> {
  if (detectDialect(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${PAIR_LOCK_SPACE}, hashtext(${directKey}))`.execute(trx);
}

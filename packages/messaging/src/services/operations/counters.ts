import type { ExpressionBuilder, Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { unreadCountOf } from '../unread/unread-count.js';

/**
 * Repairs the derived columns of some threads after messages were deleted or erased in bulk
 * (retention, forget-user), inside the caller's transaction. Sends keep these columns
 * incrementally; bulk operations recount them instead, bounded by the threads they touched.
 */

/**
 * Takes the write lock on these threads (as every send does first), so that no send or read
 * interleaves with the repair. Ids are sorted so two bulk jobs lock in the same order.
 */
export async function lockThreads(trx: Kysely<MessagingDatabase>, threadIds: string[]): Promise<void> {
  if (threadIds.length === 0) return;
  await trx
    .updateTable('messaging_threads')
    .set((eb) => ({ last_message_id: eb.ref('last_message_id') }))
    .where('id', 'in', [...threadIds].sort())
    .execute();
}

/**
 * Deletes the threads (with their participants) that have no message left. Returns their ids.
 */
export async function deleteEmptyThreads(trx: Kysely<MessagingDatabase>, threadIds: string[]): Promise<{ threads: string[]; participants: number }> {
  if (threadIds.length === 0) return { threads: [], participants: 0 };
  const empty = await trx
    .selectFrom('messaging_threads as t')
    .select('t.id')
    .where('t.id', 'in', threadIds)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('messaging_messages as m').select('m.id').whereRef('m.thread_id', '=', 't.id'))))
    .execute();
  const ids = empty.map((r) => r.id);
  if (ids.length === 0) return { threads: [], participants: 0 };
  const removed = await trx.deleteFrom('messaging_participants').where('thread_id', 'in', ids).executeTakeFirst();
  await trx.deleteFrom('messaging_threads').where('id', 'in', ids).execute();
  return { threads: ids, participants: Number(removed.numDeletedRows) };
}

/**
 * For these threads: the latest visible (not deleted) message, the time of the latest message,
 * the participants' copy of that time (the inbox order), and the unread counts recounted from
 * each active participant's read mark. Read marks are never moved: they are high-water marks
 * on ids that only grow, so a mark on a message that is gone still splits read from unread.
 *
 * Every bulk job (retention, forget-user, moderation) only removes or hides messages, so an
 * unread count can only fall: rows at 0 whose activity time is already right are skipped.
 * The latest message is read backwards along the (thread_id, id) index, never by max() over
 * the thread: a batch touching a 100,000-message thread would otherwise read all of it while
 * holding the lock that sends are waiting for.
 */
export async function refreshThreadCounters(trx: Kysely<MessagingDatabase>, threadIds: string[]): Promise<void> {
  if (threadIds.length === 0) return;
  await trx
    .updateTable('messaging_threads as t')
    .set((eb) => ({
      last_message_id: eb
        .selectFrom('messaging_messages as m')
        .select('m.id')
        .whereRef('m.thread_id', '=', 't.id')
        .where('m.deleted_at', 'is', null)
        .orderBy('m.id', 'desc')
        .limit(1),
      // The latest message's time, as a send sets it (messages get ids in commit order).
      last_message_at: eb.fn.coalesce(
        eb.selectFrom('messaging_messages as m').select('m.created_at').whereRef('m.thread_id', '=', 't.id').orderBy('m.id', 'desc').limit(1),
        eb.ref('t.last_message_at'),
      ),
    }))
    .where('t.id', 'in', threadIds)
    .execute();
  const threadTime = (eb: ExpressionBuilder<any, any>) => eb.selectFrom('messaging_threads as t').select('t.last_message_at').whereRef('t.id', '=', 'p.thread_id');
  await trx
    .updateTable('messaging_participants as p')
    .set((eb) => ({
      last_activity_at: threadTime(eb),
      unread_count: eb.case().when('p.left_at', 'is', null).then(unreadCountOf(eb)).else(eb.ref('p.unread_count')).end(),
    }))
    .where('p.thread_id', 'in', threadIds)
    .where((eb) => eb.or([eb('p.unread_count', '>', 0), eb('p.last_activity_at', '<>', threadTime(eb))]))
    .execute();
}

import type { Kysely } from 'kysely';
import { openedSync } from '../../db/connection/sqlite.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { isMessageId } from '../conversations/ids.js';
import type { ServiceDeps } from '../conversations/service-deps.js';
import { announceTotals, badgeQuery, emitSafely, getUnread } from './unread-notify.js';
import { unreadCountOf } from './unread-count.js';
import { postgresMarkRead, type ReadWritten, sqliteMarkRead } from './read-write.js';

export { getUnread };

/** What `markRead` answers: the thread's unread count and the viewer's total after the call. */
export interface ReadResult {
  unreadCount: number;
  unreadTotal: number;
}

function invalidMessageId(): MessagingError {
  return new MessagingError('invalid_request', 'That message is not in this thread.', {
    details: [{ in: 'body', field: 'lastReadMessageId', message: 'must be a message of this thread' }],
  });
}

/**
 * The general path, for a host's own SQLite Kysely: one transaction that takes the thread's
 * lock first, as sends do, so that the recount sees every message committed before it and no
 * send slips between the mark and the count.
 */
async function kyselyMarkRead(db: Kysely<MessagingDatabase>, viewerId: string, threadId: string, messageId: string | null): Promise<ReadWritten> {
  return db.transaction().execute(async (trx): Promise<ReadWritten> => {
    const thread = await trx
      .updateTable('messaging_threads')
      .set((eb) => ({ last_message_id: eb.ref('last_message_id') }))
      .where('id', '=', threadId)
      .returning(['last_message_id'])
      .executeTakeFirst();
    const before = thread
      ? await trx
          .selectFrom('messaging_participants')
          .select(['unread_count', 'muted_at', 'last_read_message_id'])
          .where('thread_id', '=', threadId)
          .where('user_id', '=', viewerId)
          .where('left_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!thread || !before) return { refused: 'not_found' };

    let target = thread.last_message_id === null ? null : String(thread.last_message_id);
    if (messageId !== null) {
      const named = await trx.selectFrom('messaging_messages').select('id').where('id', '=', messageId).where('thread_id', '=', threadId).executeTakeFirst();
      if (!named) return { refused: 'invalid_message' };
      target = String(named.id);
    }
    const unchanged = { moved: false, unreadBefore: Number(before.unread_count), muted: before.muted_at !== null };
    const mark = before.last_read_message_id === null ? null : String(before.last_read_message_id);
    if (target === null) {
      const { unreadTotal } = await getUnread(trx, viewerId);
      return { ...unchanged, mark, unreadCount: Number(before.unread_count), unreadTotal };
    }

    const moved = await trx
      .updateTable('messaging_participants')
      .set({ last_read_message_id: target })
      .where('thread_id', '=', threadId)
      .where('user_id', '=', viewerId)
      .where((eb) => eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', target)]))
      .executeTakeFirst();
    const after = await trx
      .updateTable('messaging_participants as p')
      .set((eb) => ({ unread_count: unreadCountOf(eb) }))
      .where('p.thread_id', '=', threadId)
      .where('p.user_id', '=', viewerId)
      .returning(['unread_count', 'last_read_message_id'])
      .executeTakeFirstOrThrow();
    const total = await badgeQuery(trx, viewerId).executeTakeFirst();
    return {
      ...unchanged,
      moved: Number(moved.numUpdatedRows) > 0,
      mark: after.last_read_message_id === null ? null : String(after.last_read_message_id),
      unreadCount: Number(after.unread_count),
      unreadTotal: Number(total?.total ?? 0),
    };
  });
}

/**
 * Marks a thread read up to a message of it (default: its latest). The mark only moves
 * forward: a device that names an older message than the stored mark changes nothing. The
 * thread's unread count is recounted with the mark from the messages after it (bounded by
 * what is unread in one thread), so the badge never drifts, and the member's new total is
 * read in the same write. On the package's own connections that write is the SQL of
 * read-statements.ts: on Postgres one statement (one round trip) unless a concurrent write
 * to the member's row makes it run again in a transaction, on SQLite its statements back
 * to back with no await. A host's own SQLite Kysely takes the general path.
 */
export async function markRead(deps: ServiceDeps, viewerId: string, threadId: string, lastReadMessageId?: string): Promise<ReadResult> {
  const { ctx } = deps;
  if (lastReadMessageId !== undefined && !isMessageId(String(lastReadMessageId))) throw invalidMessageId();
  const messageId = lastReadMessageId === undefined ? null : String(lastReadMessageId);
  const thread = String(threadId);
  const { db, capabilities, sqliteSync } = ctx.database;
  let written: ReadWritten;
  if (capabilities.name === 'postgres') written = await postgresMarkRead(db, viewerId, thread, messageId);
  else if (sqliteSync) {
    // Kysely's connection held (its queries wait), the statements run on the same connection.
    written = await db.connection().execute(async () => sqliteMarkRead(openedSync(sqliteSync), viewerId, thread, messageId));
  } else written = await kyselyMarkRead(db, viewerId, thread, messageId);
  if (written.refused !== undefined) throw written.refused === 'not_found' ? new MessagingError('not_found') : invalidMessageId();

  const { unreadCount, unreadTotal } = written;
  // A muted thread is not in the total: its count changing changes no badge.
  if (unreadCount !== written.unreadBefore && !written.muted) await announceTotals(ctx, new Map([[viewerId, unreadTotal]]));
  if (written.moved) emitSafely(ctx, 'message.read', { threadId: thread, userId: viewerId, lastReadMessageId: written.mark, unreadTotal });
  return { unreadCount, unreadTotal };
}

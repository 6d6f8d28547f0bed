import { MessagingError } from '../../errors.js';
import { isMessageId } from '../conversations/ids.js';
import type { ServiceDeps } from '../conversations/service-deps.js';
import { announceUnread, emitSafely, getUnread } from './unread-notify.js';
import { unreadCountOf } from './unread-count.js';

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
 * Marks a thread read up to a message of it (default: its latest). The mark only moves
 * forward: a device that names an older message than the stored mark changes nothing. The
 * thread's unread count is recounted in the same transaction from the messages after the mark
 * (bounded by what is unread in one thread), so the badge never drifts.
 */
export async function markRead(deps: ServiceDeps, viewerId: string, threadId: string, lastReadMessageId?: string): Promise<ReadResult> {
  const { ctx } = deps;
  if (lastReadMessageId !== undefined && !isMessageId(String(lastReadMessageId))) throw invalidMessageId();
  const outcome = await ctx.database.db.transaction().execute(async (trx) => {
    // Takes the thread's lock, as sends do, so that the recount below sees every message
    // committed before it and no send slips between the mark and the count.
    const thread = await trx
      .updateTable('messaging_threads')
      .set((eb) => ({ last_message_id: eb.ref('last_message_id') }))
      .where('id', '=', String(threadId))
      .returning(['last_message_id'])
      .executeTakeFirst();
    const before = thread
      ? await trx
          .selectFrom('messaging_participants')
          .select(['unread_count', 'muted_at'])
          .where('thread_id', '=', String(threadId))
          .where('user_id', '=', viewerId)
          .where('left_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!thread || !before) throw new MessagingError('not_found');

    let target = thread.last_message_id === null ? null : String(thread.last_message_id);
    if (lastReadMessageId !== undefined) {
      const named = await trx
        .selectFrom('messaging_messages')
        .select('id')
        .where('id', '=', String(lastReadMessageId))
        .where('thread_id', '=', String(threadId))
        .executeTakeFirst();
      if (!named) throw invalidMessageId();
      target = String(named.id);
    }
    if (target === null) return { moved: false, unreadCount: Number(before.unread_count), before };

    const moved = await trx
      .updateTable('messaging_participants')
      .set({ last_read_message_id: target })
      .where('thread_id', '=', String(threadId))
      .where('user_id', '=', viewerId)
      .where((eb) => eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', target)]))
      .executeTakeFirst();
    const after = await trx
      .updateTable('messaging_participants as p')
      .set((eb) => ({
        unread_count: unreadCountOf(eb),
      }))
      .where('p.thread_id', '=', String(threadId))
      .where('p.user_id', '=', viewerId)
      .returning(['unread_count'])
      .executeTakeFirstOrThrow();
    return { moved: Number(moved.numUpdatedRows) > 0, unreadCount: Number(after.unread_count), before, target };
  });

  const countChanged = outcome.unreadCount !== Number(outcome.before.unread_count) && outcome.before.muted_at === null;
  const totals = countChanged ? await announceUnread(ctx, [viewerId]) : undefined;
  const unreadTotal = totals?.get(viewerId) ?? (await getUnread(ctx.database.db, viewerId)).unreadTotal;
  if (outcome.moved) {
    emitSafely(ctx, 'message.read', { threadId: String(threadId), userId: viewerId, lastReadMessageId: outcome.target ?? null, unreadTotal });
  }
  return { unreadCount: outcome.unreadCount, unreadTotal };
}

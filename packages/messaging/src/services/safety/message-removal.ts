import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { hasAttachmentTables, removeAttachments } from '../operations/attachment-removal.js';
import { lockThreads, refreshThreadCounters } from '../operations/counters.js';
import { announceUnread } from '../unread/unread-notify.js';

/** What a thread shows in place of a message a moderator removed. */
export const REMOVED_BY_MODERATOR = 'Message removed by a moderator';

/**
 * Removes a message as a moderator, in one transaction: the thread's lock first (as sends
 * do), the message marked deleted (`deleted_at`, `deleted_by`, `deleted_reason`; its row
 * stays so that the thread can show where it was), the thread's counters and every
 * participant's unread count recounted without it, its files removed (their bytes too: see
 * attachment-removal.ts), then `alsoInTransaction` (closing the reports). After the commit,
 * the participants whose badge changed are told.
 */
export async function removeMessage(
  ctx: MessagingContext,
  input: { messageId: string; moderatorId: string; now: string },
  alsoInTransaction: (trx: Kysely<MessagingDatabase>) => Promise<void> = async () => {},
): Promise<void> {
  const withFiles = await hasAttachmentTables(ctx.database.db);
  const changed = await ctx.database.db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom('messaging_messages').select(['thread_id']).where('id', '=', input.messageId).executeTakeFirst();
    if (!message) throw new MessagingError('not_found');
    await lockThreads(trx, [message.thread_id]);
    await trx
      .updateTable('messaging_messages')
      .set({ deleted_at: input.now, deleted_by: input.moderatorId, deleted_reason: 'moderator' })
      .where('id', '=', input.messageId)
      .where('deleted_at', 'is', null)
      .execute();
    if (withFiles) await removeAttachments(trx, { messageIds: [input.messageId] });
    const activeMembers = () =>
      trx.selectFrom('messaging_participants').select(['user_id', 'unread_count', 'muted_at']).where('thread_id', '=', message.thread_id).where('left_at', 'is', null).execute();
    const before = await activeMembers();
    await refreshThreadCounters(trx, [message.thread_id]);
    const after = await activeMembers();
    await alsoInTransaction(trx);
    const was = new Map(before.map((p) => [p.user_id, p]));
    return after
      .filter((p) => {
        const old = was.get(p.user_id);
        return old !== undefined && old.muted_at === null && Number(old.unread_count) !== Number(p.unread_count);
      })
      .map((p) => p.user_id);
  });
  await announceUnread(ctx, changed);
}

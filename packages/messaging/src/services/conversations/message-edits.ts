import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { hasAttachmentTables, removeAttachments } from '../operations/attachment-removal.js';
import { lockThreads } from '../operations/counters.js';
import { checkpointRemovedText, withSecureDelete } from '../operations/secure-delete.js';
import { announceUnread, emitSafely } from '../unread/unread-notify.js';
import { isMessageId } from './ids.js';
import { DELETED_BY_SENDER, messageFromRow } from './message-state.js';
import { checkBody } from './message-text.js';
import type { Message } from './types.js';

/**
 * A member's own messages: edit one within the edit window (`limits.editWindowMinutes`),
 * delete one at any time (`messaging.messageEdits`). Others' messages answer `not_found`, as
 * a message the member cannot see does (the HTTP contract), so nobody learns who wrote what.
 */
export interface MessageEditService {
  /**
   * The viewer's own message, as the edit and delete pages show it, with `editableUntil`
   * (ISO time, or null when the window is closed or the message is deleted or removed).
   * `not_found` for a message that is not theirs or that they cannot see.
   */
  ownMessage(viewerId: UserId, messageId: string): Promise<{ message: Message; editableUntil: string | null }>;
  /**
   * Replaces the text of the viewer's message, checked as a send is (`invalid_request`,
   * `payload_too_large`), and sets `editedAt`. `edit_window_closed` past the window;
   * `not_found` for someone else's message, a deleted or removed one, or one they cannot see.
   * Emits `message.edited` (ids only). Unread counts do not change.
   */
  edit(viewerId: UserId, messageId: string, body: string): Promise<Message>;
  /**
   * Deletes the viewer's message: its text is overwritten in the database (secure delete), its
   * files are removed with their bytes, and the thread shows "Message deleted" in its place; members who had not read it have one
   * unread message fewer. Deleting it again answers the same. `not_found` for someone else's
   * message, one a moderator removed, or one they cannot see. Emits `message.deleted` (ids only).
   */
  delete(viewerId: UserId, messageId: string): Promise<Message>;
}

const COLUMNS = ['m.id', 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at', 'm.edited_at', 'm.deleted_at', 'm.deleted_reason'] as const;

/** The viewer's own message in a thread they are still in, or `not_found` (for others' messages too). */
async function findOwn(db: Kysely<MessagingDatabase>, viewerId: string, messageId: string) {
  if (!isMessageId(String(messageId))) throw new MessagingError('not_found');
  const row = await db
    .selectFrom('messaging_messages as m')
    .innerJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 'm.thread_id').on('p.user_id', '=', viewerId))
    .select(COLUMNS)
    .where('m.id', '=', String(messageId))
    .where('p.left_at', 'is', null)
    .executeTakeFirst();
  // Erased messages (forget-user) are not anyone's any more.
  if (!row || row.sender_id !== viewerId || row.deleted_reason === 'erased') throw new MessagingError('not_found');
  return row;
}

/** Current participants other than the sender: who hears of the change live. */
async function othersIn(db: Kysely<MessagingDatabase>, threadId: string, senderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messaging_participants')
    .select('user_id')
    .where('thread_id', '=', threadId)
    .where('left_at', 'is', null)
    .where('user_id', '<>', senderId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Builds the service over the instance's context (its clock and `limits.editWindowMinutes`). */
export function createMessageEditService(ctx: MessagingContext): MessageEditService {
  const db = ctx.database.db;
  const windowMs = () => ctx.limits.editWindowMinutes * 60_000;
  const editableUntil = (row: { created_at: string; deleted_at: string | null }): string | null => {
    if (row.deleted_at !== null || windowMs() === 0) return null;
    const until = Date.parse(row.created_at) + windowMs();
    return until > ctx.clock().getTime() ? new Date(until).toISOString() : null;
  };

  return {
    async ownMessage(viewerId, messageId) {
      const row = await findOwn(db, String(viewerId), messageId);
      return { message: messageFromRow(row), editableUntil: editableUntil(row) };
    },

    async edit(viewerId, messageId, rawBody) {
      const viewer = String(viewerId);
      const body = checkBody(ctx, rawBody);
      const now = ctx.now();
      const edited = await db.transaction().execute(async (trx) => {
        const row = await findOwn(trx, viewer, messageId);
        if (row.deleted_at !== null) throw new MessagingError('not_found');
        if (editableUntil(row) === null) throw new MessagingError('edit_window_closed');
        // The old text must not stay readable in the file either (see secure-delete.ts).
        const updated = await withSecureDelete(trx, () =>
          trx.updateTable('messaging_messages').set({ body, edited_at: now }).where('id', '=', row.id).where('deleted_at', 'is', null).executeTakeFirst(),
        );
        // A moderator's removal that committed in between wins.
        if (Number(updated.numUpdatedRows) !== 1) throw new MessagingError('not_found');
        return messageFromRow({ ...row, body, edited_at: now });
      });
      const recipientIds = await othersIn(db, edited.threadId, viewer);
      emitSafely(ctx, 'message.edited', { threadId: edited.threadId, messageId: edited.id, senderId: viewer, recipientIds });
      return edited;
    },

    async delete(viewerId, messageId) {
      const viewer = String(viewerId);
      const now = ctx.now();
      const withFiles = await hasAttachmentTables(db);
      const result = await db.transaction().execute(async (trx) => {
        const row = await findOwn(trx, viewer, messageId);
        if (row.deleted_reason === DELETED_BY_SENDER) return { message: messageFromRow(row), changed: null };
        if (row.deleted_at !== null) throw new MessagingError('not_found');
        // The thread first, as sends do, so that no send or read interleaves with the counts.
        await lockThreads(trx, [row.thread_id]);
        const updated = await withSecureDelete(trx, () =>
          trx
            .updateTable('messaging_messages')
            .set({ body: '', deleted_at: now, deleted_by: viewer, deleted_reason: DELETED_BY_SENDER })
            .where('id', '=', row.id)
            .where('deleted_at', 'is', null)
            .executeTakeFirst(),
        );
        if (Number(updated.numUpdatedRows) !== 1) throw new MessagingError('not_found');
        if (withFiles) await removeAttachments(trx, { messageIds: [row.id] });
        const members = await trx
          .selectFrom('messaging_participants')
          .select(['user_id', 'unread_count', 'muted_at', 'last_read_message_id'])
          .where('thread_id', '=', row.thread_id)
          .where('left_at', 'is', null)
          .execute();
        // Undoes the send's +1, as a recount would (counters.ts), without counting the thread:
        // the other current members whose read mark is before it had it among their unread.
        const unread = members.filter((p) => p.user_id !== viewer && Number(p.unread_count) > 0 && BigInt(p.last_read_message_id ?? 0) < BigInt(row.id));
        if (unread.length > 0) {
          await trx
            .updateTable('messaging_participants')
            .set((eb) => ({ unread_count: eb('unread_count', '-', 1) }))
            .where('thread_id', '=', row.thread_id)
            .where(
              'user_id',
              'in',
              unread.map((p) => p.user_id),
            )
            .where('unread_count', '>', 0)
            .execute();
        }
        // The inbox preview: the latest message still standing, read backwards along (thread_id, id).
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
          }))
          .where('t.id', '=', row.thread_id)
          .where('t.last_message_id', '=', row.id)
          .execute();
        return {
          message: messageFromRow({ ...row, body: '', deleted_reason: DELETED_BY_SENDER }),
          changed: unread.filter((p) => p.muted_at === null).map((p) => p.user_id),
          others: members.map((p) => p.user_id),
        };
      });
      if (result.changed === null) return result.message;
      await checkpointRemovedText(db);
      await announceUnread(ctx, result.changed);
      const recipientIds = (result.others ?? []).filter((id) => id !== viewer);
      emitSafely(ctx, 'message.deleted', { threadId: result.message.threadId, messageId: result.message.id, senderId: viewer, recipientIds });
      return result.message;
    },
  };
}

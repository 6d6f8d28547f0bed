import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { messageFromRow } from '../conversations/message-state.js';
import type { Message } from '../conversations/types.js';
import { withAttachments } from '../attachments/message-files.js';

/**
 * What the live-update streams read back from the database after an id-only event, and on
 * reconnect. Message ids are global and ordered, so "after id N" is one index range.
 */

/** The largest message id in the database, or '0' when there is none. */
export async function latestMessageId(db: Kysely<MessagingDatabase>): Promise<string> {
  const row = await db
    .selectFrom('messaging_messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id === null || row?.id === undefined ? '0' : String(row.id);
}

/** Which messages {@link messagesForViewer} reads: some by id, or those after an id. */
export type MessageSelection = { ids: string[] } | { afterId: string; limit: number };

/**
 * Messages the viewer may see, oldest first: only in threads where they are a participant
 * and have not left, and not deleted. Ids the viewer may not see are silently left out.
 */
export async function messagesForViewer(db: Kysely<MessagingDatabase>, viewerId: string, selection: MessageSelection, options: { attachments?: boolean } = {}): Promise<Message[]> {
  if ('ids' in selection && selection.ids.length === 0) return [];
  let query = db
    .selectFrom('messaging_messages as m')
    .innerJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 'm.thread_id').on('p.user_id', '=', viewerId))
    .select(['m.id', 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at', 'm.edited_at'])
    .where('p.left_at', 'is', null)
    // A member added to a group later gets nothing from before they joined.
    .where((eb) => eb.or([eb('p.joined_after_message_id', 'is', null), eb('m.id', '>', eb.ref('p.joined_after_message_id'))]))
    .where('m.deleted_at', 'is', null)
    .orderBy('m.id', 'asc');
  if ('ids' in selection) {
    query = query.where('m.id', 'in', selection.ids.map(Number));
  } else {
    query = query.where('m.id', '>', Number(selection.afterId)).limit(selection.limit);
  }
  const rows = await query.execute();
  // A replayed message edited since it was sent says so (`editedAt`), as the thread page does.
  return withAttachments(db, options.attachments === true, rows.map(messageFromRow));
}

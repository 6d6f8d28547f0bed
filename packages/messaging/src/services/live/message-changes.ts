import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { DELETED_BY_SENDER, messageFromRow } from '../conversations/message-state.js';
import type { Message } from '../conversations/types.js';

/**
 * What a live stream reads back after a `message-change` event (an edit or a deletion): the
 * message as the thread shows it now (`editedAt`, or `deleted` with an empty body), when the
 * viewer is a current participant of its thread who joined before it; null otherwise.
 */
export async function changedMessageForViewer(db: Kysely<MessagingDatabase>, viewerId: string, messageId: string): Promise<Message | null> {
  const row = await db
    .selectFrom('messaging_messages as m')
    .innerJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 'm.thread_id').on('p.user_id', '=', viewerId))
    .select(['m.id', 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at', 'm.edited_at', 'm.deleted_at', 'm.deleted_reason'])
    .where('m.id', '=', Number(messageId))
    .where('p.left_at', 'is', null)
    // A member added to a group later hears nothing of what came before they joined (as live-reads.ts).
    .where((eb) => eb.or([eb('p.joined_after_message_id', 'is', null), eb('m.id', '>', eb.ref('p.joined_after_message_id'))]))
    .executeTakeFirst();
  if (!row) return null;
  if (row.deleted_at !== null && row.deleted_reason !== DELETED_BY_SENDER) return null;
  return messageFromRow(row);
}

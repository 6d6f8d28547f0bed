import { type ExpressionBuilder, sql } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';

type WithParticipant = MessagingDatabase & { p: MessagingDatabase['messaging_participants'] };

/**
 * What the participant row `p` has unread, counted afresh: messages of its thread from someone
 * else, not deleted, after its read mark. The one definition for a read mark that moves and for
 * the repair after bulk deletes.
 */
export function unreadCountOf(eb: ExpressionBuilder<WithParticipant, 'p'>) {
  return eb
    .selectFrom('messaging_messages as m')
    .select((sub) => sub.fn.countAll<number>().as('n'))
    .whereRef('m.thread_id', '=', 'p.thread_id')
    .whereRef('m.sender_id', '<>', 'p.user_id')
    .where('m.deleted_at', 'is', null)
    .where((w) => w('m.id', '>', w.fn.coalesce('p.last_read_message_id', sql<number>`0`)));
}
